package index

import "slices"

// Enrich derives what the sources do not say outright: the services and
// categories a question is about, whether the community disputes the
// suggested answer, and the question's type once merging has settled its
// choices and answer.
func Enrich(qs []Question, dict *Dictionary) {
	forEach(len(qs), func(i int) {
		q := &qs[i]
		q.Services, q.Categories = nil, nil
		if dict != nil {
			text := StripImages(q.Text) + "\n" + q.ChoiceText() + "\n" + StripImages(q.Explanation)
			for _, s := range dict.Find(text, q.Provider) {
				q.Services = append(q.Services, s.Name)
				if !slices.Contains(q.Categories, s.Category) {
					q.Categories = append(q.Categories, s.Category)
				}
			}
		}
		top := q.CommunityAnswer()
		q.Disputed = q.Answer != "" && top != "" && top != q.Answer
		q.Type = InferType(q.Text, q.Choices, q.Answer)
	})
}

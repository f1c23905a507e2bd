package index

import (
	"cmp"
	"hash/maphash"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// minKeyLen is the shortest text key that identifies a question: shorter
// ones ("HOTSPOT - Hot Area:" around an image) say nothing about it.
const minKeyLen = 40

// Merge folds duplicate records of one question within an exam into one
// (the same discussion page saved twice, or the same question in the
// markdown and the JSON dump) and links copies of one question in different
// exams through AlsoIn. It returns the questions in exam order and how many
// records were folded away. It may change qs: the caller drops it after.
func Merge(qs []Question) ([]Question, int) {
	var groups []*Question
	merged := 0
	examKeys := examKeyTable(qs)
	canonicalExams(qs, examKeys)
	allKeys := make([][]mergeKey, len(qs))
	seeds := newMergeSeeds()
	forEach(len(qs), func(i int) { allKeys[i] = mergeKeys(&qs[i], examKeys[qs[i].Exam], seeds) })
	n := 0
	for _, keys := range allKeys {
		n += len(keys)
	}
	byKey := make(map[mergeKey]*Question, n)
	for i, q := range qs {
		keys := allKeys[i]
		var g *Question
		for _, k := range keys {
			if g = byKey[k]; g != nil {
				break
			}
		}
		if g == nil {
			g = &qs[i] // the first record of a group takes in the others
			groups = append(groups, g)
		} else {
			*g = mergePair(*g, q)
			merged++
		}
		for _, k := range keys {
			if byKey[k] == nil {
				byKey[k] = g
			}
		}
	}
	out := inExamOrder(groups)
	assignIDs(out)
	linkCopies(out, seeds)
	return out, merged
}

// examKeyTable is the ExamKey of every exam name of qs, each worked out
// once.
func examKeyTable(qs []Question) map[string]string {
	keys := map[string]string{}
	for i := range qs {
		if _, ok := keys[qs[i].Exam]; !ok {
			keys[qs[i].Exam] = ExamKey(qs[i].Exam)
		}
	}
	return keys
}

// canonicalExams gives questions whose exam is known only by a slug (a
// markdown dump's folder or URLs: "AWS-CERTIFIED-...-SAA-C03") the name the
// JSON dump gives the same exam, with its provider.
func canonicalExams(qs []Question, examKeys map[string]string) {
	named := map[string]*Question{}
	for i := range qs {
		if qs[i].Source != "markdown" {
			named[examKeys[qs[i].Exam]] = &qs[i]
		}
	}
	for i := range qs {
		if qs[i].Source != "markdown" {
			continue
		}
		if n, ok := named[examKeys[qs[i].Exam]]; ok {
			qs[i].Exam, qs[i].ExamCode = n.Exam, n.ExamCode
			qs[i].Provider = cmp.Or(n.Provider, qs[i].Provider)
		}
	}
}

// ExamKey is an exam's identity for merging: "DP-100" from the JSON dump and
// "dp-100" from a folder name are the same exam.
func ExamKey(exam string) string {
	var b strings.Builder
	for _, t := range Tokens(exam) {
		b.WriteString(strings.ToLower(t))
		b.WriteByte('-')
	}
	return strings.TrimSuffix(b.String(), "-")
}

// mergeKeys are the identities under which q is a duplicate within its exam
// (whose ExamKey is examKey): its discussion id; its text and choices, when
// the text says it all; and
// its text, choices and first commenter, when part of the question is in
// images (two questions around different images share their words, but not
// their discussions).
func mergeKeys(q *Question, exam string, seeds mergeSeeds) []mergeKey {
	var keys []mergeKey
	if q.DiscussionID != "" {
		keys = append(keys, seeds.key(exam, 'd', q.DiscussionID))
	}
	text := TextKey(q.Text) + "\x00" + TextKey(choiceTexts(q.Choices))
	if len(text) >= minKeyLen && len(q.Images) == 0 {
		keys = append(keys, seeds.key(exam, 't', text))
	}
	if len(q.Comments) > 0 && q.Comments[0].Author != "" {
		keys = append(keys, seeds.key(exam, 'c', text, q.Comments[0].Author))
	}
	if len(keys) == 0 && q.Source == "markdown" {
		keys = append(keys, seeds.key(exam, 'n', strconv.Itoa(q.Number)))
	}
	return keys
}

// mergeKey is an identity of mergeKeys by two independent 64-bit hashes of
// it: the keys hold whole question texts, and a map of them spent most of
// Merge's one-core time hashing and copying them. Two different
// identities of the shared corpus's 200,000 share both hashes with a
// chance of about 10^-29.
type mergeKey struct{ a, b uint64 }

// mergeSeeds are the hashes' seeds, one pair for a Merge.
type mergeSeeds struct{ a, b maphash.Seed }

func newMergeSeeds() mergeSeeds { return mergeSeeds{maphash.MakeSeed(), maphash.MakeSeed()} }

// key is the identity of kind made of parts within the exam of key exam.
func (s mergeSeeds) key(exam string, kind byte, parts ...string) mergeKey {
	return mergeKey{hashKey(s.a, exam, kind, parts), hashKey(s.b, exam, kind, parts)}
}

// hashKey hashes exam, kind and parts, a NUL byte between the exam and
// the rest and before each part.
func hashKey(seed maphash.Seed, exam string, kind byte, parts []string) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(exam)
	h.WriteByte(0)
	h.WriteByte(kind)
	for _, p := range parts {
		h.WriteByte(0)
		h.WriteString(p)
	}
	return h.Sum64()
}

func choiceTexts(cs []Choice) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Text)
		b.WriteByte(' ')
	}
	return b.String()
}

// mergePair keeps the richer record and fills its gaps from the other. The
// record that knows the discussion page gives the identity (id, URL, topic,
// number, exam name) either way.
func mergePair(a, b Question) Question {
	base, other := a, b
	if b.Richness() > a.Richness() {
		base, other = b, a
	}
	if base.DiscussionID != "" && other.DiscussionID != "" && base.DiscussionID != other.DiscussionID {
		// The same question posted twice: two threads, keep both.
		base.Comments = append(slices.Clip(base.Comments), other.Comments...)
	}
	ident := base
	if ident.DiscussionID == "" && other.DiscussionID != "" {
		ident = other
	}
	base.DiscussionID, base.URL, base.Topic, base.Number = ident.DiscussionID, ident.URL, ident.Topic, ident.Number
	base.Exam, base.ExamCode, base.Provider = ident.Exam, ident.ExamCode, cmp.Or(ident.Provider, base.Provider)
	if base.Answer == "" {
		base.Answer = other.Answer
	}
	if len(base.Choices) == 0 {
		base.Choices = other.Choices
	}
	if len(base.Community) == 0 {
		base.Community = other.Community
	}
	if base.Explanation == "" {
		base.Explanation = other.Explanation
	}
	if len(base.AnswerImages) == 0 {
		base.AnswerImages = other.AnswerImages
	}
	if base.Created.IsZero() || (!other.Created.IsZero() && other.Created.Before(base.Created)) {
		base.Created = other.Created
	}
	for _, id := range append([]string{other.DiscussionID}, other.Duplicates...) {
		if id != "" && id != base.DiscussionID && !slices.Contains(base.Duplicates, id) {
			base.Duplicates = append(base.Duplicates, id)
		}
	}
	return base
}

// inExamOrder copies the questions into a new slice in the order the exam
// lists them: provider, exam, topic, number. It sorts pointers, not the
// (large) questions, with each topic's number and each exam's place among
// the exams found once, and copies each question once.
func inExamOrder(qs []*Question) []Question {
	type providerExam struct{ provider, exam string }
	ranks := map[providerExam]int{}
	for _, q := range qs {
		ranks[providerExam{q.Provider, q.Exam}] = 0
	}
	exams := slices.SortedFunc(maps.Keys(ranks), func(a, b providerExam) int {
		return cmp.Or(strings.Compare(a.provider, b.provider), strings.Compare(a.exam, b.exam))
	})
	for r, pe := range exams {
		ranks[pe] = r
	}
	examRank := make([]int, len(qs))
	topics := make([]int, len(qs))
	order := make([]int, len(qs))
	for i, q := range qs {
		examRank[i] = ranks[providerExam{q.Provider, q.Exam}]
		topics[i], order[i] = TopicNumber(q.Topic), i
	}
	slices.SortFunc(order, func(i, j int) int {
		a, b := qs[i], qs[j]
		return cmp.Or(
			cmp.Compare(examRank[i], examRank[j]), // provider, then exam
			cmp.Compare(topics[i], topics[j]),
			strings.Compare(a.Topic, b.Topic),
			cmp.Compare(a.Number, b.Number),
			strings.Compare(a.DiscussionID, b.DiscussionID),
			strings.Compare(a.SourcePath, b.SourcePath),
			cmp.Compare(i, j), // as a stable sort would, and faster
		)
	})
	sorted := make([]Question, len(qs))
	for k, i := range order {
		sorted[k] = *qs[i]
	}
	return sorted
}

// TopicNumber reads 4 from "Topic 4"; 0 when there is no number.
func TopicNumber(topic string) int {
	f := strings.Fields(topic)
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(f[len(f)-1])
	return n
}

// assignIDs gives each question its stable ID: the discussion id when known,
// else provider-exam-number; a clash gets the exam appended, then a counter.
func assignIDs(qs []Question) {
	used := make(map[string]bool, len(qs))
	for i := range qs {
		q := &qs[i]
		id := q.DiscussionID
		if id == "" {
			id = ExamKey(q.Provider + " " + q.Exam + " " + q.Topic + " q" + strconv.Itoa(q.Number))
		}
		if used[id] {
			id = id + "-" + ExamKey(q.Exam)
		}
		for n := 2; used[id]; n++ {
			id = strings.TrimSuffix(id, "-"+strconv.Itoa(n-1)) + "-" + strconv.Itoa(n)
		}
		used[id] = true
		q.ID = id
	}
}

// linkCopies records, for questions whose text appears in several exams,
// the IDs of the copies in the other exams.
func linkCopies(qs []Question, seeds mergeSeeds) {
	keys := make([]mergeKey, len(qs))
	long := make([]bool, len(qs))
	forEach(len(qs), func(i int) {
		text := TextKey(qs[i].Text)
		keys[i], long[i] = seeds.key("", 'l', text), len(text) >= minKeyLen
	})
	byText := make(map[mergeKey][]int, len(qs))
	for i, k := range keys {
		if long[i] {
			byText[k] = append(byText[k], i)
		}
	}
	for _, idx := range byText {
		if len(idx) < 2 {
			continue
		}
		for _, i := range idx {
			for _, j := range idx {
				if qs[i].Exam != qs[j].Exam {
					qs[i].AlsoIn = append(qs[i].AlsoIn, qs[j].ID)
				}
			}
		}
	}
}

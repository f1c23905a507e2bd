package index

import "strings"

// InferType decides a question's type from its banner, choices and answer.
func InferType(text string, choices []Choice, answer string) QuestionType {
	_, banner := TrimBanner(StripImages(text))
	switch banner {
	case "DRAG DROP":
		return TypeDragDrop
	case "HOTSPOT":
		return TypeHotspot
	}
	if len(choices) == 0 {
		return TypeImageOnly
	}
	if isYesNo(choices) {
		return TypeYesNo
	}
	if len(answer) > 1 {
		return TypeMultiple
	}
	return TypeSingle
}

func isYesNo(choices []Choice) bool {
	if len(choices) != 2 {
		return false
	}
	a := strings.ToLower(strings.TrimSpace(choices[0].Text))
	b := strings.ToLower(strings.TrimSpace(choices[1].Text))
	return (a == "yes" && b == "no") || (a == "no" && b == "yes")
}

// AnswerLetters keeps the capital letters A-Z of s in order, without
// repeats: "B, D" and "BD" both give "BD".
func AnswerLetters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' && !strings.ContainsRune(b.String(), r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

package index

import (
	"strings"
	"unicode"
)

// ExamCode reads an exam's code from its name: "DP-100" is its own code,
// "AWS Certified AI Practitioner AIF-C01" has code "AIF-C01", and
// "Professional Cloud Architect" has none.
func ExamCode(name string) string {
	fields := strings.Fields(name)
	if len(fields) == 1 && hasDigit(fields[0]) {
		return fields[0]
	}
	if len(fields) == 1 && len(fields[0]) <= 10 && strings.ToUpper(fields[0]) == fields[0] {
		return fields[0] // CISSP, PMP, KCNA
	}
	for i := len(fields) - 1; i >= 0; i-- {
		if f := fields[i]; hasDigit(f) && strings.ContainsAny(f, "-_.") && isCodeLike(f) {
			return f
		}
	}
	return ""
}

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

func isCodeLike(s string) bool {
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')) {
			return false
		}
	}
	return s[0] != '-' && s[len(s)-1] != '-'
}

// ParseAnswer reads a suggested answer as the dumps print it ("B", "BD",
// "A, C", "B -") and returns its letters, or "" for anything else
// ("See explanation below.").
func ParseAnswer(s string) string {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "-"))
	if s == "" || len(s) > 20 {
		return ""
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z') && r != ',' && r != ' ' {
			return ""
		}
	}
	return AnswerLetters(s)
}

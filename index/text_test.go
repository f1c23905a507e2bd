package index

import "testing"

func TestExamCode(t *testing.T) {
	for name, want := range map[string]string{
		"DP-100": "DP-100", "AWS Certified AI Practitioner AIF-C01": "AIF-C01", "Professional Cloud Architect": "",
		"312-50v12": "312-50v12", "NSE4_FGT-7.2": "NSE4_FGT-7.2", "CISSP": "CISSP", "2V0-21.19 PSE": "2V0-21.19",
		"Vault Associate 002": "", "COBIT 2019": "", "AWS Certified Developer Associate": "",
	} {
		if got := ExamCode(name); got != want {
			t.Errorf("ExamCode(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestParseAnswer(t *testing.T) {
	for in, want := range map[string]string{"B": "B", "BD": "BD", "A, C": "AC", "B -": "B", "Explanation": "", "See explanation below.": "", "С": "", "": ""} {
		if got := ParseAnswer(in); got != want {
			t.Errorf("ParseAnswer(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextKey(t *testing.T) {
	md := "DRAG DROP -\n\nYou  plan to use &amp; AKS.\n\n![Question Image](../images/q1.png)"
	js := "DRAG DROP -\nYou plan to use & AKS.\n//IMG//"
	if TextKey(md) != TextKey(js) {
		t.Errorf("%q != %q", TextKey(md), TextKey(js))
	}
}

func TestStripImages(t *testing.T) {
	for in, want := range map[string]string{
		"a ![x](y.png) b":  "a   b",
		"a ![broken b":     "a ![broken b",
		"![x](y) ![z](w)c": "   c",
	} {
		if got := StripImages(in); got != want {
			t.Errorf("StripImages(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitSelected(t *testing.T) {
	sel, rest := SplitSelected("Selected Answer: BD\nBecause.")
	if sel != "BD" || rest != "Because." {
		t.Errorf("got %q %q", sel, rest)
	}
	if sel, rest := SplitSelected("No vote here"); sel != "" || rest != "No vote here" {
		t.Errorf("got %q %q", sel, rest)
	}
}

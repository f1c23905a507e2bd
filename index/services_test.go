package index

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestDictionaryFind(t *testing.T) {
	d, err := DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, provider string
		want, not            []string
	}{
		{"seed question", "Deploy to Azure Container Instance or Azure Kubernetes Service? Field Programmable Gate Array. Azure Machine Learning service", "Microsoft",
			[]string{"Azure Kubernetes Service", "Azure Container Instances", "Azure Machine Learning", "Hardware acceleration"}, nil},
		{"acronym in its provider's exam", "Deploy to AKS with ACR images", "Microsoft", []string{"Azure Kubernetes Service", "Azure Container Registry"}, nil},
		{"acronym out of scope", "Configure ACI fabric policies", "Cisco", nil, []string{"Azure Container Instances"}},
		{"acronym must be in capitals", "the aks of it", "Microsoft", nil, []string{"Azure Kubernetes Service"}},
		{"common word is not a service", "use glue to stick it", "Amazon", nil, []string{"AWS Glue"}},
		{"capitalised single-word alias", "Run a Glue crawler", "Amazon", []string{"AWS Glue"}, nil},
		{"plural folded", "Two Azure Container Instances", "Google", []string{"Azure Container Instances"}, nil},
		{"protocols anywhere", "OSPF stub area and BGP", "Cisco", []string{"OSPF", "BGP"}, nil},
		{"longest match wins", "Azure Data Lake Storage Gen2 account", "Microsoft", []string{"Azure Data Lake Storage"}, []string{"Azure Storage Account"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range d.Find(tc.text, tc.provider) {
				got = append(got, s.Name)
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %q in %v", w, got)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("unexpected %q in %v", n, got)
				}
			}
		})
	}
}

func TestDictionaryCoverage(t *testing.T) {
	d, err := DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	names := map[string]bool{}
	for _, s := range d.Services() {
		count[s.Scope]++
		if names[s.Name] {
			t.Errorf("duplicate service %q", s.Name)
		}
		names[s.Name] = true
	}
	for _, scope := range []string{"azure", "aws", "gcp"} {
		if count[scope] < 60 {
			t.Errorf("%s has %d services, want at least 60", scope, count[scope])
		}
	}
}

func TestDictionaryForms(t *testing.T) {
	d, _ := DefaultDictionary()
	n, svcs := d.Forms([]string{"aks", "gpu"}, 0)
	if n != 1 || len(svcs) == 0 || svcs[0].Name != "Azure Kubernetes Service" {
		t.Errorf("aks: %d %v", n, svcs)
	}
	n, svcs = d.Forms([]string{"azure", "kubernetes", "service", "gpu"}, 0)
	if n != 3 || svcs[0].Name != "Azure Kubernetes Service" {
		t.Errorf("full name: %d %v", n, svcs)
	}
	if n, _ := d.Forms([]string{"inference"}, 0); n != 0 {
		t.Errorf("inference matched %d words", n)
	}
}

func TestParseDictionaryErrors(t *testing.T) {
	for _, in := range []string{"azure | compute", "azure | | name", "a|b|c|d|e"} {
		if _, err := ParseDictionary([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

func TestSynonyms(t *testing.T) {
	s, err := DefaultSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(s["photo"], "image") || !slices.Contains(s["image"], "photo") || slices.Contains(s["photo"], "photo") {
		t.Errorf("photo group: %v / %v", s["photo"], s["image"])
	}
	if _, err := ParseSynonyms([]byte("lonely\n")); err == nil {
		t.Error("a one-word group was accepted")
	}
}

// Tokens agrees with splitting at every rune that is neither a letter nor
// a digit.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Amazon S3 (Glacier) & EC2-instances", "Ünïcode İstanbul ΣΑΣ 42", "bad \xff bytes", "  lead and trail  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if got := Tokens(s); !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %q, want %q", s, got, want)
		}
	})
}

// Find folds a word only where a form may start; it finds what folding
// every word first (into the lookup's key too) finds, on every question text of the bundled sample
// and of crafted ones, and appendFoldASCII is Fold on ASCII words.
func TestFindFoldsAsFold(t *testing.T) {
	for _, w := range []string{"Instances", "instances", "class", "CLASS", "Bus", "gas", "AKS", "s3", "ss", "sss", "Ssss", "x", "İnstances", "naïves", "Ａｓ"} {
		got, ok := appendFoldASCII([]byte("prefix"), w)
		if want := "prefix" + Fold(w); ok && string(got) != want || !ok && string(got) != "prefix" {
			t.Errorf("appendFoldASCII(%q) = %q, %v; Fold gives %q", w, got, ok, Fold(w))
		}
	}
	d, err := DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"Azure Container INSTANCES and aks and AKS", "İstanbul Azure Kubernetes Service", "Amazon S3 Glacier, Amazon s3 glacier"}
	for _, s := range d.Services() {
		texts = append(texts, s.Name+" and "+strings.ToUpper(s.Name)+"s, "+strings.Join(s.Aliases, " "))
	}
	matched := 0
	for _, text := range texts {
		for _, provider := range []string{"Microsoft", "Amazon", "Google", "Cisco"} {
			got, want := d.Find(text, provider), findFoldingAll(d, text, provider)
			if !slices.EqualFunc(got, want, func(a, b Service) bool { return a.Name == b.Name }) {
				t.Fatalf("%q (%s): found %v, folding every word finds %v", text, provider, got, want)
			}
			matched += len(got)
		}
	}
	if matched < len(d.Services()) {
		t.Fatalf("only %d services found in %d texts", matched, len(texts))
	}
}

// findFoldingAll is Find as it was: every word folded first.
func findFoldingAll(d *Dictionary, text, provider string) []Service {
	toks := Tokens(text)
	folded := make([]string, len(toks))
	for i, t := range toks {
		folded[i] = Fold(t)
	}
	return d.find(toks, folded, provider, func(i int) []form { return d.byFirst[folded[i]] })
}

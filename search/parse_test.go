package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseSimple(t *testing.T) {
	isCode := func(s string) bool { return s == "az-104" || s == "200-301" }
	tests := []struct {
		in      string
		want    string // clauses as op:text, phrases in quotes
		filters string
	}{
		{`aks gpu inference`, `aks gpu inference`, ``},
		{`use? Note: AKS`, `use Note AKS`, ``},
		{`"exact phrase" -exclude +require`, `"exact phrase" -exclude +require`, ``},
		{`exam:AZ-104 storage`, `storage`, `exam=AZ-104`},
		{`service:"Azure Kubernetes Service" gpu`, `gpu`, `service=Azure Kubernetes Service`},
		{`colour:red`, `colour red`, ``},
		{`AZ-104 200-301 SAA-C03`, `#az-104 #200-301 "SAA C03"`, ``},
		{`multi-az post_build`, `"multi az" "post build"`, ``},
		{`"lone quote`, `lone quote`, ``},
		{`-gpu-based`, `-"gpu based"`, ``},
		{`(AKS) [ACI] * ~ ^`, `AKS ACI`, ``},
		{`a - + b`, `a b`, ``},
	}
	for _, tc := range tests {
		p := parseSimple(tc.in, isCode)
		var parts []string
		for _, c := range p.clauses {
			s := c.text
			if c.phrase {
				s = `"` + s + `"`
			}
			if c.code {
				s = "#" + s
			}
			s = map[op]string{opShould: "", opMust: "+", opNot: "-"}[c.op] + s
			parts = append(parts, s)
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("%q: clauses %s, want %s", tc.in, got, tc.want)
		}
		var fs []string
		for f, vals := range p.filters {
			for _, v := range vals {
				fs = append(fs, string(f)+"="+v)
			}
		}
		if got := strings.Join(fs, ","); got != tc.filters {
			t.Errorf("%q: filters %s, want %s", tc.in, got, tc.filters)
		}
	}
}

func FuzzParseSimple(f *testing.F) {
	for _, s := range []string{`aks gpu`, `"x`, `exam:"a b" -c +d`, `field:`, `-"`, `+`, `a:b:c`, "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p := parseSimple(q, func(string) bool { return true })
		if len(p.clauses) > MaxQueryTerms {
			t.Fatalf("%d clauses", len(p.clauses))
		}
		for _, c := range p.clauses {
			if c.text == "" || (utf8.ValidString(q) && !utf8.ValidString(c.text)) {
				t.Fatalf("bad clause %+v from %q", c, q)
			}
		}
	})
}

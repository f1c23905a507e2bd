package index

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Service is one product or technology of the dictionary.
type Service struct {
	Name     string   // canonical name, the facet value
	Category string   // the category facet value
	Scope    string   // azure, aws, gcp or any
	Aliases  []string // acronyms and other names
}

// Dictionary finds services in question text and names the forms a
// service goes by, for query expansion. It is built once and read-only.
type Dictionary struct {
	services []Service
	// byFirst maps the first folded token of every form to its forms,
	// longest first.
	byFirst map[string][]form
}

type form struct {
	service int
	tokens  []string // folded tokens
	raw     []string // tokens as written
	// exact: match the written case (acronyms); firstCase: match the case
	// of the first letter (single-word aliases that are also English words).
	exact, firstCase bool
	alias            bool
}

// scopes ties an exam's provider to the scope of aliases that apply to it.
var scopes = map[string]string{"microsoft": "azure", "amazon": "aws", "google": "gcp"}

// ParseDictionary reads the "scope | category | name | aliases" lines of a
// dictionary file.
func ParseDictionary(data []byte) (*Dictionary, error) {
	d := &Dictionary{byFirst: map[string][]form{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		parts := strings.Split(text, "|")
		if len(parts) < 3 || len(parts) > 4 {
			return nil, fmt.Errorf("dictionary line %d: want scope | category | name | aliases, got %q", line, text)
		}
		s := Service{Scope: strings.TrimSpace(parts[0]), Category: strings.TrimSpace(parts[1]), Name: strings.TrimSpace(parts[2])}
		if len(parts) == 4 {
			for _, a := range strings.Split(parts[3], ",") {
				if a = strings.TrimSpace(a); a != "" {
					s.Aliases = append(s.Aliases, a)
				}
			}
		}
		if s.Name == "" || s.Category == "" {
			return nil, fmt.Errorf("dictionary line %d: empty name or category", line)
		}
		d.add(s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read dictionary: %w", err)
	}
	for k := range d.byFirst {
		slices.SortStableFunc(d.byFirst[k], func(a, b form) int { return len(b.tokens) - len(a.tokens) })
	}
	return d, nil
}

func (d *Dictionary) add(s Service) {
	i := len(d.services)
	d.services = append(d.services, s)
	for j, name := range append([]string{s.Name}, s.Aliases...) {
		raw := Tokens(name)
		if len(raw) == 0 {
			continue
		}
		f := form{service: i, raw: raw, alias: j > 0, exact: isAcronym(name)}
		f.firstCase = f.alias && !f.exact && len(raw) == 1
		for _, t := range raw {
			f.tokens = append(f.tokens, Fold(t))
		}
		d.byFirst[f.tokens[0]] = append(d.byFirst[f.tokens[0]], f)
	}
}

// Services lists the dictionary's services.
func (d *Dictionary) Services() []Service { return d.services }

// Find returns the services named in text, each once, in order of first
// mention. Aliases count only when their scope fits the exam's provider.
func (d *Dictionary) Find(text, provider string) []Service {
	toks := Tokens(text)
	// Most words start no form: each is folded into key for the lookup
	// (without a string made), and into a string only when a form is tried.
	var key []byte
	return d.find(toks, make([]string, len(toks)), provider, func(i int) []form {
		var ascii bool
		if key, ascii = appendFoldASCII(key[:0], toks[i]); ascii {
			return d.byFirst[string(key)]
		}
		return d.byFirst[Fold(toks[i])]
	})
}

// find is Find over the words toks: forms(i) gives the forms that may
// start at word i, and folded holds the words folded, where known ("":
// not yet).
func (d *Dictionary) find(toks, folded []string, provider string, forms func(i int) []form) []Service {
	scope := scopes[strings.ToLower(provider)]
	var out []Service
	seen := map[int]bool{}
	for i := 0; i < len(toks); i++ {
		for _, f := range forms(i) {
			s := d.services[f.service]
			if f.alias && s.Scope != "any" && s.Scope != scope {
				continue
			}
			for k := i; k < min(len(toks), i+len(f.tokens)); k++ {
				if folded[k] == "" {
					folded[k] = Fold(toks[k])
				}
			}
			if !f.matches(toks[i:], folded[i:]) {
				continue
			}
			if !seen[f.service] {
				seen[f.service] = true
				out = append(out, s)
			}
			i += len(f.tokens) - 1
			break
		}
	}
	return out
}

func (f form) matches(toks, folded []string) bool {
	if len(toks) < len(f.tokens) {
		return false
	}
	for k := range f.tokens {
		switch {
		case f.exact && toks[k] != f.raw[k]:
			return false
		case folded[k] != f.tokens[k]:
			return false
		case f.firstCase && toks[k][0] != f.raw[k][0]:
			return false
		}
	}
	return true
}

// Forms returns, for a query's words, every service whose name or alias is
// spelled by words[i:i+n], as the length n matched and the services; n is 0
// when nothing starts at i. Case is ignored: people type acronyms in lower
// case.
func (d *Dictionary) Forms(words []string, i int) (int, []Service) {
	folded := make([]string, len(words)-i)
	for k, w := range words[i:] {
		folded[k] = Fold(w)
	}
	best := 0
	var out []Service
	for _, f := range d.byFirst[folded[0]] {
		if len(f.tokens) > len(folded) || len(f.tokens) < best || !slices.Equal(f.tokens, folded[:len(f.tokens)]) {
			continue
		}
		if len(f.tokens) > best {
			best, out = len(f.tokens), nil
		}
		if !slices.ContainsFunc(out, func(s Service) bool { return s.Name == d.services[f.service].Name }) {
			out = append(out, d.services[f.service])
		}
	}
	return best, out
}

// Tokens splits text into runs of letters and digits.
func Tokens(s string) []string {
	out := make([]string, 0, len(s)/6+1) // about a word in six bytes of prose: grown rarely
	start := -1                          // of the token being read
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		word := r < utf8.RuneSelf && asciiWord[r] != notWord ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Fold lowercases a token and drops a plural "s", so that "Instances" and
// "instance" compare equal.
func Fold(t string) string {
	t = strings.ToLower(t)
	if len(t) > 3 && strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss") {
		t = t[:len(t)-1]
	}
	return t
}

// appendFoldASCII appends Fold(t) to buf when t is ASCII (ok true); else
// it appends nothing.
func appendFoldASCII(buf []byte, t string) (_ []byte, ok bool) {
	start := len(buf)
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= utf8.RuneSelf {
			return buf[:start], false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	if n := len(buf) - start; n > 3 && buf[len(buf)-1] == 's' && buf[len(buf)-2] != 's' {
		buf = buf[:len(buf)-1]
	}
	return buf, true
}

func isAcronym(s string) bool {
	hasUpper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		hasUpper = hasUpper || unicode.IsUpper(r)
	}
	return hasUpper
}

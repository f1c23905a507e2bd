package search

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// op is how a clause takes part in the query.
type op int

const (
	opShould op = iota // ranks, and at least one should-clause must match
	opMust             // +word: required
	opNot              // -word: excluded
)

// clause is one word or quoted phrase of a simple query.
type clause struct {
	text   string // the word, the phrase's text, or an exam code
	phrase bool
	code   bool // an exam code such as az-104, matched as one token
	// compound is a hyphenated word (multi-az): a phrase the person did not
	// quote, so it may still name a service (sd-wan).
	compound bool
	op       op
}

// parsed is a simple query taken apart.
type parsed struct {
	clauses   []clause
	filters   map[Facet][]string // from field:value
	truncated bool               // more than MaxQueryTerms clauses were given
}

// fieldAliases are the field names a person may write as field:value.
var fieldAliases = map[string]Facet{
	"provider": FacetProvider, "vendor": FacetProvider,
	"exam": FacetExam, "topic": FacetTopic,
	"service": FacetService, "category": FacetCategory,
	"answer": FacetAnswer, "community": FacetCommunity,
	"type": FacetType, "disputed": FacetDisputed, "year": FacetYear,
}

// codeLike matches tokens that may be exam codes: AZ-104, SAA-C03, 200-301,
// 1z0-071, NSE4_FGT-7.2.
var codeLike = regexp.MustCompile(`^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+$`)

// parseSimple reads a query the forgiving way: whatever is pasted, nothing
// is an error. Supported on purpose: "exact phrase", -exclude, +require and
// field:value for known field names; every other character is just text
// (a ? is not a wildcard, "Note:" is not a field).
func parseSimple(q string, isCode func(string) bool) parsed {
	p := parsed{}
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		o := opShould
		if (r == '-' || r == '+') && i+1 < len(q) && !unicode.IsSpace(rune(q[i+1])) && (i == 0 || unicode.IsSpace(rune(q[i-1]))) {
			o = map[rune]op{'-': opNot, '+': opMust}[r]
			i++
		}
		if q[i] == '"' {
			if end := strings.IndexByte(q[i+1:], '"'); end >= 0 {
				if text := strings.TrimSpace(q[i+1 : i+1+end]); text != "" {
					p.clauses = append(p.clauses, clause{text: text, phrase: true, op: o})
				}
				i += end + 2
				continue
			}
			i++ // a lone quote is just a character
			continue
		}
		end := i
		for end < len(q) {
			r, size := utf8.DecodeRuneInString(q[end:])
			if unicode.IsSpace(r) {
				break
			}
			end += size
		}
		tok := q[i:end]
		i = end
		if name, value, ok := strings.Cut(tok, ":"); ok && o == opShould {
			if f, known := fieldAliases[strings.ToLower(name)]; known {
				if strings.HasPrefix(value, `"`) { // field:"two words"
					if close := strings.IndexByte(q[i-len(value)+1:], '"'); close >= 0 {
						start := i - len(value) + 1
						value, i = q[start:start+close], start+close+1
					}
				}
				if value = strings.Trim(value, `"`); value != "" {
					if p.filters == nil {
						p.filters = map[Facet][]string{}
					}
					p.filters[f] = append(p.filters[f], value)
					continue
				}
			}
		}
		p.addToken(tok, o, isCode)
	}
	if len(p.clauses) > MaxQueryTerms {
		p.clauses, p.truncated = p.clauses[:MaxQueryTerms], true
	}
	return p
}

// addToken splits a raw token into words, keeping exam codes whole.
func (p *parsed) addToken(tok string, o op, isCode func(string) bool) {
	trimmed := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if codeLike.MatchString(trimmed) && isCode != nil && isCode(strings.ToLower(trimmed)) {
		p.clauses = append(p.clauses, clause{text: strings.ToLower(trimmed), code: true, op: o})
		return
	}
	words := strings.FieldsFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > 1 && (o != opShould || strings.ContainsAny(trimmed, "-_")) {
		// multi-az, byte-to-byte, ora-30036, post_build: one compound,
		// searched as a phrase; and -gpu-based excludes the phrase, not
		// each word alone.
		p.clauses = append(p.clauses, clause{text: strings.Join(words, " "), phrase: true, compound: true, op: o})
		return
	}
	for _, w := range words {
		p.clauses = append(p.clauses, clause{text: w, op: o})
	}
}

// Package eval measures search quality on judged queries: MRR@10,
// Recall@10 and nDCG@10, overall and per kind of query.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/search"
)

// K is the depth the metrics look at.
const K = 10

// Judged is one judged query (the format of relevance/dev.jsonl).
type Judged struct {
	ID       string            `json:"id"`
	Query    string            `json:"q"`
	Kind     string            `json:"kind"`
	Filters  map[string]string `json:"filters"`
	Relevant []Relevant        `json:"relevant"`
}

// Relevant names one copy of a relevant question.
type Relevant struct {
	View  string `json:"view"`
	Text  string `json:"text"`
	Group int    `json:"group"`
	MD    string `json:"md"`
}

// Searcher is what eval needs of the engine.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	Question(ctx context.Context, id string) (*index.Question, error)
}

// Load reads a JSON-lines file of judged queries.
func Load(p string) ([]Judged, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", p, err)
	}
	defer f.Close()
	var out []Judged
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var j Judged
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", p, line, err)
		}
		out = append(out, j)
	}
	return out, sc.Err()
}

// Score is the metrics of one query or the mean of several.
type Score struct {
	N      int     `json:"n"`
	MRR    float64 `json:"mrr"`
	Recall float64 `json:"recall"`
	NDCG   float64 `json:"ndcg"`
}

// Outcome is one query's result.
type Outcome struct {
	Judged
	Score
	FirstRank int      `json:"first_rank"` // 0: not in the top K
	Top       []string `json:"top"`        // IDs of the top hits
}

// Report is the whole evaluation.
type Report struct {
	Overall  Score            `json:"overall"`
	ByKind   map[string]Score `json:"by_kind"`
	Outcomes []Outcome        `json:"outcomes"`
}

// Run searches every judged query and scores the top K.
func Run(ctx context.Context, s Searcher, judged []Judged) (*Report, error) {
	rep := &Report{ByKind: map[string]Score{}}
	for _, j := range judged {
		o, err := runOne(ctx, s, j)
		if err != nil {
			return nil, fmt.Errorf("query %s %q: %w", j.ID, j.Query, err)
		}
		rep.Outcomes = append(rep.Outcomes, o)
		rep.Overall = rep.Overall.add(o.Score)
		rep.ByKind[j.Kind] = rep.ByKind[j.Kind].add(o.Score)
	}
	rep.Overall = rep.Overall.mean()
	for k, v := range rep.ByKind {
		rep.ByKind[k] = v.mean()
	}
	return rep, nil
}

func runOne(ctx context.Context, s Searcher, j Judged) (Outcome, error) {
	req := search.Request{Query: j.Query, Size: K, NoFacets: true, NoHighlight: true}
	for k, v := range j.Filters {
		f, ok := search.ParseFacet(k)
		if !ok {
			return Outcome{}, fmt.Errorf("unknown filter %q", k)
		}
		req.AddFilter(f, v)
	}
	res, err := s.Search(ctx, req)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Judged: j}
	groups := map[int]bool{}
	for _, r := range j.Relevant {
		groups[r.Group] = true
	}
	found := map[int]bool{}
	dcg := 0.0
	for rank, h := range res.Hits {
		o.Top = append(o.Top, h.ID)
		q, err := s.Question(ctx, h.ID)
		if err != nil {
			return o, err
		}
		for _, r := range j.Relevant {
			if !matches(q, r) {
				continue
			}
			if o.FirstRank == 0 {
				o.FirstRank = rank + 1
			}
			if !found[r.Group] {
				found[r.Group] = true
				dcg += 1 / math.Log2(float64(rank+2))
			}
		}
	}
	if o.FirstRank > 0 {
		o.MRR = 1 / float64(o.FirstRank)
	}
	o.Recall = float64(len(found)) / float64(max(1, len(groups)))
	ideal := 0.0
	for i := range min(len(groups), K) {
		ideal += 1 / math.Log2(float64(i+2))
	}
	if ideal > 0 {
		o.NDCG = dcg / ideal
	}
	o.N = 1
	return o, nil
}

// matches applies the judged file's rule: same discussion id, or question
// text starting with the judged text (both normalised), or the named
// markdown file.
func matches(q *index.Question, r Relevant) bool {
	if r.View != "" && (q.DiscussionID == r.View || slices.Contains(q.Duplicates, r.View)) {
		return true
	}
	if r.MD != "" && strings.TrimSuffix(path.Base(q.SourcePath), ".md") == r.MD {
		return true
	}
	return r.Text != "" && strings.HasPrefix(normalise(q.Text), normalise(r.Text))
}

// normalise lowercases, drops HTML tags, a leading banner, images and
// punctuation, and collapses spaces.
func normalise(s string) string {
	s = index.StripImages(s)
	var b strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>' && inTag:
			inTag = false
		case inTag:
		default:
			b.WriteRune(r)
		}
	}
	s, _ = index.TrimBanner(b.String())
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		return -1
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func (s Score) add(o Score) Score {
	return Score{N: s.N + o.N, MRR: s.MRR + o.MRR, Recall: s.Recall + o.Recall, NDCG: s.NDCG + o.NDCG}
}

func (s Score) mean() Score {
	if s.N == 0 {
		return s
	}
	n := float64(s.N)
	return Score{N: s.N, MRR: s.MRR / n, Recall: s.Recall / n, NDCG: s.NDCG / n}
}

// Print writes the table of metrics, then the queries that missed.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%-12s %4s %8s %10s %8s\n", "kind", "n", "MRR@10", "Recall@10", "nDCG@10")
	kinds := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		s := r.ByKind[k]
		fmt.Fprintf(w, "%-12s %4d %8.3f %10.3f %8.3f\n", k, s.N, s.MRR, s.Recall, s.NDCG)
	}
	s := r.Overall
	fmt.Fprintf(w, "%-12s %4d %8.3f %10.3f %8.3f\n", "overall", s.N, s.MRR, s.Recall, s.NDCG)
	for _, o := range r.Outcomes {
		if o.FirstRank != 1 {
			fmt.Fprintf(w, "  %s %-10s rank %2d  %q\n", o.ID, o.Kind, o.FirstRank, o.Query)
		}
	}
}

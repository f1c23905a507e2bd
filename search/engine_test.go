package search_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
	"github.com/examsearch/examsearch/search"
)

var (
	engineOnce sync.Once
	testEngine *search.Engine
	testIndex  *index.Index
)

// engine is the sample corpus plus the hostile fixtures, built once.
func engine(t *testing.T) *search.Engine {
	t.Helper()
	engineOnce.Do(func() {
		ix := indextest.Build(&onceTB{T: t}, "testdata/hostile")
		dict, err := index.DefaultDictionary()
		if err != nil {
			t.Fatal(err)
		}
		testIndex = ix
		testEngine, err = search.New(ix, dict, search.Options{})
		if err != nil {
			t.Fatal(err)
		}
	})
	if testEngine == nil {
		t.Fatal("engine could not be built")
	}
	return testEngine
}

// onceTB keeps the index alive for the whole package: its cleanups never run.
type onceTB struct{ *testing.T }

func (o *onceTB) Cleanup(func()) {}
func (o *onceTB) TempDir() string {
	d, err := os.MkdirTemp(sharedDir, "index-")
	if err != nil {
		o.T.Fatal(err)
	}
	return d
}

func find(t *testing.T, req search.Request) *search.Result {
	t.Helper()
	res, err := engine(t).Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return res
}

func ids(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

const gpuQuestion = "9100010" // the GPU inference question, merged from both formats

func TestRanking(t *testing.T) {
	tests := []struct {
		name, q string
		top     string // ID expected first
		in      string // ID expected in the top 10
	}{
		{"seed query", "aks gpu inference", gpuQuestion, ""},
		{"full name finds the acronym", "azure kubernetes service rbac namespaces", "9100003", ""},
		{"acronym finds the full name", "aks fpga", gpuQuestion, ""},
		{"typo", "kubernets namespaces", "9100003", ""},
		{"stemming", "deploying inferencing", "", gpuQuestion},
		{"scale to zero", "scale to zero containers", "9100022", ""},
		{"exam code ranks its exam first", "200-301 stub", "9100029", ""},
		{"protocol", "ospf stub area", "9100029", ""},
		{"s3 lifecycle", "s3 lifecycle glacier", "9100014", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := find(t, search.Request{Query: tc.q})
			got := ids(res)
			if tc.top != "" && (len(got) == 0 || got[0] != tc.top) {
				t.Errorf("%q: top %v, want %s first", tc.q, got, tc.top)
			}
			if tc.in != "" && !slices.Contains(got, tc.in) {
				t.Errorf("%q: %v lacks %s", tc.q, got, tc.in)
			}
		})
	}
}

func TestForgivingQueries(t *testing.T) {
	for _, q := range []string{
		`You must deploy the model to a context that allows for real-time GPU-based inferencing. Which compute type should you use?`,
		`"`, `use?`, `Note: AKS`, `(AKS) [ACI] {x} * ~ ^ \ / : ! && || `, `field:`, `-`, `+`, `""`, `"unterminated phrase`,
		`<script>alert(1)</script>`, strings.Repeat("word ", 100), `exam:"DP-100" gpu`, `é ü 中文 🚀`,
	} {
		if _, err := engine(t).Search(context.Background(), search.Request{Query: q}); err != nil {
			t.Errorf("query %q: %v", q, err)
		}
	}
	// A pasted question finds itself.
	res := find(t, search.Request{Query: "You must deploy the model to a context that allows for real-time GPU-based inferencing. Which compute type should you use?"})
	if len(res.Hits) == 0 || res.Hits[0].ID != gpuQuestion {
		t.Errorf("pasted question: %v", ids(res))
	}
	// "use?" is a word, not a wildcard; "Note: AKS" is not a field query.
	if res := find(t, search.Request{Query: "Note: AKS"}); res.Total == 0 {
		t.Errorf("Note: AKS found nothing")
	}
	res = find(t, search.Request{Query: "100 words"})
	if slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "terms") }) {
		t.Errorf("notes on a short query: %v", res.Notes)
	}
	if res := find(t, search.Request{Query: strings.Repeat("word ", 100)}); len(res.Notes) == 0 {
		t.Errorf("a query over the term limit was not noted")
	}
}

func TestOperators(t *testing.T) {
	all := find(t, search.Request{Query: "storage"})
	without := find(t, search.Request{Query: "storage -glacier"})
	if without.Total >= all.Total || without.Total == 0 {
		t.Errorf("storage %d, storage -glacier %d", all.Total, without.Total)
	}
	for _, h := range without.Hits {
		if h.ID == "9100014" {
			t.Errorf("excluded question returned")
		}
	}
	req := find(t, search.Request{Query: "+fargate containers"})
	for _, h := range req.Hits {
		if !strings.Contains(strings.ToLower(h.Question+h.Choices[0].Text), "fargate") && h.ID != "9100016" {
			t.Errorf("+fargate returned %s", h.ID)
		}
	}
	phrase := find(t, search.Request{Query: `"read replicas"`})
	if len(phrase.Hits) == 0 || phrase.Hits[0].ID != "9100018" {
		t.Errorf("phrase: %v", ids(phrase))
	}
	field := find(t, search.Request{Query: "exam:AZ-104 storage"})
	for _, h := range field.Hits {
		if h.Exam != "AZ-104" {
			t.Errorf("exam:AZ-104 returned %s", h.Exam)
		}
	}
	if field.Total == 0 {
		t.Error("exam:AZ-104 storage found nothing")
	}
}

// TestWordsTogether: a question whose text holds two words typed together
// next to each other scores (1 + Proximity) times what it would without
// the pair bonus; one that holds them apart scores the same.
func TestWordsTogether(t *testing.T) {
	engine(t)
	w := search.DefaultWeights
	w.Proximity = 0
	plain, err := search.New(testIndex, nil, search.Options{Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	paired, err := search.New(testIndex, nil, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	scores := func(e *search.Engine) map[string]float64 {
		res, err := e.Search(context.Background(), search.Request{Query: "read traffic", Size: search.MaxPageSize, NoFacets: true})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	before, after := scores(plain), scores(paired)
	together := 0
	for id, s := range after {
		switch ratio := s / before[id]; {
		case math.Abs(ratio-(1+search.DefaultWeights.Proximity)) < 1e-9:
			together++
		case math.Abs(ratio-1) > 1e-9:
			t.Errorf("%s: score %g without the bonus, %g with", id, before[id], s)
		}
	}
	if together != 1 {
		t.Errorf("%d questions got the bonus; one question's text says \"read traffic\" (%v / %v)", together, before, after)
	}
}

// TestTypoInSuffix: "tierng" stems to itself, two edits from "tier" (the
// stem of "tiering"), so fuzzy matching on stems misses it; the typo is
// corrected before stemming instead.
func TestTypoInSuffix(t *testing.T) {
	res := find(t, search.Request{Query: "tierng"})
	if res.Total == 0 {
		t.Fatal("tierng found nothing")
	}
	marked := false
	for _, h := range res.Hits {
		if h.Highlights != nil && strings.Contains(strings.Join(h.Highlights.Choices, " "), "<mark>Tiering</mark>") {
			marked = true
		}
	}
	if !marked {
		t.Errorf("no hit marks Tiering for tierng: %v", ids(res))
	}
}

// TestAllWordsFirst: a question must have every word while enough do;
// when too few do, the query is relaxed to most of the words, and says so.
func TestAllWordsFirst(t *testing.T) {
	engine(t)
	strict, err := search.New(testIndex, nil, search.Options{RelaxBelow: 1})
	if err != nil {
		t.Fatal(err)
	}
	run := func(q string) *search.Result {
		t.Helper()
		res, err := strict.Search(context.Background(), search.Request{Query: q, Size: search.MaxPageSize})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return res
	}
	storage, glacier := run("storage"), run("glacier")
	both := run("storage glacier")
	if both.Total == 0 || both.Total >= glacier.Total && both.Total >= storage.Total {
		t.Fatalf("storage %d, glacier %d, both %d: not narrowed", storage.Total, glacier.Total, both.Total)
	}
	for _, id := range ids(both) {
		if !slices.Contains(ids(storage), id) || !slices.Contains(ids(glacier), id) {
			t.Errorf("%s lacks a word of \"storage glacier\"", id)
		}
	}
	if len(both.Notes) != 0 {
		t.Errorf("notes without relaxing: %v", both.Notes)
	}
	none := run("glacier fargate")
	if none.Total < glacier.Total || len(none.Notes) == 0 {
		t.Errorf("no question has both: relaxed total %d (glacier alone %d), notes %v", none.Total, glacier.Total, none.Notes)
	}
}

// TestFacetCounts checks disjunctive counts against counts made
// independently from the store.
func TestFacetCounts(t *testing.T) {
	eng := engine(t)
	req := search.Request{Size: 100, FacetSize: 100}
	req.AddFilter(search.FacetExam, "AZ-104")
	req.AddFilter(search.FacetExam, "SAA-C03") // by code
	req.AddFilter(search.FacetDisputed, "yes")
	res := find(t, req)
	// Independent count: walk every question in the store.
	all := find(t, search.Request{Size: 100})
	byExam := map[string]int{} // disputed questions per exam (exam facet ignores its own filter)
	byDisp := map[string]int{} // questions of the two exams per disputed value
	selected := 0
	for _, h := range all.Hits {
		q, err := eng.Question(context.Background(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		inExams := q.Exam == "AZ-104" || strings.HasSuffix(q.Exam, "SAA-C03")
		if q.Disputed {
			byExam[q.Exam]++
		}
		if inExams {
			byDisp[index.YesNo(q.Disputed)]++
		}
		if inExams && q.Disputed {
			selected++
		}
	}
	if int(res.Total) != selected || selected == 0 {
		t.Fatalf("total %d, independently %d", res.Total, selected)
	}
	for _, f := range res.Facets {
		switch f.Name {
		case search.FacetExam:
			if len(f.Values) < 3 {
				t.Errorf("exam facet hides the other exams: %+v", f.Values)
			}
			for _, v := range f.Values {
				if v.Count != byExam[v.Value] {
					t.Errorf("exam %s: %d, independently %d", v.Value, v.Count, byExam[v.Value])
				}
				if v.Selected != (v.Value == "AZ-104" || strings.HasSuffix(v.Value, "SAA-C03")) {
					t.Errorf("exam %s selected=%v", v.Value, v.Selected)
				}
			}
		case search.FacetDisputed:
			for _, v := range f.Values {
				if v.Count != byDisp[v.Value] {
					t.Errorf("disputed %s: %d, independently %d", v.Value, v.Count, byDisp[v.Value])
				}
			}
		case search.FacetProvider:
			n := 0
			for _, v := range f.Values {
				n += v.Count
			}
			if n != selected {
				t.Errorf("provider counts add to %d, want %d", n, selected)
			}
		}
	}
}

func TestHighlight(t *testing.T) {
	res := find(t, search.Request{Query: "zanzibar"})
	if len(res.Hits) != 1 || res.Hits[0].Highlights == nil {
		t.Fatalf("hits %v", ids(res))
	}
	h := res.Hits[0].Highlights
	if len(h.Question) != 1 || !strings.Contains(h.Question[0], "<mark>zanzibar</mark>") {
		t.Errorf("question fragment %v", h.Question)
	}
	if len(h.Comments) != 1 {
		t.Fatalf("comments %+v", h.Comments)
	}
	c := h.Comments[0]
	if c.Author != "<b>eve</b>" || c.Upvotes != 3 {
		t.Errorf("comment match %+v", c)
	}
	frag := strings.ReplaceAll(strings.ReplaceAll(c.Fragment, "<mark>", ""), "</mark>", "")
	if strings.ContainsAny(frag, "<>") || !strings.Contains(frag, "&lt;script&gt;") {
		t.Errorf("fragment not escaped: %s", c.Fragment)
	}
	// Stemmed and typo matches are marked too.
	res = find(t, search.Request{Query: "deploying kubernets"})
	found := false
	for _, hit := range res.Hits {
		if hit.Highlights != nil && strings.Contains(strings.Join(hit.Highlights.Question, ""), "<mark>Kubernetes</mark>") {
			found = true
		}
	}
	if !found {
		t.Errorf("typo not highlighted")
	}
}

// TestBrowsePages: browsing reads pages off the exam order kept in memory,
// a cursor goes through Bleve's sort; both must give the same questions,
// filtered or not, and the facet counts must match those of a search
// that matches everything.
func TestBrowsePages(t *testing.T) {
	for _, filters := range []map[search.Facet][]string{nil, {search.FacetProvider: {"Amazon", "Microsoft"}}, {search.FacetExam: {"AZ-104"}, search.FacetAnswer: {"A", "B"}}} {
		all := find(t, search.Request{Filters: filters, Size: 100})
		var paged, cursored []string
		cursor := ""
		for page := 1; page <= 30; page++ {
			res := find(t, search.Request{Filters: filters, Size: 3, Page: page})
			if res.Total != all.Total {
				t.Errorf("%v page %d: total %d, want %d", filters, page, res.Total, all.Total)
			}
			paged = append(paged, ids(res)...)
			if page == 1 || cursor != "" {
				req := search.Request{Filters: filters, Size: 3, Cursor: cursor}
				if page == 1 {
					req.Cursor = ""
				}
				c := find(t, req)
				cursored = append(cursored, ids(c)...)
				cursor = c.NextCursor
			}
			if len(res.Hits) < 3 {
				break
			}
		}
		if strings.Join(paged, ",") != strings.Join(ids(all), ",") || strings.Join(cursored, ",") != strings.Join(ids(all), ",") {
			t.Errorf("%v:\npages   %v\ncursor  %v\nwant    %v", filters, paged, cursored, ids(all))
		}
	}
	// The counts of every question, precomputed, are those over a query
	// that matches every question through Bleve.
	browse := find(t, search.Request{})
	everything := find(t, search.Request{Query: "*", Mode: search.ModeAdvanced})
	if everything.Total != browse.Total {
		t.Fatalf("advanced * matched %d of %d", everything.Total, browse.Total)
	}
	for i, f := range browse.Facets {
		if fmt.Sprint(f) != fmt.Sprint(everything.Facets[i]) {
			t.Errorf("facet %s: %v, through Bleve %v", f.Name, f, everything.Facets[i])
		}
	}
}

func TestBrowseAndSort(t *testing.T) {
	res := find(t, search.Request{Size: 100})
	if res.Sort != search.SortExam || int(res.Total) != testIndex.Meta.Questions || len(res.Hits) != int(res.Total) {
		t.Fatalf("browse: sort %s total %d hits %d", res.Sort, res.Total, len(res.Hits))
	}
	for i := 1; i < len(res.Hits); i++ {
		a, b := res.Hits[i-1], res.Hits[i]
		if a.Provider > b.Provider || a.Provider == b.Provider && a.Exam > b.Exam {
			t.Errorf("not in exam order: %s/%s before %s/%s", a.Provider, a.Exam, b.Provider, b.Exam)
		}
	}
	for _, s := range search.Sorts {
		if _, err := engine(t).Search(context.Background(), search.Request{Query: "storage", Sort: s}); err != nil {
			t.Errorf("sort %s: %v", s, err)
		}
	}
	up := find(t, search.Request{Sort: search.SortUpvoted, Size: 3})
	if len(up.Hits) < 2 {
		t.Fatal("no hits")
	}
}

func TestPagingAndCursor(t *testing.T) {
	all := ids(find(t, search.Request{Query: "storage", Size: 100}))
	if len(all) < 6 {
		t.Fatalf("only %d hits", len(all))
	}
	var paged []string
	req := search.Request{Query: "storage", Size: 2}
	for i := 0; i < 50; i++ {
		res := find(t, req)
		paged = append(paged, ids(res)...)
		if res.NextCursor == "" {
			break
		}
		req.Cursor = res.NextCursor
	}
	if strings.Join(paged, ",") != strings.Join(all, ",") {
		t.Errorf("cursor pages %v\nwant %v", paged, all)
	}
	p2 := ids(find(t, search.Request{Query: "storage", Size: 2, Page: 2}))
	if strings.Join(p2, ",") != strings.Join(all[2:4], ",") {
		t.Errorf("page 2 %v, want %v", p2, all[2:4])
	}
}

func TestLimitsAndErrors(t *testing.T) {
	eng := engine(t)
	for _, tc := range []struct {
		req   search.Request
		param string
	}{
		{search.Request{Size: 101}, "size"},
		{search.Request{Query: strings.Repeat("x", search.MaxQueryLength+1)}, "q"},
		{search.Request{Page: 200, Size: 10}, "page"},
		{search.Request{Sort: "sideways"}, "sort"},
		{search.Request{Mode: "regex"}, "mode"},
		{search.Request{Cursor: "garbage"}, "cursor"},
		{search.Request{Query: `title:"unclosed`, Mode: search.ModeAdvanced}, "q"},
		{search.Request{Filters: map[search.Facet][]string{"colour": {"red"}}}, "colour"},
	} {
		_, err := eng.Search(context.Background(), tc.req)
		var se *search.Error
		if !errors.As(err, &se) || se.Param != tc.param || !errors.Is(err, search.ErrInvalid) {
			t.Errorf("%+v: got %v, want an error about %s", tc.req, err, tc.param)
		}
	}
	_, err := eng.Search(context.Background(), search.Request{Query: `gpu title:"unclosed`, Mode: search.ModeAdvanced})
	var se *search.Error
	if !errors.As(err, &se) || se.Position != 4 {
		t.Errorf("advanced syntax error without position: %v", err)
	}
	if _, err := eng.Search(context.Background(), search.Request{Query: `question:kubernetes +exam:AZ-104`, Mode: search.ModeAdvanced}); err != nil {
		t.Errorf("valid advanced query: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := eng.Search(ctx, search.Request{Query: "storage"}); err == nil {
		t.Errorf("cancelled context: no error")
	}
	if _, err := eng.Question(context.Background(), "nope"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("missing question: %v", err)
	}
}

func TestFacetValues(t *testing.T) {
	vals, err := engine(t).FacetValues(context.Background(), search.FacetExam, "saa", 10)
	if err != nil || len(vals) != 1 || !strings.HasSuffix(vals[0].Value, "SAA-C03") {
		t.Errorf("prefix saa: %v %v", vals, err)
	}
	vals, _ = engine(t).FacetValues(context.Background(), search.FacetProvider, "", 0)
	if len(vals) < 4 {
		t.Errorf("providers %v", vals)
	}
}

func TestSynonymsFindParaphrases(t *testing.T) {
	// No sample question says "photo"; the GPU question is about image
	// recognition.
	res := find(t, search.Request{Query: "photo recognition model"})
	if len(res.Hits) == 0 || res.Hits[0].ID != gpuQuestion {
		t.Errorf("photo -> image: %v", ids(res))
	}
}

// TestFacetCountsOverText checks every facet's counts for a text query
// against counts made from the hits themselves.
func TestFacetCountsOverText(t *testing.T) {
	eng := engine(t)
	for _, q := range []string{"storage", "aks gpu inference", "ospf", "zzzz-nothing"} {
		res := find(t, search.Request{Query: q, Size: 100, FacetSize: 100})
		want := map[search.Facet]map[string]int{}
		add := func(f search.Facet, v string) {
			if v == "" {
				return
			}
			if want[f] == nil {
				want[f] = map[string]int{}
			}
			want[f][v]++
		}
		for _, h := range res.Hits {
			qq, err := eng.Question(context.Background(), h.ID)
			if err != nil {
				t.Fatal(err)
			}
			add(search.FacetProvider, qq.Provider)
			add(search.FacetExam, qq.Exam)
			add(search.FacetTopic, qq.Topic)
			add(search.FacetAnswer, qq.Answer)
			add(search.FacetCommunity, qq.CommunityAnswer())
			add(search.FacetType, string(qq.Type))
			add(search.FacetDisputed, index.YesNo(qq.Disputed))
			for _, s := range qq.Services {
				add(search.FacetService, s)
			}
			for _, c := range qq.Categories {
				add(search.FacetCategory, c)
			}
		}
		for _, f := range res.Facets {
			if f.Name == search.FacetYear {
				continue
			}
			got := map[string]int{}
			for _, v := range f.Values {
				got[v.Value] = v.Count
			}
			if len(got) != len(want[f.Name]) {
				t.Errorf("%q facet %s: %v, want %v", q, f.Name, got, want[f.Name])
				continue
			}
			for v, n := range want[f.Name] {
				if got[v] != n {
					t.Errorf("%q facet %s=%s: %d, want %d", q, f.Name, v, got[v], n)
				}
			}
		}
	}
}

func TestNeighbors(t *testing.T) {
	eng := engine(t)
	res := find(t, search.Request{Size: 100, Filters: map[search.Facet][]string{search.FacetExam: {"AZ-104"}}})
	order := ids(res)
	if len(order) < 3 {
		t.Fatalf("AZ-104 has %d questions", len(order))
	}
	for i, id := range order {
		q, _ := eng.Question(context.Background(), id)
		prev, next, err := eng.Neighbors(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		wantPrev, wantNext := "", ""
		if i > 0 {
			wantPrev = order[i-1]
		}
		if i < len(order)-1 {
			wantNext = order[i+1]
		}
		if prev != wantPrev || next != wantNext {
			t.Errorf("%s: prev %q next %q, want %q %q", id, prev, next, wantPrev, wantNext)
		}
	}
}

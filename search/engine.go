package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
)

// Options tune an Engine. The zero value is usable.
type Options struct {
	Timeout time.Duration // per search; default 5s
	// MaxExpansion bounds how many index terms one fuzzy term may expand
	// to; Bleve's own default is unlimited.
	MaxExpansion int
	Weights      Weights
	// RelaxBelow: when fewer questions than this match every word of a
	// simple query, it is run again matching most of them. Default 10.
	RelaxBelow int
}

// Weights are the field boosts and rewrite factors of the simple query.
type Weights struct {
	Question, Choices, Explanation, Comments float64
	ExamCode                                 float64 // an exact exam code
	Expansion                                float64 // factor for acronym/name rewrites
	Fuzzy                                    float64 // factor for typo matches
	// Proximity multiplies a question's score by 1 + Proximity × the
	// share of the pairs of words typed together that its text holds
	// together.
	Proximity float64
	// Coordination is the power of the share of query words a question
	// matches that its score is multiplied by (1: Bleve's own coord).
	Coordination float64
}

// DefaultWeights were tuned with "examsearch eval" on the judged queries.
var DefaultWeights = Weights{Question: 4, Choices: 1.5, Explanation: 1.5, Comments: 1,
	ExamCode: 8, Expansion: 0.8, Fuzzy: 0.35, Proximity: 1, Coordination: 4}

// Engine answers searches over one open index. It is safe for concurrent use.
type Engine struct {
	ix       *index.Index
	dict     *index.Dictionary
	analyzer analysis.Analyzer
	// filters are the analyzer's token filters, for highlighting that
	// stems only the words worth it.
	filters   []analysis.TokenFilter
	exams     examTable
	synonyms  index.Synonyms
	facetIx   *facetIndex
	stats     *statsCache
	orders    map[Sort]*sortOrder // of every sort but relevance, made on first use
	opts      Options
	running   atomic.Int32 // searches in progress
	halfDocs  uint64       // the least documents worth half a search of its own
	primeMin  int          // the least matches worth priming a walk's floor (see primeFloor)
	docBufs   docBuffers
	hot       hotState // the commonest terms' postings, made by Warm
	hotConfig hotConfig
	warmed    atomic.Bool
}

// New prepares an engine over ix; dict drives acronym expansion and may be nil.
func New(ix *index.Index, dict *index.Dictionary, opts Options) (*Engine, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.MaxExpansion <= 0 {
		opts.MaxExpansion = 256
	}
	if opts.RelaxBelow <= 0 {
		opts.RelaxBelow = 10
	}
	if opts.Weights == (Weights{}) {
		opts.Weights = DefaultWeights
	}
	// Bleve reads this limit from a package variable; it is set once, to
	// the same value by every engine, before any search runs.
	searcher.DisjunctionMaxClauseCount = max(searcher.DisjunctionMaxClauseCount, opts.MaxExpansion*8)
	an := ix.Bleve.Mapping().AnalyzerNamed(index.AnalyzerProse)
	if an == nil {
		return nil, fmt.Errorf("index mapping has no %s analyzer", index.AnalyzerProse)
	}
	parts, ok := an.(*analysis.DefaultAnalyzer)
	if !ok {
		return nil, fmt.Errorf("analyzer %s is a %T, not a tokenizer with token filters", index.AnalyzerProse, an)
	}
	syn, err := index.DefaultSynonyms()
	if err != nil {
		return nil, err
	}
	fi, err := buildFacetIndex(ix)
	if err != nil {
		return nil, fmt.Errorf("facet bitmaps of %s: %w", ix.Path, err)
	}
	return &Engine{ix: ix, dict: dict, analyzer: an, filters: parts.TokenFilters, exams: newExamTable(ix.Meta.Exams), synonyms: syn, facetIx: fi, stats: &statsCache{}, orders: newSortOrders(), opts: opts,
		halfDocs: 16384, primeMin: defaultPrimeMin, hotConfig: hotConfig{min: hotMinCount, bytesPerDoc: hotBytesPerDoc, ceilBytes: ceilBytesPerDoc}}, nil
}

// openReader is a reader of the index's current snapshot, for what the
// query API does not offer (term counts, dictionaries, postings); the
// caller closes it.
func openReader(ix *index.Index) (bindex.IndexReader, error) {
	adv, err := ix.Bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if snap, ok := r.(*scorch.IndexSnapshot); err == nil && ok && snap == nil {
		// Scorch hands out no snapshot once closed; reading it would crash.
		return nil, fmt.Errorf("index %s: %w", ix.Path, ErrClosed)
	}
	return r, err
}

// Meta describes the index the engine serves.
func (e *Engine) Meta() index.Meta { return e.ix.Meta }

// Exams lists the exams with their question counts.
func (e *Engine) Exams() []index.ExamInfo { return e.ix.Meta.Exams }

// Question returns one whole question.
func (e *Engine) Question(ctx context.Context, id string) (*index.Question, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q, err := e.ix.Store.Get(id)
	if errors.Is(err, index.ErrNotFound) {
		return nil, fmt.Errorf("question %q: %w", id, ErrNotFound)
	}
	return q, err
}

// Search runs one request.
func (e *Engine) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	e.running.Add(1)
	defer e.running.Add(-1)
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, e.opts.Timeout)
	defer cancel()
	plan, err := e.plan(ctx, &req)
	if err != nil {
		return nil, err
	}
	res, err := e.run(ctx, plan, &req)
	if err == nil && plan.relaxed != nil && res.Total < uint64(e.opts.RelaxBelow) {
		plan.text, plan.relaxed = plan.relaxed, nil
		plan.notes = append(plan.notes, "few questions have every word; showing those with most of them")
		res, err = e.run(ctx, plan, &req)
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("%w after %s", ErrTimeout, e.opts.Timeout)
		}
		if strings.Contains(err.Error(), "TooManyClauses") {
			return nil, invalid("q", "a word matches too many terms of the index; make it more specific")
		}
		return nil, err
	}
	res.Took = time.Since(start)
	res.TookMS = float64(res.Took.Microseconds()) / 1000
	return res, nil
}

// bleveSearch runs one Bleve request, keeping Bleve's types inside.
func (e *Engine) bleveSearch(ctx context.Context, r *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return e.ix.Bleve.SearchInContext(ctx, r)
}

// examTable resolves exam filters given as names or codes.
type examTable struct {
	byName map[string]string   // lowercased name -> name
	byCode map[string][]string // lowercased code -> names
	provs  map[string]string   // lowercased provider -> provider
}

func newExamTable(exams []index.ExamInfo) examTable {
	t := examTable{byName: map[string]string{}, byCode: map[string][]string{}, provs: map[string]string{}}
	for _, x := range exams {
		t.byName[strings.ToLower(x.Name)] = x.Name
		if x.Code != "" {
			c := strings.ToLower(x.Code)
			t.byCode[c] = append(t.byCode[c], x.Name)
		}
		t.provs[strings.ToLower(x.Provider)] = x.Provider
	}
	return t
}

func (t examTable) isCode(lower string) bool { return len(t.byCode[lower]) > 0 }

// resolve maps a filter value to the exam names it means.
func (t examTable) resolve(v string) []string {
	l := strings.ToLower(strings.TrimSpace(v))
	if n, ok := t.byName[l]; ok {
		return []string{n}
	}
	if ns := t.byCode[l]; len(ns) > 0 {
		return ns
	}
	return []string{v}
}

// idle tells whether the search calling it is the only one running, on a
// machine of several cores: then it may spread its own work over them.
// Under load, dividing a search only adds overhead.
func (e *Engine) idle() bool {
	return e.running.Load() <= 1 && runtime.GOMAXPROCS(0) >= 2
}

// spread calls fn(i) for every i in [0, n): on two goroutines when the
// search is alone on the engine, else on the caller's. fn must touch only
// what belongs to i.
func (e *Engine) spread(n int, fn func(i int)) {
	var next atomic.Int32
	work := func() {
		for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
			fn(i)
		}
	}
	if n > 1 && e.idle() {
		var wg sync.WaitGroup
		wg.Go(work)
		work()
		wg.Wait()
		return
	}
	work()
}

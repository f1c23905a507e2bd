package ui

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/examsearch/examsearch/search"
)

// facetLabels name the facets for people.
var facetLabels = map[search.Facet]string{
	search.FacetProvider: "Provider", search.FacetExam: "Exam", search.FacetService: "Service",
	search.FacetCategory: "Category", search.FacetTopic: "Topic", search.FacetAnswer: "Suggested answer",
	search.FacetCommunity: "Community answer", search.FacetType: "Type", search.FacetDisputed: "Disputed",
	search.FacetYear: "Year",
}

var sortLabels = map[search.Sort]string{
	search.SortRelevance: "Relevance", search.SortNewest: "Newest", search.SortUpvoted: "Most upvoted discussion",
	search.SortDisputed: "Most disputed", search.SortExam: "Exam order",
}

type searchView struct {
	Query      string
	Result     *search.Result
	Error      string
	Facets     []facetView
	Chips      []link
	Sorts      []option
	Prev, Next string
	Suggest    []link // on zero results: looser searches
	Partial    bool   // only the results, for the script
}

type facetView struct {
	Name   search.Facet
	Label  string
	Values []facetValueView
}

type facetValueView struct {
	Value    string
	Count    int
	Selected bool
	Href     string
}

type link struct{ Label, Href string }

type option struct {
	Value, Label string
	Selected     bool
}

// state is the page's URL query: it holds everything the page shows.
type state struct{ v url.Values }

func (s state) with(edit func(url.Values)) string {
	v := url.Values{}
	for k, vals := range s.v {
		if k != "partial" {
			v[k] = slices.Clone(vals)
		}
	}
	edit(v)
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

func (s state) toggle(f search.Facet, value string) string {
	return s.with(func(v url.Values) {
		key := string(f)
		vals := v[key]
		if i := slices.Index(vals, value); i >= 0 {
			vals = slices.Delete(vals, i, i+1)
		} else {
			vals = append(vals, value)
		}
		if len(vals) == 0 {
			delete(v, key)
		} else {
			v[key] = vals
		}
		v.Del("page")
		v.Del("cursor")
	})
}

func (s state) page(n int) string {
	return s.with(func(v url.Values) {
		if n <= 1 {
			v.Del("page")
		} else {
			v.Set("page", strconv.Itoa(n))
		}
	})
}

func newSearchView(q url.Values, req search.Request, res *search.Result) searchView {
	st := state{q}
	view := searchView{Query: req.Query, Result: res, Partial: q.Get("partial") == "1"}
	// The choice shown is the one asked for: "" lets the engine pick
	// (relevance with a query, exam order without), so that typing a query
	// on the browsing page does not submit exam order with it.
	view.Sorts = append(view.Sorts, option{Value: "", Label: "Best match", Selected: req.Sort == ""})
	for _, s := range search.Sorts {
		view.Sorts = append(view.Sorts, option{Value: string(s), Label: sortLabels[s], Selected: s == req.Sort})
	}
	for _, f := range res.Facets {
		fv := facetView{Name: f.Name, Label: facetLabels[f.Name]}
		for _, v := range f.Values {
			fv.Values = append(fv.Values, facetValueView{Value: v.Value, Count: v.Count, Selected: v.Selected, Href: st.toggle(f.Name, v.Value)})
			if v.Selected {
				view.Chips = append(view.Chips, link{Label: fv.Label + ": " + v.Value, Href: st.toggle(f.Name, v.Value)})
			}
		}
		if len(fv.Values) > 0 {
			view.Facets = append(view.Facets, fv)
		}
	}
	if res.Page > 1 {
		view.Prev = st.page(res.Page - 1)
	}
	if res.Page < res.Pages && res.Page*res.Size < search.MaxResultWindow {
		view.Next = st.page(res.Page + 1)
	}
	if res.Total == 0 {
		words := strings.Fields(req.Query)
		if len(words) > 1 {
			// The longest word is most often the rarest: offer the query without it.
			longest := 0
			for i, w := range words {
				if len(w) > len(words[longest]) {
					longest = i
				}
			}
			loose := strings.Join(slices.Delete(slices.Clone(words), longest, longest+1), " ")
			view.Suggest = append(view.Suggest, link{Label: "Search for “" + loose + "”", Href: st.with(func(v url.Values) { v.Set("q", loose); v.Del("page") })})
		}
		if len(view.Chips) > 0 {
			view.Suggest = append(view.Suggest, link{Label: "Search without filters", Href: "/?" + url.Values{"q": {req.Query}}.Encode()})
		}
	}
	return view
}

package ui

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"github.com/gorilla/mux"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/search"
)

// pageHome is the search page. Without a query it browses; with
// partial=1 it returns only the results, for the script that makes the
// page instant. Everything works without the script.
func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	partial := q.Get("partial") == "1"
	q.Del("partial")
	req, err := searchFromQuery(q)
	var view searchView
	if err == nil {
		var res *search.Result
		res, err = s.search.Search(r.Context(), req)
		if err == nil {
			view = newSearchView(r.URL.Query(), req, res)
		}
	}
	if err != nil {
		ae := toAPIError(err)
		if ae.Status >= 500 {
			return err
		}
		view = searchView{Query: req.Query, Error: ae.Message, Partial: partial}
	}
	name := "search.html"
	if partial {
		name = "results"
	}
	return s.render(w, name, view)
}

type questionView struct {
	Q           *index.Question
	Text        template.HTML
	Explanation template.HTML
	Comments    []index.Comment
	Community   []index.Vote
	AlsoIn      []link
	SearchHref  string
	Prev, Next  string
	// AnswerImages are the local addresses of the answer's images.
	AnswerImages []string
}

// pageQuestion shows one question whole: rendered and sanitized text,
// choices, the answer behind a reveal, the vote, the discussion.
func (s *Server) pageQuestion(w http.ResponseWriter, r *http.Request) error {
	q, err := s.search.Question(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		if errors.Is(err, search.ErrNotFound) {
			w.WriteHeader(http.StatusNotFound)
			return s.render(w, "search.html", searchView{Error: "No question with that id."})
		}
		return err
	}
	text, n := withLocalImages(q.Text, q, 0)
	expl, n := withLocalImages(q.Explanation, q, n)
	v := questionView{Q: q, Text: s.md.HTML(text), Explanation: s.md.HTML(expl), Community: q.Community,
		SearchHref: "/?" + url.Values{"exam": {q.Exam}}.Encode()}
	for i, img := range q.AnswerImages {
		if !isRemote(img) {
			v.AnswerImages = append(v.AnswerImages, "/img/"+url.PathEscape(q.ID)+"/"+itoa(n+i))
		}
	}
	v.Comments = append(v.Comments, q.Comments...)
	sort.SliceStable(v.Comments, func(i, j int) bool { return v.Comments[i].Upvotes > v.Comments[j].Upvotes })
	if prev, next, err := s.search.Neighbors(r.Context(), q); err == nil {
		if prev != "" {
			v.Prev = "/q/" + url.PathEscape(prev)
		}
		if next != "" {
			v.Next = "/q/" + url.PathEscape(next)
		}
	}
	for _, id := range q.AlsoIn {
		if other, err := s.search.Question(r.Context(), id); err == nil {
			v.AlsoIn = append(v.AlsoIn, link{Label: other.Exam + " " + other.Topic + " Q" + itoa(other.Number), Href: "/q/" + url.PathEscape(id)})
		}
	}
	return s.render(w, "question.html", v)
}

type examsView struct {
	Providers []providerView
}

type providerView struct {
	Name  string
	Exams []examLink
}

type examLink struct {
	Name      string
	Questions int
	Href      string
}

// pageExams lists providers and their exams, each leading to its questions
// in exam order.
func (s *Server) pageExams(w http.ResponseWriter, r *http.Request) error {
	var v examsView
	for _, x := range s.search.Exams() {
		if n := len(v.Providers); n == 0 || v.Providers[n-1].Name != x.Provider {
			v.Providers = append(v.Providers, providerView{Name: x.Provider})
		}
		p := &v.Providers[len(v.Providers)-1]
		p.Exams = append(p.Exams, examLink{Name: x.Name, Questions: x.Questions, Href: "/?" + url.Values{"exam": {x.Name}, "sort": {"exam"}}.Encode()})
	}
	return s.render(w, "exams.html", v)
}

func (s *Server) render(w http.ResponseWriter, name string, data any) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.tmpl.ExecuteTemplate(w, name, data)
}

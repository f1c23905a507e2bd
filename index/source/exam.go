package source

import (
	"bufio"
	"bytes"
	"net/url"
	"path"
	"strings"

	"github.com/examsearch/examsearch/index"
)

// examFinder names the exam of markdown questions, which their files do not
// say: a flag, else the discussion URLs of a saved-links.txt beside the
// files or one folder up, else the folder's name.
type examFinder struct {
	exam, provider string
	byDir          map[dirKey]examName
}

type dirKey struct {
	input int
	dir   string
}

type examName struct{ exam, provider string }

func newExamFinder(opts Options) *examFinder {
	return &examFinder{exam: opts.Exam, provider: opts.Provider, byDir: map[dirKey]examName{}}
}

// readLinks returns the URLs of a saved-links.txt.
func readLinks(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); strings.HasPrefix(l, "http") {
			out = append(out, l)
		}
	}
	return out
}

// addLinks records the exam most of the links name, for the links' folder.
func (f *examFinder) addLinks(input int, rel string, links []string) {
	votes := map[examName]int{}
	best := examName{}
	for _, l := range links {
		n, ok := examFromURL(l)
		if !ok {
			continue
		}
		votes[n]++
		if votes[n] > votes[best] {
			best = n
		}
	}
	if best.exam != "" {
		f.byDir[dirKey{input, path.Dir(rel)}] = best
	}
}

// examFromURL reads provider and exam from a discussion URL such as
// /discussions/microsoft/view/48292-exam-dp-100-topic-4-question-2-discussion/.
func examFromURL(raw string) (examName, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return examName{}, false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 4 || parts[0] != "discussions" || parts[2] != "view" {
		return examName{}, false
	}
	_, slug, ok := strings.Cut(parts[3], "-exam-")
	if !ok {
		return examName{}, false
	}
	if i := strings.Index(slug, "-topic-"); i >= 0 {
		slug = slug[:i]
	}
	return examName{exam: strings.ToUpper(slug), provider: capitalize(parts[1])}, slug != ""
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (f *examFinder) assign(q *index.Question, input int, rel string) {
	dir := path.Dir(rel)
	name, ok := f.byDir[dirKey{input, dir}]
	if !ok {
		name, ok = f.byDir[dirKey{input, path.Dir(dir)}]
	}
	if !ok {
		folder := path.Base(dir)
		if folder == "questions" || folder == "." {
			folder = path.Base(path.Dir(dir))
		}
		if folder == "." || folder == "/" {
			folder = "unknown"
		}
		name = examName{exam: strings.ToUpper(folder)}
	}
	if f.exam != "" {
		name.exam = f.exam
	}
	if f.provider != "" {
		name.provider = f.provider
	}
	q.Exam, q.Provider = name.exam, name.provider
	q.ExamCode = index.ExamCode(q.Exam)
}

package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// storeFormat is the first byte of every stored question; another value is
// a store this code cannot read.
const storeFormat byte = 1

// errCorrupt marks a stored question that does not decode.
var errCorrupt = errors.New("corrupt record")

// encodeQuestion appends q in the store's binary form: every field in a
// fixed order, strings and lists prefixed by their lengths as uvarints,
// numbers as varints. Reading it back is a few slicings of one string,
// where decoding JSON was most of the cost of showing a hit.
// TestCodecKeepsEveryField fills every field to catch one left out.
func encodeQuestion(b []byte, q *Question) []byte {
	e := encoder{b: append(b, storeFormat)}
	e.strs(q.ID, q.DiscussionID, q.Provider, q.Exam, q.ExamCode, q.Topic)
	e.int(q.Number)
	e.strs(q.URL, q.SourcePath, q.Source, q.Text)
	e.uint(len(q.Choices))
	for _, c := range q.Choices {
		e.strs(c.Letter, c.Text)
	}
	e.str(q.Answer)
	e.list(q.AnswerImages)
	e.uint(len(q.Community))
	for _, v := range q.Community {
		e.str(v.Answer)
		e.int(v.Percent)
	}
	e.str(q.Explanation)
	e.uint(len(q.Comments))
	for _, c := range q.Comments {
		e.strs(c.ID, c.ReplyTo, c.Author)
		e.time(c.Date)
		e.int(c.Upvotes)
		e.strs(c.Selected, c.Text)
	}
	e.list(q.Images)
	e.str(string(q.Type))
	e.time(q.Created)
	e.list(q.Services)
	e.list(q.Categories)
	e.bool(q.Disputed)
	e.list(q.AlsoIn)
	e.list(q.Duplicates)
	return e.b
}

// decodeQuestion reads what encodeQuestion wrote. The strings of the
// result share the memory of s.
func decodeQuestion(s string, q *Question) error {
	d := decoder{s: s}
	if d.byte() != storeFormat {
		return fmt.Errorf("%w: unknown format", errCorrupt)
	}
	q.ID, q.DiscussionID, q.Provider, q.Exam, q.ExamCode, q.Topic = d.str(), d.str(), d.str(), d.str(), d.str(), d.str()
	q.Number = d.int()
	q.URL, q.SourcePath, q.Source, q.Text = d.str(), d.str(), d.str(), d.str()
	if n := d.count(2); n > 0 {
		q.Choices = make([]Choice, n)
		for i := range q.Choices {
			q.Choices[i] = Choice{Letter: d.str(), Text: d.str()}
		}
	}
	q.Answer = d.str()
	q.AnswerImages = d.list()
	if n := d.count(2); n > 0 {
		q.Community = make([]Vote, n)
		for i := range q.Community {
			q.Community[i] = Vote{Answer: d.str(), Percent: d.int()}
		}
	}
	q.Explanation = d.str()
	if n := d.count(7); n > 0 {
		q.Comments = make([]Comment, n)
		for i := range q.Comments {
			c := &q.Comments[i]
			c.ID, c.ReplyTo, c.Author = d.str(), d.str(), d.str()
			c.Date = d.time()
			c.Upvotes = d.int()
			c.Selected, c.Text = d.str(), d.str()
		}
	}
	q.Images = d.list()
	q.Type = QuestionType(d.str())
	q.Created = d.time()
	q.Services, q.Categories = d.list(), d.list()
	q.Disputed = d.byte() == 1
	q.AlsoIn, q.Duplicates = d.list(), d.list()
	if d.err == nil && d.i != len(d.s) {
		d.err = fmt.Errorf("%w: %d bytes left over", errCorrupt, len(d.s)-d.i)
	}
	return d.err
}

type encoder struct{ b []byte }

func (e *encoder) uint(n int) { e.b = binary.AppendUvarint(e.b, uint64(n)) }
func (e *encoder) int(n int)  { e.b = binary.AppendVarint(e.b, int64(n)) }

func (e *encoder) str(s string) {
	e.uint(len(s))
	e.b = append(e.b, s...)
}

func (e *encoder) strs(ss ...string) {
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) list(ss []string) {
	e.uint(len(ss))
	e.strs(ss...)
}

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// time writes t with its zone offset (as time.Time's binary form does); a
// zero time as nothing.
func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.uint(0)
		return
	}
	raw, err := t.MarshalBinary()
	if err != nil { // a zone offset out of range: keep the instant, in UTC
		raw, _ = t.UTC().MarshalBinary()
	}
	e.str(string(raw))
}

// decoder reads an encoded question; the first error stops it and every
// later read gives zero values.
type decoder struct {
	s   string
	i   int
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d", errCorrupt, what, d.i)
	}
	d.i = len(d.s)
}

func (d *decoder) byte() byte {
	if d.i >= len(d.s) {
		d.fail("truncated")
		return 0
	}
	d.i++
	return d.s[d.i-1]
}

func (d *decoder) uvarint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c := d.byte()
		if d.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.fail("overlong number")
	return 0
}

func (d *decoder) int() int {
	u := d.uvarint()
	return int(int64(u>>1) ^ -int64(u&1)) // zigzag, as binary.AppendVarint writes it
}

// count reads a list's length, which cannot exceed the bytes left (each
// element takes at least min bytes).
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.i)/uint64(min) {
		d.fail("list longer than the record")
		return 0
	}
	return int(n)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.i) {
		d.fail("string longer than the record")
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

func (d *decoder) list() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) time() time.Time {
	raw := d.str()
	if raw == "" {
		return time.Time{}
	}
	var t time.Time
	if err := t.UnmarshalBinary([]byte(raw)); err != nil {
		d.fail("bad time")
	}
	return t
}

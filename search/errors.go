package search

import (
	"errors"
	"fmt"
)

// Sentinel errors, for callers that map them to statuses.
var (
	ErrInvalid  = errors.New("invalid request")
	ErrNotFound = errors.New("not found")
	ErrTimeout  = errors.New("search timed out")
	ErrClosed   = errors.New("index closed")
)

// Error is a request the engine refused, naming the parameter at fault and,
// for query syntax, the position in the query.
type Error struct {
	Param    string
	Message  string
	Position int // byte offset in the query, -1 when not about a position
}

func (e *Error) Error() string {
	if e.Position >= 0 {
		return fmt.Sprintf("%s: %s (at position %d)", e.Param, e.Message, e.Position)
	}
	return fmt.Sprintf("%s: %s", e.Param, e.Message)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *Error) Unwrap() error { return ErrInvalid }

func invalid(param, msg string) error { return &Error{Param: param, Message: msg, Position: -1} }

package cql2

import "fmt"

// MaxLen is the longest filter, in bytes, either parser reads; a longer one
// is refused before any parsing.
const MaxLen = 100 << 10

// MaxDepth is the deepest nesting of expressions either parser accepts, so
// that no filter can exhaust the stack of the parser or of what walks the
// tree after it (the checker, the evaluator, the SQL translator).
const MaxDepth = 100

// Error is a filter that cannot be used: a syntax error (with the line and
// column, counted from 1 in characters, of where it was found), or a type
// error (Line 0). Its message is safe to show to a client.
type Error struct {
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

func errorf(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

package importer

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a file: at feature (or CSV line) N, 0
// for the file as a whole, in Field, "" for the feature as a whole.
type Problem struct {
	N       int
	Line    bool // N is a line (CSV), not a feature's position
	Field   string
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.N > 0 {
		if p.Line {
			fmt.Fprintf(&b, "line %d", p.N)
		} else {
			fmt.Fprintf(&b, "feature %d", p.N)
		}
	}
	if p.Field != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "field %s", p.Field)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in a file; as an error it lists them all,
// one a line.
type Problems []Problem

// Add records a problem.
func (ps *Problems) Add(n int, field, format string, args ...any) {
	*ps = append(*ps, Problem{N: n, Field: field, Message: fmt.Sprintf(format, args...)})
}

// Lines marks every problem's number as a line, for a CSV file.
func (ps Problems) Lines() Problems {
	for i := range ps {
		ps[i].Line = true
	}
	return ps
}

// Err returns the problems as an error, nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

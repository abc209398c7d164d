package cql2

import (
	"fmt"
	"time"
)

// Endpoint names one end of an operand of a temporal function: an instant
// is an interval whose two ends are equal; an open end of an interval is
// infinitely far.
type Endpoint int

// The ends of the first (A) and second (B) operands.
const (
	AStart Endpoint = iota
	AEnd
	BStart
	BEnd
)

// TemporalCond is one comparison between two ends, Op one of OpLt, OpGt, OpEq, OpLe, OpGe.
type TemporalCond struct {
	L  Endpoint
	Op string
	R  Endpoint
}

// temporalRules defines each T_ function as Allen's interval relations
// (OGC 21-065, 7.11). All conditions hold, except for T_DISJOINT, where
// any one does.
var temporalRules = map[string][]TemporalCond{
	TAfter:        {{AStart, OpGt, BEnd}},
	TBefore:       {{AEnd, OpLt, BStart}},
	TContains:     {{AStart, OpLt, BStart}, {AEnd, OpGt, BEnd}},
	TDisjoint:     {{AEnd, OpLt, BStart}, {AStart, OpGt, BEnd}},
	TDuring:       {{AStart, OpGt, BStart}, {AEnd, OpLt, BEnd}},
	TEquals:       {{AStart, OpEq, BStart}, {AEnd, OpEq, BEnd}},
	TFinishedBy:   {{AStart, OpLt, BStart}, {AEnd, OpEq, BEnd}},
	TFinishes:     {{AStart, OpGt, BStart}, {AEnd, OpEq, BEnd}},
	TIntersects:   {{AStart, OpLe, BEnd}, {AEnd, OpGe, BStart}},
	TMeets:        {{AEnd, OpEq, BStart}},
	TMetBy:        {{AStart, OpEq, BEnd}},
	TOverlappedBy: {{AStart, OpGt, BStart}, {AStart, OpLt, BEnd}, {AEnd, OpGt, BEnd}},
	TOverlaps:     {{AStart, OpLt, BStart}, {AEnd, OpGt, BStart}, {AEnd, OpLt, BEnd}},
	TStartedBy:    {{AStart, OpEq, BStart}, {AEnd, OpGt, BEnd}},
	TStarts:       {{AStart, OpEq, BStart}, {AEnd, OpLt, BEnd}},
}

// TemporalConds returns the conditions that define the temporal function
// name on the ends of its operands, and whether any one of them suffices
// (T_DISJOINT) rather than all. The evaluator and the SQL translator both
// read this table, so that they cannot disagree.
func TemporalConds(name string) (conds []TemporalCond, anyOf bool) {
	return temporalRules[name], name == TDisjoint
}

// bound is an end of a temporal operand: an instant, or -∞ / +∞ (inf -1 / 1).
type bound struct {
	t   time.Time
	inf int
}

func (a bound) cmp(b bound) int {
	if a.inf != 0 || b.inf != 0 {
		switch {
		case a.inf < b.inf:
			return -1
		case a.inf > b.inf:
			return 1
		}
		return 0
	}
	return a.t.Compare(b.t)
}

// span is a temporal operand as two ends; ok is false when an end is NULL.
func span(e Expr, rec Record) (s [2]bound, ok bool, err error) {
	end := func(x Expr, inf int) (bound, bool, error) {
		if x == nil {
			return bound{inf: inf}, true, nil
		}
		v, err := value(x, rec)
		if err != nil || v == nil {
			return bound{}, false, err
		}
		t, isTime := v.(time.Time)
		if !isTime {
			return bound{}, false, fmt.Errorf("%s is not a date or a timestamp", x)
		}
		return bound{t: t}, true, nil
	}
	if iv, isInterval := e.(Interval); isInterval {
		a, ok1, err := end(iv.Start, -1)
		if err != nil {
			return s, false, err
		}
		b, ok2, err := end(iv.End, 1)
		return [2]bound{a, b}, ok1 && ok2, err
	}
	a, ok, err := end(e, 0)
	return [2]bound{a, a}, ok, err
}

func evalTemporal(e Func, rec Record) (tri, error) {
	a, ok1, err := span(e.Args[0], rec)
	if err != nil {
		return unknown, err
	}
	b, ok2, err := span(e.Args[1], rec)
	if err != nil || !ok1 || !ok2 {
		return unknown, err
	}
	ends := [4]bound{a[0], a[1], b[0], b[1]}
	conds, anyOf := TemporalConds(e.Name)
	if conds == nil {
		return unknown, fmt.Errorf("unknown temporal function %s", e.Name)
	}
	for _, c := range conds {
		d := ends[c.L].cmp(ends[c.R])
		var hold bool
		switch c.Op {
		case OpLt:
			hold = d < 0
		case OpGt:
			hold = d > 0
		case OpEq:
			hold = d == 0
		case OpLe:
			hold = d <= 0
		case OpGe:
			hold = d >= 0
		}
		if anyOf && hold {
			return yes, nil
		}
		if !anyOf && !hold {
			return no, nil
		}
	}
	return truth(!anyOf), nil
}

// literalTime returns the instant of a date or timestamp literal.
func literalTime(e Expr) (time.Time, bool) {
	switch e := e.(type) {
	case Date:
		return e.Value, true
	case Timestamp:
		return e.Value, true
	}
	return time.Time{}, false
}

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

// end is one end of a temporal operand; ok is false when it is NULL.
type end struct {
	b  bound
	ok bool
}

// span is a temporal operand as its two ends.
func span(e Expr, rec Record) ([2]end, error) {
	one := func(x Expr, inf int) (end, error) {
		if x == nil {
			return end{bound{inf: inf}, true}, nil
		}
		v, err := value(x, rec)
		if err != nil || v == nil {
			return end{}, err
		}
		t, isTime := v.(time.Time)
		if !isTime {
			return end{}, fmt.Errorf("%s is not a date or a timestamp", x)
		}
		return end{bound{t: t}, true}, nil
	}
	if iv, isInterval := e.(Interval); isInterval {
		a, err := one(iv.Start, -1)
		if err != nil {
			return [2]end{}, err
		}
		b, err := one(iv.End, 1)
		return [2]end{a, b}, err
	}
	a, err := one(e, 0)
	return [2]end{a, a}, err
}

// evalTemporal decides each condition of the function in three-valued
// logic, as SQL does with the same conditions: one NULL end makes unknown
// only the conditions that read it.
func evalTemporal(e Func, rec Record) (tri, error) {
	a, err := span(e.Args[0], rec)
	if err != nil {
		return unknown, err
	}
	b, err := span(e.Args[1], rec)
	if err != nil {
		return unknown, err
	}
	ends := [4]end{a[0], a[1], b[0], b[1]}
	conds, anyOf := TemporalConds(e.Name)
	if conds == nil {
		return unknown, fmt.Errorf("unknown temporal function %s", e.Name)
	}
	out := truth(!anyOf)
	for _, c := range conds {
		l, r := ends[c.L], ends[c.R]
		t := unknown
		if l.ok && r.ok {
			d := l.b.cmp(r.b)
			switch c.Op {
			case OpLt:
				t = truth(d < 0)
			case OpGt:
				t = truth(d > 0)
			case OpEq:
				t = truth(d == 0)
			case OpLe:
				t = truth(d <= 0)
			case OpGe:
				t = truth(d >= 0)
			}
		}
		if anyOf {
			out = or(out, t)
		} else {
			out = and(out, t)
		}
	}
	return out, nil
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

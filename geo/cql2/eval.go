package cql2

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Record is one feature as the evaluator sees it.
type Record interface {
	// Value returns the named property: a string, a float64 (integers
	// too; int, int32 and int64 are accepted), a bool, a time.Time (a date
	// is midnight UTC), a []string, or nil for NULL. A []string is never
	// NULL, even a nil one: it is the empty array, as PostgreSQL's '{}' is
	// not NULL. For the geometry property, Value may return the
	// orb.Geometry, or nil to let Geometry stand for it in the spatial
	// functions; IS NULL on it asks Value only.
	Value(name string) any
	// Geometry returns the feature's geometry, or nil.
	Geometry() orb.Geometry
}

// Eval decides whether the record satisfies a checked filter, with SQL's
// three-valued logic: a comparison with NULL is unknown, NOT unknown is
// unknown, and a filter that is unknown at the top selects nothing, as a
// WHERE clause does. It returns an error only for a filter that Check
// would have refused.
func Eval(e Expr, rec Record) (bool, error) {
	t, err := evalBool(e, rec)
	return t == yes, err
}

// tri is a truth value of three-valued logic.
type tri int8

const (
	no tri = iota
	yes
	unknown
)

func truth(b bool) tri {
	if b {
		return yes
	}
	return no
}

func evalBool(e Expr, rec Record) (tri, error) {
	switch e := e.(type) {
	case Not:
		t, err := evalBool(e.X, rec)
		switch t {
		case yes:
			return no, err
		case no:
			return yes, err
		}
		return unknown, err
	case And:
		out := yes
		for _, a := range e.Args {
			t, err := evalBool(a, rec)
			if err != nil || t == no {
				return no, err
			}
			if t == unknown {
				out = unknown
			}
		}
		return out, nil
	case Or:
		out := no
		for _, a := range e.Args {
			t, err := evalBool(a, rec)
			if err != nil || t == yes {
				return t, err
			}
			if t == unknown {
				out = unknown
			}
		}
		return out, nil
	case Compare:
		l, r, err := pair(e.L, e.R, rec)
		if err != nil || l == nil || r == nil {
			return unknown, err
		}
		c, err := compare(l, r)
		if err != nil {
			return unknown, err
		}
		switch e.Op {
		case OpEq:
			return truth(c == 0), nil
		case OpNe:
			return truth(c != 0), nil
		case OpLt:
			return truth(c < 0), nil
		case OpGt:
			return truth(c > 0), nil
		case OpLe:
			return truth(c <= 0), nil
		case OpGe:
			return truth(c >= 0), nil
		}
		return unknown, fmt.Errorf("unknown comparison %q", e.Op)
	case Between:
		lo, err := evalBool(Compare{Op: OpGe, L: e.X, R: e.Lo}, rec)
		if err != nil {
			return unknown, err
		}
		hi, err := evalBool(Compare{Op: OpLe, L: e.X, R: e.Hi}, rec)
		return and(lo, hi), err
	case In:
		x, err := value(e.X, rec)
		if err != nil || x == nil {
			return unknown, err
		}
		out := no
		for _, it := range e.List {
			v, err := value(it, rec)
			if err != nil {
				return unknown, err
			}
			if v == nil {
				out = unknown
				continue
			}
			c, err := compare(x, v)
			if err != nil {
				return unknown, err
			}
			if c == 0 {
				return yes, nil
			}
		}
		return out, nil
	case IsNull:
		v, err := value(e.X, rec)
		return truth(v == nil), err
	case Like:
		x, p, err := pair(e.X, e.Pattern, rec)
		if err != nil || x == nil || p == nil {
			return unknown, err
		}
		xs, ok1 := x.(string)
		ps, ok2 := p.(string)
		if !ok1 || !ok2 {
			return unknown, fmt.Errorf("LIKE takes strings")
		}
		return truth(like(xs, ps)), nil
	case Func:
		switch funcKinds[e.Name] {
		case kindSpatial:
			return evalSpatial(e, rec)
		case kindTemporal:
			return evalTemporal(e, rec)
		case kindArray:
			return evalArray(e, rec)
		}
	case Bool, Property:
		v, err := value(e, rec)
		if err != nil || v == nil {
			return unknown, err
		}
		b, ok := v.(bool)
		if !ok {
			return unknown, fmt.Errorf("%s is not a boolean", e)
		}
		return truth(b), nil
	}
	return unknown, fmt.Errorf("%s is not a condition", e)
}

func and(a, b tri) tri {
	switch {
	case a == no || b == no:
		return no
	case a == unknown || b == unknown:
		return unknown
	}
	return yes
}

func or(a, b tri) tri {
	switch {
	case a == yes || b == yes:
		return yes
	case a == unknown || b == unknown:
		return unknown
	}
	return no
}

func pair(l, r Expr, rec Record) (any, any, error) {
	lv, err := value(l, rec)
	if err != nil {
		return nil, nil, err
	}
	rv, err := value(r, rec)
	return lv, rv, err
}

// compare orders two non-NULL scalars of the same class: strings by their
// bytes (PostgreSQL's "C" collation, which the SQL translator asks for).
func compare(a, b any) (int, error) {
	switch a := a.(type) {
	case float64:
		if b, ok := b.(float64); ok {
			switch {
			case a < b:
				return -1, nil
			case a > b:
				return 1, nil
			}
			return 0, nil
		}
	case string:
		if b, ok := b.(string); ok {
			return strings.Compare(a, b), nil
		}
	case bool:
		if b, ok := b.(bool); ok {
			if a == b {
				return 0, nil
			}
			if !a {
				return -1, nil
			}
			return 1, nil
		}
	case time.Time:
		if b, ok := b.(time.Time); ok {
			return a.Compare(b), nil
		}
	}
	return 0, fmt.Errorf("cannot compare %T with %T", a, b)
}

// value evaluates a value expression to a string, float64, bool,
// time.Time, []string, orb.Geometry, interval, or nil for NULL.
func value(e Expr, rec Record) (any, error) {
	switch e := e.(type) {
	case Property:
		return normalize(rec.Value(e.Name)), nil
	case String:
		return e.Value, nil
	case Number:
		return e.Value, nil
	case Bool:
		return e.Value, nil
	case Date:
		return e.Value, nil
	case Timestamp:
		return e.Value, nil
	case Geometry:
		return e.Geom, nil
	case Array:
		out := make([]string, 0, len(e.Items))
		for _, it := range e.Items {
			v, err := value(it, rec)
			if err != nil {
				return nil, err
			}
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("array elements must be strings")
			}
			out = append(out, s)
		}
		return out, nil
	case Arith:
		l, r, err := pair(e.L, e.R, rec)
		if err != nil || l == nil || r == nil {
			return nil, err
		}
		a, ok1 := l.(float64)
		b, ok2 := r.(float64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s takes numbers", e.Op)
		}
		return arith(e.Op, a, b)
	case Func:
		if funcKinds[e.Name] == kindString {
			v, err := value(e.Args[0], rec)
			if err != nil || v == nil {
				return nil, err
			}
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("%s takes a string", e.Name)
			}
			if e.Name == CaseI {
				return strings.ToLower(s), nil
			}
			return unaccent(s), nil
		}
	}
	return nil, fmt.Errorf("%s is not a value", e)
}

// arith computes a op b as PostgreSQL's float8 does: NULL (nil) for a
// division or modulo by zero, which the SQL translator also turns into
// NULL; an *Error where PostgreSQL raises one, for a result too large
// (overflow) or too small to be told from zero (underflow). The modulo is
// a - trunc(a/b)·b, the SQL translator's, which float8 arithmetic computes
// the same in both places (the conversion stops a fused multiply-add).
func arith(op string, a, b float64) (any, error) {
	var r float64
	switch op {
	case OpAdd:
		r = a + b
	case OpSub:
		r = a - b
	case OpMul:
		r = a * b
		if r == 0 && a != 0 && b != 0 {
			return nil, errUnderflow
		}
	default:
		if b == 0 {
			return nil, nil
		}
		q := a / b
		if q == 0 && a != 0 && !math.IsInf(b, 0) {
			return nil, errUnderflow
		}
		switch op {
		case OpQuo:
			r = q
		case OpDiv:
			r = math.Trunc(q)
		case OpMod:
			r = a - float64(math.Trunc(q)*b)
		default:
			return nil, fmt.Errorf("unknown arithmetic operator %q", op)
		}
	}
	if math.IsInf(r, 0) && !math.IsInf(a, 0) && !math.IsInf(b, 0) {
		return nil, errOverflow
	}
	return r, nil
}

// The arithmetic errors, which PostgreSQL raises too (SQLSTATE 22003).
var (
	errOverflow  = errorf("the filter's arithmetic overflows")
	errUnderflow = errorf("the filter's arithmetic underflows")
)

// normalize brings a record's value to the evaluator's few types.
func normalize(v any) any {
	switch v := v.(type) {
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	case float32:
		return float64(v)
	case time.Time:
		return v.UTC()
	case []string:
		if v == nil {
			return []string{}
		}
	}
	return v
}

// unaccent does what PostgreSQL's unaccent() does with its default rules.
func unaccent(s string) string {
	var b strings.Builder
	for _, r := range s {
		if f, ok := accentFold[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// like matches s against a LIKE pattern, character by character: % is any
// run, _ any one character, a backslash escapes the next character.
func like(s, pattern string) bool {
	type tok struct {
		r    rune
		kind byte // 'c' a character, '_' any one, '%' any run
	}
	var pat []tok
	esc := false
	for _, r := range pattern {
		switch {
		case esc:
			pat = append(pat, tok{r, 'c'})
			esc = false
		case r == '\\':
			esc = true
		case r == '%' || r == '_':
			pat = append(pat, tok{kind: byte(r)})
		default:
			pat = append(pat, tok{r, 'c'})
		}
	}
	str := []rune(s)
	// The classic wildcard match: on a mismatch, go back to the last %
	// and let it swallow one more character. O(len(s)·len(pattern)).
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(str) {
		switch {
		case pi < len(pat) && (pat[pi].kind == '_' || pat[pi].kind == 'c' && pat[pi].r == str[si]):
			si++
			pi++
		case pi < len(pat) && pat[pi].kind == '%':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi].kind == '%' {
		pi++
	}
	return pi == len(pat)
}

// evalArray decides A_CONTAINS, A_CONTAINEDBY, A_EQUALS and A_OVERLAPS as
// PostgreSQL's @>, <@, = and && on text[].
func evalArray(e Func, rec Record) (tri, error) {
	l, r, err := pair(e.Args[0], e.Args[1], rec)
	if err != nil || l == nil || r == nil {
		return unknown, err
	}
	a, ok1 := l.([]string)
	b, ok2 := r.([]string)
	if !ok1 || !ok2 {
		return unknown, fmt.Errorf("%s takes arrays of strings", e.Name)
	}
	subset := func(x, y []string) bool {
		for _, v := range x {
			if !slices.Contains(y, v) {
				return false
			}
		}
		return true
	}
	switch e.Name {
	case AContains:
		return truth(subset(b, a)), nil
	case AContainedBy:
		return truth(subset(a, b)), nil
	case AEquals:
		return truth(slices.Equal(a, b)), nil
	case AOverlaps:
		for _, v := range a {
			if slices.Contains(b, v) {
				return yes, nil
			}
		}
		return no, nil
	}
	return unknown, fmt.Errorf("unknown array function %s", e.Name)
}

// geometryOf evaluates a spatial argument.
func geometryOf(e Expr, rec Record) (orb.Geometry, error) {
	if p, ok := e.(Property); ok {
		if g, ok := rec.Value(p.Name).(orb.Geometry); ok && g != nil {
			return g, nil
		}
		return rec.Geometry(), nil
	}
	v, err := value(e, rec)
	if err != nil || v == nil {
		return nil, err
	}
	g, ok := v.(orb.Geometry)
	if !ok {
		return nil, fmt.Errorf("%s is not a geometry", e)
	}
	return g, nil
}

func evalSpatial(e Func, rec Record) (tri, error) {
	a, err := geometryOf(e.Args[0], rec)
	if err != nil || a == nil {
		return unknown, err
	}
	b, err := geometryOf(e.Args[1], rec)
	if err != nil || b == nil {
		return unknown, err
	}
	sa, err := toSF(a, false)
	if err != nil {
		return unknown, err
	}
	sb, err := toSF(b, false)
	if err != nil {
		return unknown, err
	}
	ok, err := spatial(e.Name, sa, sb)
	return truth(ok), err
}

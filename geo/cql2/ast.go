package cql2

import (
	"time"

	"github.com/paulmach/orb"
)

// Expr is a node of a CQL2 expression: a predicate, a logical combination
// of predicates, or a value (property, literal, arithmetic, function).
// Both parsers build the same nodes, and String prints canonical cql2-text.
type Expr interface {
	// String prints the expression as canonical cql2-text, which parses
	// back to an equal expression.
	String() string
	node()
}

// Property names a property of the features being filtered.
type Property struct{ Name string }

// String is a character literal.
type String struct{ Value string }

// Number is a numeric literal.
type Number struct{ Value float64 }

// Bool is a boolean literal.
type Bool struct{ Value bool }

// Date is a date literal, DATE('2024-05-01'): midnight UTC of that day.
type Date struct{ Value time.Time }

// Timestamp is a timestamp literal, TIMESTAMP('2024-05-01T08:00:00Z'), in UTC.
type Timestamp struct{ Value time.Time }

// Interval is INTERVAL(start, end). Each end is a Date, a Timestamp, a
// Property, or nil for an open end ('..').
type Interval struct{ Start, End Expr }

// Geometry is a geometry literal (WKT in cql2-text, GeoJSON in cql2-json)
// in lon/lat WGS 84. BBox marks one written BBOX(minx, miny, maxx, maxy):
// Geom is then the orb.Bound.
type Geometry struct {
	Geom orb.Geometry
	BBox bool
}

// Array is an array literal: ('a', 'b') in cql2-text, a JSON array in cql2-json.
type Array struct{ Items []Expr }

// Not negates a boolean expression. `a NOT LIKE b`, `a NOT BETWEEN ...`,
// `a NOT IN (...)` and `a IS NOT NULL` parse as Not of the positive form, as
// in cql2-json.
type Not struct{ X Expr }

// And is true when all its arguments are (at least two).
type And struct{ Args []Expr }

// Or is true when any of its arguments is (at least two).
type Or struct{ Args []Expr }

// Comparison operators.
const (
	OpEq = "="
	OpNe = "<>"
	OpLt = "<"
	OpGt = ">"
	OpLe = "<="
	OpGe = ">="
)

// Compare is a binary comparison: Op is one of OpEq … OpGe.
type Compare struct {
	Op   string
	L, R Expr
}

// Like is `X LIKE Pattern`: % matches any run of characters, _ one
// character, and a backslash escapes the next character. Pattern is a
// String, or CASEI/ACCENTI of one.
type Like struct{ X, Pattern Expr }

// Between is `X BETWEEN Lo AND Hi`, both ends included.
type Between struct{ X, Lo, Hi Expr }

// In is `X IN (List...)`.
type In struct {
	X    Expr
	List []Expr
}

// IsNull is `X IS NULL`.
type IsNull struct{ X Expr }

// Arithmetic operators. OpDiv is integer division (`div`); division or
// modulo by zero gives NULL, in memory and in SQL alike.
const (
	OpAdd = "+"
	OpSub = "-"
	OpMul = "*"
	OpQuo = "/"
	OpDiv = "div"
	OpMod = "%"
)

// Arith is a binary arithmetic expression on numbers.
type Arith struct {
	Op   string
	L, R Expr
}

// Func is a call of one of the standard functions: the spatial (S_*),
// temporal (T_*) and array (A_*) predicates, which take two arguments, and
// CASEI and ACCENTI, which take one. Name is upper case.
type Func struct {
	Name string
	Args []Expr
}

func (Property) node()  {}
func (String) node()    {}
func (Number) node()    {}
func (Bool) node()      {}
func (Date) node()      {}
func (Timestamp) node() {}
func (Interval) node()  {}
func (Geometry) node()  {}
func (Array) node()     {}
func (Not) node()       {}
func (And) node()       {}
func (Or) node()        {}
func (Compare) node()   {}
func (Like) node()      {}
func (Between) node()   {}
func (In) node()        {}
func (IsNull) node()    {}
func (Arith) node()     {}
func (Func) node()      {}

// Function names.
const (
	SIntersects = "S_INTERSECTS"
	SWithin     = "S_WITHIN"
	SContains   = "S_CONTAINS"
	SDisjoint   = "S_DISJOINT"
	SEquals     = "S_EQUALS"
	STouches    = "S_TOUCHES"
	SCrosses    = "S_CROSSES"
	SOverlaps   = "S_OVERLAPS"

	TAfter        = "T_AFTER"
	TBefore       = "T_BEFORE"
	TContains     = "T_CONTAINS"
	TDisjoint     = "T_DISJOINT"
	TDuring       = "T_DURING"
	TEquals       = "T_EQUALS"
	TFinishedBy   = "T_FINISHEDBY"
	TFinishes     = "T_FINISHES"
	TIntersects   = "T_INTERSECTS"
	TMeets        = "T_MEETS"
	TMetBy        = "T_METBY"
	TOverlappedBy = "T_OVERLAPPEDBY"
	TOverlaps     = "T_OVERLAPS"
	TStartedBy    = "T_STARTEDBY"
	TStarts       = "T_STARTS"

	AContains    = "A_CONTAINS"
	AContainedBy = "A_CONTAINEDBY"
	AEquals      = "A_EQUALS"
	AOverlaps    = "A_OVERLAPS"

	CaseI   = "CASEI"
	AccentI = "ACCENTI"
)

// funcKind classifies the known functions; its zero value means unknown.
type funcKind int

const (
	kindUnknown funcKind = iota
	kindSpatial
	kindTemporal
	kindArray
	kindString
)

var funcKinds = map[string]funcKind{
	SIntersects: kindSpatial, SWithin: kindSpatial, SContains: kindSpatial, SDisjoint: kindSpatial,
	SEquals: kindSpatial, STouches: kindSpatial, SCrosses: kindSpatial, SOverlaps: kindSpatial,

	TAfter: kindTemporal, TBefore: kindTemporal, TContains: kindTemporal, TDisjoint: kindTemporal,
	TDuring: kindTemporal, TEquals: kindTemporal, TFinishedBy: kindTemporal, TFinishes: kindTemporal,
	TIntersects: kindTemporal, TMeets: kindTemporal, TMetBy: kindTemporal,
	TOverlappedBy: kindTemporal, TOverlaps: kindTemporal, TStartedBy: kindTemporal, TStarts: kindTemporal,

	AContains: kindArray, AContainedBy: kindArray, AEquals: kindArray, AOverlaps: kindArray,

	CaseI: kindString, AccentI: kindString,
}

// arity is the number of arguments a function of the kind takes.
func (k funcKind) arity() int {
	if k == kindString {
		return 1
	}
	return 2
}

// Walk calls fn on e and, while fn returns true, on each of its children,
// depth first.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	for _, c := range children(e) {
		Walk(c, fn)
	}
}

func children(e Expr) []Expr {
	switch e := e.(type) {
	case Interval:
		return []Expr{e.Start, e.End}
	case Array:
		return e.Items
	case Not:
		return []Expr{e.X}
	case And:
		return e.Args
	case Or:
		return e.Args
	case Compare:
		return []Expr{e.L, e.R}
	case Like:
		return []Expr{e.X, e.Pattern}
	case Between:
		return []Expr{e.X, e.Lo, e.Hi}
	case In:
		return append([]Expr{e.X}, e.List...)
	case IsNull:
		return []Expr{e.X}
	case Arith:
		return []Expr{e.L, e.R}
	case Func:
		return e.Args
	}
	return nil
}

// depth is the height of the tree under e, counted without recursion so
// that a hostile tree cannot exhaust the stack while being measured.
func depth(e Expr) int {
	type item struct {
		e Expr
		d int
	}
	max := 0
	stack := []item{{e, 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.e == nil {
			continue
		}
		if it.d > max {
			max = it.d
		}
		for _, c := range children(it.e) {
			stack = append(stack, item{c, it.d + 1})
		}
	}
	return max
}

package cql2

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Type is the type of a queryable property.
type Type int

// The property types a Schema can declare. Integers are numbers that
// happen to be whole; both compare with each other.
const (
	TypeString Type = iota + 1
	TypeNumber
	TypeInteger
	TypeBoolean
	TypeDate
	TypeTimestamp
	TypeGeometry
	TypeStringArray

	// typeInterval and typeArray exist only during checking, for
	// INTERVAL(...) and array literals.
	typeInterval
	typeArray
)

// String names the type in messages: "a string", "an array of strings".
func (t Type) String() string {
	switch t {
	case TypeString:
		return "a string"
	case TypeNumber:
		return "a number"
	case TypeInteger:
		return "an integer"
	case TypeBoolean:
		return "a boolean"
	case TypeDate:
		return "a date"
	case TypeTimestamp:
		return "a timestamp"
	case TypeGeometry:
		return "a geometry"
	case TypeStringArray:
		return "an array of strings"
	case typeInterval:
		return "an interval"
	case typeArray:
		return "an array"
	}
	return fmt.Sprintf("type %d", int(t))
}

// Schema tells the checker which properties a filter may name and their
// types: a collection's queryables.
type Schema interface {
	// Property returns the type of the named queryable property, and false
	// when there is no such queryable.
	Property(name string) (Type, bool)
	// Names lists the queryable properties, for the message that answers
	// an unknown name.
	Names() []string
}

// Check type-checks a parsed filter against a schema: every property is a
// queryable, every operator gets operands it can take, and the whole is a
// condition. Its error is an *Error whose message names the culprit.
func Check(e Expr, s Schema) error {
	c := checker{s: s}
	t, err := c.typeOf(e)
	if err != nil {
		return err
	}
	if t.base != TypeBoolean {
		return errorf("the filter must be a condition, but %s is %s", short(e), t)
	}
	return nil
}

// typ is an inferred type; elem is the element type of an array literal.
type typ struct {
	base Type
	elem *typ
}

func (t typ) String() string {
	if t.base == typeArray && t.elem != nil {
		return "an array of " + strings.TrimPrefix(strings.TrimPrefix(t.elem.String(), "a "), "an ") + "s"
	}
	return t.base.String()
}

// class groups the types that compare with each other.
func (t typ) class() string {
	switch t.base {
	case TypeNumber, TypeInteger:
		return "number"
	case TypeDate, TypeTimestamp:
		return "instant"
	case TypeStringArray, typeArray:
		return "array"
	}
	return t.base.String()
}

func (t typ) numeric() bool { return t.class() == "number" }

// elemType is the element type of an array type, or nil when unknown (an
// empty literal).
func (t typ) elemType() *typ {
	if t.base == TypeStringArray {
		return &typ{base: TypeString}
	}
	return t.elem
}

type checker struct{ s Schema }

// short prints an expression for a message, cut to a readable length.
func short(e Expr) string {
	s := e.String()
	if utf8.RuneCountInString(s) > 60 {
		r := []rune(s)
		s = string(r[:57]) + "…"
	}
	return s
}

func (c checker) typeOf(e Expr) (typ, error) {
	switch e := e.(type) {
	case Property:
		t, ok := c.s.Property(e.Name)
		if !ok {
			return typ{}, errorf("unknown property %q; the queryable properties are: %s",
				e.Name, strings.Join(c.s.Names(), ", "))
		}
		return typ{base: t}, nil
	case String:
		return typ{base: TypeString}, nil
	case Number:
		return typ{base: TypeNumber}, nil
	case Bool:
		return typ{base: TypeBoolean}, nil
	case Date:
		return typ{base: TypeDate}, nil
	case Timestamp:
		return typ{base: TypeTimestamp}, nil
	case Geometry:
		return typ{base: TypeGeometry}, nil
	case Interval:
		return c.interval(e)
	case Array:
		var elem *typ
		for _, it := range e.Items {
			if _, ok := it.(String); !ok {
				return typ{}, errorf("array elements must be strings, such as ('a', 'b'): %s is not", short(it))
			}
			t, err := c.typeOf(it)
			if err != nil {
				return typ{}, err
			}
			if elem != nil && elem.class() != t.class() {
				return typ{}, errorf("an array mixes %s and %s: %s", *elem, t, short(e))
			}
			if elem == nil {
				elem = &t
			}
		}
		return typ{base: typeArray, elem: elem}, nil
	case Not:
		if err := c.condition(e.X); err != nil {
			return typ{}, err
		}
		return typ{base: TypeBoolean}, nil
	case And:
		for _, a := range e.Args {
			if err := c.condition(a); err != nil {
				return typ{}, err
			}
		}
		return typ{base: TypeBoolean}, nil
	case Or:
		for _, a := range e.Args {
			if err := c.condition(a); err != nil {
				return typ{}, err
			}
		}
		return typ{base: TypeBoolean}, nil
	case Compare:
		return c.comparable(e.Op, e.L, e.R, e.Op == OpEq || e.Op == OpNe)
	case Between:
		if _, err := c.comparable("BETWEEN", e.X, e.Lo, false); err != nil {
			return typ{}, err
		}
		return c.comparable("BETWEEN", e.X, e.Hi, false)
	case In:
		for _, it := range e.List {
			if _, err := c.comparable("IN", e.X, it, true); err != nil {
				return typ{}, err
			}
		}
		return typ{base: TypeBoolean}, nil
	case IsNull:
		if _, err := c.typeOf(e.X); err != nil {
			return typ{}, err
		}
		return typ{base: TypeBoolean}, nil
	case Like:
		for _, x := range []Expr{e.X, e.Pattern} {
			if err := c.want(x, "LIKE", "strings", func(t typ) bool { return t.base == TypeString }); err != nil {
				return typ{}, err
			}
		}
		return typ{base: TypeBoolean}, nil
	case Arith:
		for _, x := range []Expr{e.L, e.R} {
			if err := c.want(x, e.Op, "numbers", typ.numeric); err != nil {
				return typ{}, err
			}
		}
		return typ{base: TypeNumber}, nil
	case Func:
		return c.function(e)
	}
	return typ{}, errorf("unexpected expression %T", e)
}

// want checks that x's type satisfies ok, else says that op takes what.
func (c checker) want(x Expr, op, what string, ok func(typ) bool) error {
	t, err := c.typeOf(x)
	if err != nil {
		return err
	}
	if !ok(t) {
		return errorf("%s takes %s: %s is %s", op, what, short(x), t)
	}
	return nil
}

func (c checker) condition(x Expr) error {
	t, err := c.typeOf(x)
	if err != nil {
		return err
	}
	if t.base != TypeBoolean {
		return errorf("%s is %s, not a condition", short(x), t)
	}
	return nil
}

// comparable checks that l and r compare; eqOnly types (booleans) take
// only = and <>.
func (c checker) comparable(op string, l, r Expr, eq bool) (typ, error) {
	lt, err := c.typeOf(l)
	if err != nil {
		return typ{}, err
	}
	rt, err := c.typeOf(r)
	if err != nil {
		return typ{}, err
	}
	for _, side := range []struct {
		e Expr
		t typ
	}{{l, lt}, {r, rt}} {
		switch side.t.class() {
		case "array":
			return typ{}, errorf("%s does not compare arrays (%s is %s); use A_EQUALS, A_CONTAINS, A_CONTAINEDBY or A_OVERLAPS", op, short(side.e), side.t)
		case TypeGeometry.String():
			return typ{}, errorf("%s does not compare geometries (%s is %s); use S_EQUALS, S_INTERSECTS and the other S_ functions", op, short(side.e), side.t)
		case typeInterval.String():
			return typ{}, errorf("%s does not compare intervals (%s); use T_INTERSECTS and the other T_ functions", op, short(side.e))
		case TypeBoolean.String():
			if !eq {
				return typ{}, errorf("%s does not order booleans (%s is %s); use = or <>", op, short(side.e), side.t)
			}
		}
	}
	if lt.class() != rt.class() {
		return typ{}, errorf("cannot compare %s (%s) with %s (%s)", short(l), lt, short(r), rt)
	}
	return typ{base: TypeBoolean}, nil
}

func (c checker) interval(e Interval) (typ, error) {
	for _, end := range []Expr{e.Start, e.End} {
		if end == nil {
			continue
		}
		if err := c.want(end, "INTERVAL", "dates or timestamps", func(t typ) bool { return t.class() == "instant" }); err != nil {
			return typ{}, err
		}
	}
	if s, ok := literalTime(e.Start); ok {
		if en, ok := literalTime(e.End); ok && s.After(en) {
			return typ{}, errorf("%s starts after it ends", short(e))
		}
	}
	return typ{base: typeInterval}, nil
}

func (c checker) function(e Func) (typ, error) {
	switch funcKinds[e.Name] {
	case kindString:
		if err := c.want(e.Args[0], e.Name, "a string", func(t typ) bool { return t.base == TypeString }); err != nil {
			return typ{}, err
		}
		return typ{base: TypeString}, nil
	case kindSpatial:
		for _, a := range e.Args {
			if err := c.want(a, e.Name, "geometries", func(t typ) bool { return t.base == TypeGeometry }); err != nil {
				return typ{}, err
			}
		}
	case kindTemporal:
		for _, a := range e.Args {
			if err := c.want(a, e.Name, "dates, timestamps or intervals", func(t typ) bool {
				return t.class() == "instant" || t.base == typeInterval
			}); err != nil {
				return typ{}, err
			}
		}
	case kindArray:
		var ts [2]typ
		for i, a := range e.Args {
			if err := c.want(a, e.Name, "arrays", func(t typ) bool { return t.class() == "array" }); err != nil {
				return typ{}, err
			}
			ts[i], _ = c.typeOf(a)
		}
		le, re := ts[0].elemType(), ts[1].elemType()
		if le != nil && re != nil && le.class() != re.class() {
			return typ{}, errorf("%s compares %s (%s) with %s (%s)", e.Name, short(e.Args[0]), ts[0], short(e.Args[1]), ts[1])
		}
		for i, t := range ts {
			if el := t.elemType(); el != nil && el.class() != TypeString.String() {
				return typ{}, errorf("%s takes arrays of strings: %s is %s", e.Name, short(e.Args[i]), t)
			}
		}
	default:
		return typ{}, errorf("unknown function %s", e.Name)
	}
	return typ{base: TypeBoolean}, nil
}

// TypeOf returns the type of a value in a filter that Check accepted, for
// translators that must know it (to compare strings by code point, or to
// read a date as an instant). Intervals and array literals have types of
// their own that match none of the exported ones.
func TypeOf(e Expr, s Schema) (Type, error) {
	t, err := checker{s: s}.typeOf(e)
	return t.base, err
}

package cql2

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Precedence levels of the printer, loosest first, as the parser reads them.
const (
	levelOr = iota + 1
	levelAnd
	levelNot
	levelPredicate
	levelAdd
	levelMul
	levelPrimary
)

func level(e Expr) int {
	switch e := e.(type) {
	case Or:
		return levelOr
	case And:
		return levelAnd
	case Not:
		return levelNot
	case Compare, Like, Between, In, IsNull:
		return levelPredicate
	case Arith:
		if e.Op == OpAdd || e.Op == OpSub {
			return levelAdd
		}
		return levelMul
	}
	return levelPrimary
}

// write prints e, in parentheses when it binds looser than min.
func write(b *strings.Builder, e Expr, min int) {
	if e == nil {
		b.WriteString("NULL")
		return
	}
	if level(e) < min {
		b.WriteByte('(')
		writeExpr(b, e)
		b.WriteByte(')')
		return
	}
	writeExpr(b, e)
}

func format(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case Property:
		writeName(b, e.Name)
	case String:
		writeString(b, e.Value)
	case Number:
		b.WriteString(strconv.FormatFloat(e.Value, 'g', -1, 64))
	case Bool:
		if e.Value {
			b.WriteString("TRUE")
		} else {
			b.WriteString("FALSE")
		}
	case Date:
		b.WriteString("DATE('" + e.Value.Format(time.DateOnly) + "')")
	case Timestamp:
		b.WriteString("TIMESTAMP('" + e.Value.UTC().Format(time.RFC3339Nano) + "')")
	case Interval:
		b.WriteString("INTERVAL(")
		writeIntervalEnd(b, e.Start)
		b.WriteString(", ")
		writeIntervalEnd(b, e.End)
		b.WriteByte(')')
	case Geometry:
		writeGeometry(b, e)
	case Array:
		b.WriteByte('(')
		writeList(b, e.Items, levelAdd)
		b.WriteByte(')')
	case Not:
		b.WriteString("NOT ")
		write(b, e.X, levelNot)
	case And:
		writeJoined(b, e.Args, " AND ", levelNot)
	case Or:
		writeJoined(b, e.Args, " OR ", levelAnd)
	case Compare:
		write(b, e.L, levelAdd)
		b.WriteString(" " + e.Op + " ")
		write(b, e.R, levelAdd)
	case Like:
		write(b, e.X, levelAdd)
		b.WriteString(" LIKE ")
		write(b, e.Pattern, levelAdd)
	case Between:
		write(b, e.X, levelAdd)
		b.WriteString(" BETWEEN ")
		write(b, e.Lo, levelAdd)
		b.WriteString(" AND ")
		write(b, e.Hi, levelAdd)
	case In:
		write(b, e.X, levelAdd)
		b.WriteString(" IN (")
		writeList(b, e.List, levelAdd)
		b.WriteByte(')')
	case IsNull:
		write(b, e.X, levelAdd)
		b.WriteString(" IS NULL")
	case Arith:
		l := level(e)
		write(b, e.L, l)
		b.WriteString(" " + e.Op + " ")
		write(b, e.R, l+1)
	case Func:
		b.WriteString(e.Name + "(")
		writeList(b, e.Args, levelAdd)
		b.WriteByte(')')
	}
}

func writeJoined(b *strings.Builder, args []Expr, sep string, min int) {
	for i, a := range args {
		if i > 0 {
			b.WriteString(sep)
		}
		write(b, a, min)
	}
}

func writeList(b *strings.Builder, items []Expr, min int) {
	for i, a := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		write(b, a, min)
	}
}

func writeIntervalEnd(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("'..'")
	case Date:
		b.WriteString("'" + e.Value.Format(time.DateOnly) + "'")
	case Timestamp:
		b.WriteString("'" + e.Value.UTC().Format(time.RFC3339Nano) + "'")
	default:
		writeExpr(b, e)
	}
}

func writeString(b *strings.Builder, s string) {
	b.WriteByte('\'')
	b.WriteString(strings.ReplaceAll(s, "'", "''"))
	b.WriteByte('\'')
}

// writeName prints a property name bare when it reads back as one, quoted
// otherwise.
func writeName(b *strings.Builder, name string) {
	if bareName(name) {
		b.WriteString(name)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(name, `"`, `""`))
	b.WriteByte('"')
}

func bareName(name string) bool {
	if name == "" || reserved[strings.ToUpper(name)] || funcKinds[strings.ToUpper(name)] != kindUnknown {
		return false
	}
	for i, r := range name {
		if r == utf8.RuneError {
			return false
		}
		if i == 0 && !isIdentStart(r) || i > 0 && !isIdentPart(r) {
			return false
		}
	}
	return true
}

func writeGeometry(b *strings.Builder, g Geometry) {
	if bd, ok := g.Geom.(orb.Bound); ok {
		b.WriteString("BBOX(")
		for i, v := range []float64{bd.Min[0], bd.Min[1], bd.Max[0], bd.Max[1]} {
			if i > 0 {
				b.WriteString(", ")
			}
			writeFloat(b, v)
		}
		b.WriteByte(')')
		return
	}
	writeWKT(b, g.Geom)
}

func writeFloat(b *strings.Builder, v float64) {
	b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
}

func writePoints(b *strings.Builder, pts []orb.Point) {
	b.WriteByte('(')
	for i, p := range pts {
		if i > 0 {
			b.WriteString(", ")
		}
		writeFloat(b, p[0])
		b.WriteByte(' ')
		writeFloat(b, p[1])
	}
	b.WriteByte(')')
}

func writeRings(b *strings.Builder, p orb.Polygon) {
	b.WriteByte('(')
	for i, r := range p {
		if i > 0 {
			b.WriteString(", ")
		}
		writePoints(b, r)
	}
	b.WriteByte(')')
}

// writeWKT prints 2D WKT, numbers in their shortest exact form.
func writeWKT(b *strings.Builder, g orb.Geometry) {
	switch g := g.(type) {
	case orb.Point:
		b.WriteString("POINT")
		writePoints(b, []orb.Point{g})
	case orb.LineString:
		b.WriteString("LINESTRING")
		writePoints(b, g)
	case orb.Polygon:
		b.WriteString("POLYGON")
		writeRings(b, g)
	case orb.MultiPoint:
		b.WriteString("MULTIPOINT")
		writePoints(b, g)
	case orb.MultiLineString:
		b.WriteString("MULTILINESTRING(")
		for i, l := range g {
			if i > 0 {
				b.WriteString(", ")
			}
			writePoints(b, l)
		}
		b.WriteByte(')')
	case orb.MultiPolygon:
		b.WriteString("MULTIPOLYGON(")
		for i, p := range g {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRings(b, p)
		}
		b.WriteByte(')')
	case orb.Collection:
		b.WriteString("GEOMETRYCOLLECTION(")
		for i, c := range g {
			if i > 0 {
				b.WriteString(", ")
			}
			writeWKT(b, c)
		}
		b.WriteByte(')')
	case orb.Bound:
		writeWKT(b, g.ToPolygon())
	}
}

// WKT prints a geometry as 2D WKT, as the SQL translator passes geometry
// literals to ST_GeomFromText.
func WKT(g orb.Geometry) string {
	var b strings.Builder
	writeWKT(&b, g)
	return b.String()
}

func (e Property) String() string  { return format(e) }
func (e String) String() string    { return format(e) }
func (e Number) String() string    { return format(e) }
func (e Bool) String() string      { return format(e) }
func (e Date) String() string      { return format(e) }
func (e Timestamp) String() string { return format(e) }
func (e Interval) String() string  { return format(e) }
func (e Geometry) String() string  { return format(e) }
func (e Array) String() string     { return format(e) }
func (e Not) String() string       { return format(e) }
func (e And) String() string       { return format(e) }
func (e Or) String() string        { return format(e) }
func (e Compare) String() string   { return format(e) }
func (e Like) String() string      { return format(e) }
func (e Between) String() string   { return format(e) }
func (e In) String() string        { return format(e) }
func (e IsNull) String() string    { return format(e) }
func (e Arith) String() string     { return format(e) }
func (e Func) String() string      { return format(e) }

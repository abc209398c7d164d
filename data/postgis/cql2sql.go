package postgis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo/cql2"
)

// Columns resolves the property names of a CQL2 filter to SQL.
type Columns interface {
	// Column returns the SQL expression that reads the named property
	// (such as `p."area_ha"`), taken from the collection's definition and
	// never from the request, and false when the property is not
	// queryable. The translator calls it once per property reference.
	Column(name string) (sqlExpr string, ok bool)
}

// CQLOptions says what the database offers the translator; see
// DetectCQLOptions.
type CQLOptions struct {
	// Unaccent is whether the unaccent extension is installed; without it
	// ACCENTI is refused with a *cql2.Error.
	Unaccent bool
	// LowerCollation is the collation CASEI lowers with: "C.utf8" (glibc's
	// per-character mapping, as Go's strings.ToLower does), or "" for the
	// database's default, under which a C-locale database lowers ASCII only.
	LowerCollation string
}

// CQL2QueryError turns the error of a query with a CQL2 filter into a
// *cql2.Error when the filter's values caused it (SQLSTATE class 22, data
// exceptions: an arithmetic overflow, a timestamp out of range), so that
// it becomes a 400 as the same filter would in memory; other errors pass
// unchanged.
func CQL2QueryError(err error) error {
	if pe, ok := errors.AsType[*pq.Error](err); ok && strings.HasPrefix(string(pe.Code), "22") {
		return &cql2.Error{Msg: "the filter cannot be evaluated: " + pe.Message}
	}
	return err
}

// DetectCQLOptions asks the database whether it has the unaccent extension
// and a C.utf8 collation.
func DetectCQLOptions(ctx context.Context, db *sql.DB) (CQLOptions, error) {
	var o CQLOptions
	err := db.QueryRowContext(ctx, detectCQLOptionsSQL).Scan(&o.Unaccent, &o.LowerCollation)
	if err != nil {
		return CQLOptions{}, wrap("detect CQL2 options", err)
	}
	return o, nil
}

const detectCQLOptionsSQL = `SELECT
	EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent'),
	COALESCE((SELECT collname FROM pg_collation WHERE collname = 'C.utf8' LIMIT 1), '')`

// CQL2Where translates a CQL2 filter into a boolean SQL expression for a
// WHERE clause, with its values as placeholders $first, $first+1, … and
// returned in args; no text of the filter reaches the SQL, and property
// names only choose among the expressions cols returns. It type-checks the
// filter against s first; its errors are *cql2.Error, for a 400.
//
// The SQL means what cql2.Eval decides in memory: spatial functions are
// ST_Intersects and its siblings on a geometry built from a WKT
// placeholder (so the GIST index serves them; S_DISJOINT is NOT
// ST_Intersects, for the same reason); strings order by code point
// (COLLATE "C"); dates are midnight UTC whatever the session's time zone;
// a division or modulo by zero is NULL; arrays use @>, <@, = and &&.
func CQL2Where(e cql2.Expr, s cql2.Schema, cols Columns, first int, opt CQLOptions) (sqlText string, args []any, err error) {
	if err := cql2.Check(e, s); err != nil {
		return "", nil, err
	}
	b := &sqlBuilder{s: s, cols: cols, first: first, opt: opt}
	out, err := b.cond(e)
	if err != nil {
		return "", nil, err
	}
	return out, b.args, nil
}

// sqlBuilder accumulates the placeholders' arguments while it writes SQL.
type sqlBuilder struct {
	s     cql2.Schema
	cols  Columns
	first int
	opt   CQLOptions
	args  []any
}

// arg adds a placeholder for v, cast to the SQL type.
func (b *sqlBuilder) arg(v any, cast string) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(b.first+len(b.args)-1) + "::" + cast
}

func (b *sqlBuilder) typeOf(e cql2.Expr) cql2.Type {
	t, _ := cql2.TypeOf(e, b.s) // the filter was checked
	return t
}

var sqlComparisons = map[string]string{
	cql2.OpEq: "=", cql2.OpNe: "<>", cql2.OpLt: "<", cql2.OpGt: ">", cql2.OpLe: "<=", cql2.OpGe: ">=",
}

var sqlSpatial = map[string]string{
	cql2.SIntersects: "ST_Intersects", cql2.SWithin: "ST_Within", cql2.SContains: "ST_Contains",
	cql2.SEquals: "ST_Equals", cql2.STouches: "ST_Touches", cql2.SCrosses: "ST_Crosses",
	cql2.SOverlaps: "ST_Overlaps",
}

var sqlArrays = map[string]string{
	cql2.AContains: "@>", cql2.AContainedBy: "<@", cql2.AEquals: "=", cql2.AOverlaps: "&&",
}

// cond writes a condition.
func (b *sqlBuilder) cond(e cql2.Expr) (string, error) {
	switch e := e.(type) {
	case cql2.Not:
		x, err := b.cond(e.X)
		return "(NOT " + x + ")", err
	case cql2.And:
		return b.joined(e.Args, " AND ")
	case cql2.Or:
		return b.joined(e.Args, " OR ")
	case cql2.Compare:
		ordered := e.Op != cql2.OpEq && e.Op != cql2.OpNe
		l, r, err := b.operands(e.L, e.R, ordered)
		if err != nil {
			return "", err
		}
		return "(" + l + " " + sqlComparisons[e.Op] + " " + r + ")", nil
	case cql2.Between:
		v, err := b.values(true, e.X, e.Lo, e.Hi)
		if err != nil {
			return "", err
		}
		return "(" + v[0] + " BETWEEN " + v[1] + " AND " + v[2] + ")", nil
	case cql2.In:
		x, err := b.value(e.X)
		if err != nil {
			return "", err
		}
		list := make([]string, len(e.List))
		for i, it := range e.List {
			if list[i], err = b.value(it); err != nil {
				return "", err
			}
		}
		return "(" + x + " IN (" + strings.Join(list, ", ") + "))", nil
	case cql2.IsNull:
		x, err := b.value(e.X)
		return "(" + x + " IS NULL)", err
	case cql2.Like:
		x, p, err := b.operands(e.X, e.Pattern, false)
		return "(" + x + " LIKE " + p + ")", err
	case cql2.Bool, cql2.Property:
		return b.value(e)
	case cql2.Func:
		if fn, ok := sqlSpatial[e.Name]; ok || e.Name == cql2.SDisjoint {
			l, r, err := b.operands(e.Args[0], e.Args[1], false)
			if err != nil {
				return "", err
			}
			if e.Name == cql2.SDisjoint {
				return "(NOT ST_Intersects(" + l + ", " + r + "))", nil
			}
			return fn + "(" + l + ", " + r + ")", nil
		}
		if op, ok := sqlArrays[e.Name]; ok {
			l, r, err := b.operands(e.Args[0], e.Args[1], false)
			return "(" + l + " " + op + " " + r + ")", err
		}
		if conds, anyOf := cql2.TemporalConds(e.Name); conds != nil {
			return b.temporal(e, conds, anyOf)
		}
	}
	return "", fmt.Errorf("postgis: CQL2 %s is not a condition", e)
}

func (b *sqlBuilder) joined(args []cql2.Expr, sep string) (string, error) {
	parts := make([]string, len(args))
	for i, a := range args {
		var err error
		if parts[i], err = b.cond(a); err != nil {
			return "", err
		}
	}
	return "(" + strings.Join(parts, sep) + ")", nil
}

// operands writes two values; see values.
func (b *sqlBuilder) operands(l, r cql2.Expr, ordered bool) (string, string, error) {
	v, err := b.values(ordered, l, r)
	if err != nil {
		return "", "", err
	}
	return v[0], v[1], nil
}

// values writes values of one type, each once; ordered string comparisons
// go by code point, as Go compares strings.
func (b *sqlBuilder) values(ordered bool, es ...cql2.Expr) ([]string, error) {
	out := make([]string, len(es))
	for i, e := range es {
		v, err := b.value(e)
		if err != nil {
			return nil, err
		}
		if ordered && b.typeOf(es[0]) == cql2.TypeString {
			v = "((" + v + `) COLLATE "C")`
		}
		out[i] = v
	}
	return out, nil
}

// value writes a value expression.
func (b *sqlBuilder) value(e cql2.Expr) (string, error) {
	switch e := e.(type) {
	case cql2.Property:
		col, ok := b.cols.Column(e.Name)
		if !ok {
			return "", &cql2.Error{Msg: fmt.Sprintf("property %q cannot be filtered in this store", e.Name)}
		}
		col = "(" + col + ")"
		if b.typeOf(e) == cql2.TypeDate {
			// A date is midnight UTC, not midnight in the session's zone.
			return "(" + col + "::timestamp AT TIME ZONE 'UTC')", nil
		}
		return col, nil
	case cql2.String:
		return b.arg(e.Value, "text"), nil
	case cql2.Number:
		return b.arg(e.Value, "float8"), nil
	case cql2.Bool:
		return b.arg(e.Value, "boolean"), nil
	case cql2.Date:
		return b.arg(e.Value, "timestamptz"), nil
	case cql2.Timestamp:
		return b.arg(e.Value, "timestamptz"), nil
	case cql2.Geometry:
		return "ST_GeomFromText(" + b.arg(cql2.WKT(e.Geom), "text") + ", 4326)", nil
	case cql2.Array:
		items := make(pq.StringArray, len(e.Items))
		for i, it := range e.Items {
			s, ok := it.(cql2.String)
			if !ok {
				return "", &cql2.Error{Msg: "array elements must be strings"}
			}
			items[i] = s.Value
		}
		return b.arg(items, "text[]"), nil
	case cql2.Arith:
		l, err := b.value(e.L)
		if err != nil {
			return "", err
		}
		r, err := b.value(e.R)
		if err != nil {
			return "", err
		}
		l, r = "("+l+")::float8", "("+r+")::float8"
		switch e.Op {
		case cql2.OpAdd, cql2.OpSub, cql2.OpMul:
			return "(" + l + " " + e.Op + " " + r + ")", nil
		case cql2.OpQuo:
			return "(" + l + " / NULLIF(" + r + ", 0))", nil
		case cql2.OpDiv:
			return "trunc(" + l + " / NULLIF(" + r + ", 0))", nil
		case cql2.OpMod:
			// float8 has no modulo; this is the evaluator's, in float8.
			return "(" + l + " - trunc(" + l + " / NULLIF(" + r + ", 0)) * " + r + ")", nil
		}
	case cql2.Func:
		switch e.Name {
		case cql2.CaseI:
			x, err := b.value(e.Args[0])
			if b.opt.LowerCollation != "" {
				x = "(" + x + ") COLLATE " + pq.QuoteIdentifier(b.opt.LowerCollation)
			}
			return "lower(" + x + ")", err
		case cql2.AccentI:
			if !b.opt.Unaccent {
				return "", &cql2.Error{Msg: "ACCENTI is not available: the database lacks the unaccent extension"}
			}
			x, err := b.value(e.Args[0])
			return "unaccent(" + x + ")", err
		}
	}
	return "", fmt.Errorf("postgis: CQL2 %s is not a value", e)
}

// temporal writes a T_ function from the conditions on its operands' ends.
// An end is written only when a condition reads it (a placeholder no
// condition uses would have no type), and once: an instant's start and end
// share one.
func (b *sqlBuilder) temporal(e cql2.Func, conds []cql2.TemporalCond, anyOf bool) (string, error) {
	type end struct {
		e    cql2.Expr // nil for an open end
		open string    // what an open end is
		slot int       // ends with the same slot share their SQL
	}
	var ends [4]end
	for i, a := range e.Args {
		if iv, ok := a.(cql2.Interval); ok {
			ends[2*i] = end{iv.Start, "'-infinity'::timestamptz", 2 * i}
			ends[2*i+1] = end{iv.End, "'infinity'::timestamptz", 2*i + 1}
		} else {
			ends[2*i] = end{a, "", 2 * i}
			ends[2*i+1] = end{a, "", 2 * i}
		}
	}
	var written [4]string
	write := func(p cql2.Endpoint) (string, error) {
		en := ends[p]
		if en.e == nil {
			return en.open, nil
		}
		if written[en.slot] == "" {
			v, err := b.value(en.e)
			if err != nil {
				return "", err
			}
			written[en.slot] = v
		}
		return written[en.slot], nil
	}
	parts := make([]string, len(conds))
	for i, c := range conds {
		l, err := write(c.L)
		if err != nil {
			return "", err
		}
		r, err := write(c.R)
		if err != nil {
			return "", err
		}
		parts[i] = "(" + l + " " + sqlComparisons[c.Op] + " " + r + ")"
	}
	sep := " AND "
	if anyOf {
		sep = " OR "
	}
	return "(" + strings.Join(parts, sep) + ")", nil
}

package cql2

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

// TestParseText checks that each filter parses and prints back as the
// canonical text, which parses again to the same tree.
func TestParseText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"equal", "status = 'planned'", "status = 'planned'"},
		{"not equal", "status <> 'planned'", "status <> 'planned'"},
		{"less", "area_ha<10", "area_ha < 10"},
		{"greater", "area_ha > 10.5", "area_ha > 10.5"},
		{"less or equal", "area_ha <= 1e3", "area_ha <= 1000"},
		{"greater or equal", "area_ha >= .5", "area_ha >= 0.5"},
		{"negative", "area_ha > -3", "area_ha > -3"},
		{"exponent", "area_ha > 1.5E-7", "area_ha > 1.5e-07"},
		{"keywords in any case", "name like 'Yu%' and not active = true or x is not null",
			"name LIKE 'Yu%' AND NOT active = TRUE OR NOT x IS NULL"},
		{"like", "name LIKE 'Yu_i%'", "name LIKE 'Yu_i%'"},
		{"not like", "name NOT LIKE '%park'", "NOT name LIKE '%park'"},
		{"like escape", `name LIKE '100\%'`, `name LIKE '100\%'`},
		{"quote in string", "name = 'Xi''an' OR name = 'O\\'Hara'", "name = 'Xi''an' OR name = 'O''Hara'"},
		{"between", "area_ha BETWEEN 1 AND 2", "area_ha BETWEEN 1 AND 2"},
		{"not between", "area_ha NOT BETWEEN 1 AND 2 + 3", "NOT area_ha BETWEEN 1 AND 2 + 3"},
		{"in", "status IN ('a','b')", "status IN ('a', 'b')"},
		{"not in", "county_code NOT IN (530402, 530421)", "NOT county_code IN (530402, 530421)"},
		{"is null", "name_zh IS NULL", "name_zh IS NULL"},
		{"is not null", "name_zh IS NOT NULL", "NOT name_zh IS NULL"},
		{"and binds tighter than or", "a = 1 OR b = 2 AND c = 3", "a = 1 OR b = 2 AND c = 3"},
		{"parentheses kept where needed", "(a = 1 OR b = 2) AND c = 3", "(a = 1 OR b = 2) AND c = 3"},
		{"redundant parentheses dropped", "((a = 1)) AND (b = 2)", "a = 1 AND b = 2"},
		{"nested and kept", "(a = 1 AND b = 2) AND c = 3", "(a = 1 AND b = 2) AND c = 3"},
		{"not not", "NOT NOT a = 1", "NOT NOT a = 1"},
		{"boolean literal", "TRUE", "TRUE"},
		{"boolean property", "active AND NOT archived", "active AND NOT archived"},
		{"arithmetic precedence", "a + b * c - d / e > 0", "a + b * c - d / e > 0"},
		{"arithmetic parentheses", "(a + b) * c > 0", "(a + b) * c > 0"},
		{"left associative", "a - (b - c) = a - b - c", "a - (b - c) = a - b - c"},
		{"div and modulo", "a div 2 = a % 3", "a div 2 = a % 3"},
		{"unary minus", "-a < 0", "-1 * a < 0"},
		{"date", "established > DATE('2020-01-01')", "established > DATE('2020-01-01')"},
		{"timestamp", "updated < TIMESTAMP('2024-05-01T08:00:00+08:00')", "updated < TIMESTAMP('2024-05-01T00:00:00Z')"},
		{"interval", "T_INTERSECTS(updated, INTERVAL('2020-01-01', '..'))", "T_INTERSECTS(updated, INTERVAL('2020-01-01', '..'))"},
		{"interval of properties", "T_DURING(updated, INTERVAL(established, \"end date\"))", "T_DURING(updated, INTERVAL(established, \"end date\"))"},
		{"interval of literals", "T_DURING(updated, INTERVAL(DATE('2020-01-01'), TIMESTAMP('2021-01-01T00:00:00Z')))",
			"T_DURING(updated, INTERVAL('2020-01-01', '2021-01-01T00:00:00Z'))"},
		{"t_before", "t_before(established, date('2021-06-30'))", "T_BEFORE(established, DATE('2021-06-30'))"},
		{"t_after", "T_AFTER(updated, TIMESTAMP('2024-01-01T00:00:00Z'))", "T_AFTER(updated, TIMESTAMP('2024-01-01T00:00:00Z'))"},
		{"point", "S_INTERSECTS(geom, POINT(102.5 24.3))", "S_INTERSECTS(geom, POINT(102.5 24.3))"},
		{"linestring", "S_CROSSES(geom,LINESTRING(0 0,1 1))", "S_CROSSES(geom, LINESTRING(0 0, 1 1))"},
		{"polygon with hole", "S_WITHIN(geom, POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 1 2, 2 2, 1 1)))",
			"S_WITHIN(geom, POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 1 2, 2 2, 1 1)))"},
		{"multipoint both forms", "S_CONTAINS(geom, MULTIPOINT((1 2), 3 4))", "S_CONTAINS(geom, MULTIPOINT(1 2, 3 4))"},
		{"multilinestring", "S_TOUCHES(geom, MULTILINESTRING((0 0, 1 1), (2 2, 3 3)))", "S_TOUCHES(geom, MULTILINESTRING((0 0, 1 1), (2 2, 3 3)))"},
		{"multipolygon", "S_DISJOINT(geom, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5))))",
			"S_DISJOINT(geom, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5))))"},
		{"collection", "S_OVERLAPS(geom, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))",
			"S_OVERLAPS(geom, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))"},
		{"bbox", "S_INTERSECTS(geom, BBOX(102, 24, 103, 25))", "S_INTERSECTS(geom, BBOX(102, 24, 103, 25))"},
		{"bbox 3D", "S_INTERSECTS(geom, BBOX(102, 24, 0, 103, 25, 100))", "S_INTERSECTS(geom, BBOX(102, 24, 103, 25))"},
		{"s_equals", "S_EQUALS(geom, POINT(1 2))", "S_EQUALS(geom, POINT(1 2))"},
		{"array contains", "A_CONTAINS(stages, ('cathode', 'anode'))", "A_CONTAINS(stages, ('cathode', 'anode'))"},
		{"array contained by", "A_CONTAINEDBY(stages, ('a'))", "A_CONTAINEDBY(stages, ('a'))"},
		{"array equals empty", "A_EQUALS(stages, ())", "A_EQUALS(stages, ())"},
		{"array overlaps", "a_overlaps(stages, ('x', 'y'))", "A_OVERLAPS(stages, ('x', 'y'))"},
		{"casei", "CASEI(name) = casei('YUXI')", "CASEI(name) = CASEI('YUXI')"},
		{"accenti", "ACCENTI(CASEI(name)) LIKE ACCENTI(CASEI('Yùxī%'))", "ACCENTI(CASEI(name)) LIKE ACCENTI(CASEI('Yùxī%'))"},
		{"quoted names", `"area ha" > 1 AND "and" = 'x' AND "say ""hi""" = 'y'`, `"area ha" > 1 AND "and" = 'x' AND "say ""hi""" = 'y'`},
		{"chinese property and string", "名称 = '玉溪'", "名称 = '玉溪'"},
		{"lines", "a = 1\nAND\tb = 2", "a = 1 AND b = 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ParseText(tt.in)
			if err != nil {
				t.Fatalf("ParseText(%q): %v", tt.in, err)
			}
			if got := e.String(); got != tt.want {
				t.Errorf("ParseText(%q).String()\n got %s\nwant %s", tt.in, got, tt.want)
			}
			again, err := ParseText(e.String())
			if err != nil {
				t.Fatalf("ParseText(%q): %v", e.String(), err)
			}
			if d := cmp.Diff(e, again); d != "" {
				t.Errorf("printed and parsed again (-first +second):\n%s", d)
			}
		})
	}
}

// TestParseTextTree pins the trees of a few filters, so that the printer
// and the parser cannot agree on a wrong reading.
func TestParseTextTree(t *testing.T) {
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want Expr
	}{
		{"a = 1 OR b = 2 AND c", Or{Args: []Expr{
			Compare{Op: OpEq, L: Property{"a"}, R: Number{1}},
			And{Args: []Expr{Compare{Op: OpEq, L: Property{"b"}, R: Number{2}}, Property{"c"}}},
		}}},
		{"a - b - c > 2 * -3", Compare{Op: OpGt,
			L: Arith{Op: OpSub, L: Arith{Op: OpSub, L: Property{"a"}, R: Property{"b"}}, R: Property{"c"}},
			R: Arith{Op: OpMul, L: Number{2}, R: Number{-3}}}},
		{"x NOT BETWEEN 1 AND 2", Not{X: Between{X: Property{"x"}, Lo: Number{1}, Hi: Number{2}}}},
		{"T_AFTER(d, INTERVAL('..', '2020-01-01'))", Func{Name: TAfter, Args: []Expr{
			Property{"d"}, Interval{Start: nil, End: Date{day}}}}},
		{"S_INTERSECTS(g, BBOX(0, 1, 2, 3))", Func{Name: SIntersects, Args: []Expr{
			Property{"g"}, Geometry{Geom: orb.Bound{Min: orb.Point{0, 1}, Max: orb.Point{2, 3}}, BBox: true}}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseText(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  ", "line 1, column 1: the filter is empty"},
		{"missing value", "area_ha = )", "line 1, column 11: expected a value after '=', found ')'"},
		{"value at the end", "area_ha >", "line 1, column 10: expected a value after '>', found the end of the filter"},
		{"unbalanced open", "(a = 1", "line 1, column 7: expected ')' after '1', found the end of the filter"},
		{"unbalanced close", "a = 1)", "line 1, column 6: expected an operator, AND, OR or the end of the filter after '1', found ')'"},
		{"two values", "name 'x'", "line 1, column 6: expected an operator, AND, OR or the end of the filter after 'name', found 'x'"},
		{"a value alone", "42", "line 1, column 1: expected a condition (such as name = 'x'), found the value 42"},
		{"value in and", "a = 1 AND 3", "line 1, column 11: expected a condition (such as name = 'x'), found the value 3"},
		{"second line", "a = 1\n  AND b = ", "line 2, column 11: expected a value after '=', found the end of the filter"},
		{"unclosed string", "name = 'Yu", "line 1, column 8: a string that starts here is never closed with '"},
		{"unclosed name", `"name = 1`, `line 1, column 1: a property name that starts here is never closed with "`},
		{"bad character", "a = 1 ; b", "line 1, column 7: expected an operator, AND, OR or the end of the filter after '1', found the character ;"},
		{"unknown function", "foo(a) = 1", "line 1, column 1: unknown function 'foo'"},
		{"between without and", "a BETWEEN 1 OR 2", "line 1, column 13: expected AND after '1', found 'OR'"},
		{"in without parenthesis", "a IN 'x'", "line 1, column 6: expected ( and a list of values after 'IN', found 'x'"},
		{"in list unclosed", "a IN ('x', 'y'", "line 1, column 15: expected ',' or ')' after 'y', found the end of the filter"},
		{"is without null", "a IS 3", "line 1, column 6: expected NULL after 'IS', found '3'"},
		{"like without pattern", "a LIKE b", "line 1, column 8: expected a pattern (a string such as 'Yuxi%') after 'LIKE', found 'b'"},
		{"like trailing escape", `a LIKE 'x\'`, `line 1, column 8: a string that starts here is never closed with '`},
		{"compare conditions", "(a = 1) = TRUE", "line 1, column 1: cannot compare a condition with =; compare values"},
		{"spatial arity", "S_INTERSECTS(geom)", "line 1, column 18: expected ',' and argument 2 of S_INTERSECTS after 'geom', found ')'"},
		{"spatial too many", "S_INTERSECTS(geom, POINT(1 2), x)", "line 1, column 30: expected ')' after the 2 arguments of S_INTERSECTS after ')', found ','"},
		{"point 3D", "S_INTERSECTS(geom, POINT(1 2 3))", "line 1, column 30: a third coordinate is not supported: geometries are 2D"},
		{"point empty", "S_INTERSECTS(geom, POINT EMPTY)", "line 1, column 26: POINT EMPTY is not supported: geometries are 2D and not empty"},
		{"point missing y", "S_INTERSECTS(geom, POINT(1))", "line 1, column 27: expected a latitude after the longitude after '1', found ')'"},
		{"open ring", "S_WITHIN(geom, POLYGON((0 0, 1 0, 1 1, 0 1)))", "line 1, column 24: a polygon's ring must end where it starts"},
		{"short ring", "S_WITHIN(geom, POLYGON((0 0, 1 0, 0 0)))", "line 1, column 24: expected at least 4 points, found 3"},
		{"self-intersecting ring", "S_WITHIN(geom, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))",
			"line 1, column 16: invalid POLYGON: validating ring at index 0: polygon ring not simple (at or near {0 0})"},
		{"short linestring", "S_CROSSES(geom, LINESTRING(0 0))", "line 1, column 27: expected at least 2 points, found 1"},
		{"bbox arity", "S_INTERSECTS(geom, BBOX(1, 2, 3))", "line 1, column 24: BBOX takes 4 numbers (minx, miny, maxx, maxy), or 6 in 3D"},
		{"bbox inverted", "S_INTERSECTS(geom, BBOX(3, 2, 1, 4))", "line 1, column 24: BBOX's minimum is above its maximum (a box across the antimeridian must be split in two)"},
		{"bad date", "d = DATE('2020-13-01')", "line 1, column 10: '2020-13-01' is not a date (YYYY-MM-DD)"},
		{"bad timestamp", "d = TIMESTAMP('2020-01-01')", "line 1, column 15: '2020-01-01' is not a timestamp (RFC 3339, such as 2024-05-01T08:00:00Z)"},
		{"interval arity", "T_AFTER(d, INTERVAL('2020-01-01'))", "line 1, column 33: expected ',' after '2020-01-01', found ')'"},
		{"number out of range", "a = 1e999", "line 1, column 5: the number 1e999 is out of range"},
		{"reserved word as name", "and = 1", `line 1, column 1: expected a value, found the keyword AND (a property of that name is written "and")`},
		{"empty quoted name", `"" = 1`, "line 1, column 1: a property name cannot be empty"},
		{"NUL in a string", "name = 'a\x00b'", "line 1, column 8: a string or a name cannot contain the NUL character"},
		{"NUL in a name", "\"a\x00\" = 1", "line 1, column 1: a string or a name cannot contain the NUL character"},
		{"array outside A_", "a = ('x', 'y')", "line 1, column 9: expected ')' after 'x', found ','"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseText(tt.in)
			if err == nil {
				t.Fatalf("ParseText(%q) succeeded, want %q", tt.in, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("ParseText(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			if _, ok := err.(*Error); !ok {
				t.Errorf("error is a %T, want *Error", err)
			}
		})
	}
}

// TestLimits checks that huge or deeply nested filters are refused with a
// clear error, not a stack overflow, in both languages.
func TestLimits(t *testing.T) {
	nest := func(n int, open, mid, close string) string {
		return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
	}
	tests := []struct {
		name string
		text string
		json string
		want string
	}{
		{"too long", "a = '" + strings.Repeat("x", MaxLen) + "'", `{"op":"=","args":[{"property":"a"},"` + strings.Repeat("x", MaxLen) + `"]}`,
			"at most 102400 are accepted"},
		{"1,000 parentheses", nest(1000, "(", "a = 1", ")"), nest(1000, `{"op":"not","args":[`, `true`, `]}`), "deeper than 100 levels"},
		{"100,000 parentheses", nest(30000, "(", "a = 1", ")"), nest(20000, `[`, ``, `]`), "deeper than 100 levels"},
		{"1,000 NOTs", strings.Repeat("NOT ", 1000) + "a", nest(1000, `{"op":"not","args":[`, `true`, `]}`), "deeper than 100 levels"},
		{"1,000 minus signs", "a = " + strings.Repeat("-", 1000) + "b", nest(1000, `{"op":"-","args":[1,`, `1`, `]}`), "deeper than 100 levels"},
		{"a long chain of additions", "a = " + strings.Repeat("1 + ", 1000) + "1", nest(1000, `{"op":"+","args":[1,`, `1`, `]}`), "levels"},
		{"nested arrays", "A_CONTAINS(a, " + nest(1000, "(", "'x'", ")") + ")", `{"op":"a_contains","args":[{"property":"a"},` + nest(1000, "[", `"x"`, "]") + `]}`, "deeper than 100 levels"},
		{"nested collections", "S_INTERSECTS(g, " + nest(1000, "GEOMETRYCOLLECTION(", "POINT(1 2)", ")") + ")", "", "deeper than 100 levels"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseText(tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseText: %v, want an error with %q", err, tt.want)
			}
			if tt.json == "" {
				return
			}
			_, err = ParseJSON([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseJSON: %v, want an error with %q", err, tt.want)
			}
		})
	}
	t.Run("100 levels are fine", func(t *testing.T) {
		if _, err := ParseText(nest(90, "(", "a = 1", ")")); err != nil {
			t.Error(err)
		}
		if _, err := ParseJSON([]byte(nest(90, `{"op":"not","args":[`, `true`, `]}`))); err != nil {
			t.Error(err)
		}
	})
}

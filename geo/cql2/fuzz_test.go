package cql2_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parkmap/parkmap/geo/cql2"
	"github.com/parkmap/parkmap/geo/cql2/cql2test"
)

// roundTrip checks that e prints as text that parses back to e, and that
// checking and evaluating it does not panic.
func roundTrip(t *testing.T, e cql2.Expr) {
	text := e.String()
	// cql2-text cannot write a backslash just before a quote (\' is itself
	// an escaped quote), so such strings do not survive printing.
	if strings.Contains(text, `\''`) {
		return
	}
	again, err := cql2.ParseText(text)
	if err != nil {
		t.Fatalf("printed %q, which does not parse: %v", text, err)
	}
	if d := cmp.Diff(e, again); d != "" {
		t.Fatalf("printed %q, which parses to another tree (-first +second):\n%s", text, d)
	}
	if cql2.Check(e, cql2test.Types()) == nil {
		for _, r := range cql2test.Rows() {
			// Only arithmetic that PostgreSQL refuses too may fail.
			if _, err := cql2.Eval(e, r); err != nil {
				if _, ok := err.(*cql2.Error); !ok {
					t.Fatalf("Eval(%s) on row %d: %v", text, r.ID, err)
				}
			}
		}
	}
}

func FuzzParseText(f *testing.F) {
	for _, c := range cql2test.Cases() {
		f.Add(c.Filter)
	}
	for _, s := range []string{
		"(a + 1) * 2 > 3 OR NOT \"x y\" IS NULL", "a = 1 AND (b = 2 OR c = 3)", "T_AFTER(x, INTERVAL('..', '2020-01-01T00:00:00.5Z'))",
		"S_INTERSECTS(g, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))))", "a = 'it''s' AND b LIKE 'x\\%'", "名称 = '玉溪'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := cql2.ParseText(s)
		if err != nil {
			if _, ok := err.(*cql2.Error); !ok {
				t.Fatalf("error %v is a %T, not a *cql2.Error", err, err)
			}
			return
		}
		roundTrip(t, e)
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"op":"=","args":[{"property":"status"},"planned"]}`,
		`{"op":"and","args":[{"op":"like","args":[{"property":"name"},"Yu%"]},{"op":"not","args":[{"op":"isNull","args":[{"property":"x"}]}]}]}`,
		`{"op":"s_intersects","args":[{"property":"geom"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}`,
		`{"op":"s_within","args":[{"property":"geom"},{"bbox":[1,2,3,4]}]}`,
		`{"op":"t_during","args":[{"property":"t"},{"interval":[{"property":"start"},".."]}]}`,
		`{"op":"a_overlaps","args":[{"property":"stages"},["a",["b"]]]}`,
		`{"op":"between","args":[{"op":"+","args":[{"property":"a"},1e3]},{"date":"2020-01-01"},{"timestamp":"2020-01-01T00:00:00Z"}]}`,
		`{"op":"in","args":[{"op":"casei","args":[{"property":"a"}]},["x","y"]]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := cql2.ParseJSON(b)
		if err != nil {
			if _, ok := err.(*cql2.Error); !ok {
				t.Fatalf("error %v is a %T, not a *cql2.Error", err, err)
			}
			return
		}
		roundTrip(t, e)
	})
}

package cql2_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parkmap/parkmap/geo/cql2"
	"github.com/parkmap/parkmap/geo/cql2/cql2test"
)

// TestEval runs the shared table of filters through the evaluator; the
// PostGIS translator runs the same table (data/postgis).
func TestEval(t *testing.T) {
	rows := cql2test.Rows()
	for _, c := range cql2test.Cases() {
		t.Run(c.Filter, func(t *testing.T) {
			e, err := cql2.ParseText(c.Filter)
			if err != nil {
				t.Fatal(err)
			}
			if err := cql2.Check(e, cql2test.Types()); err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, r := range rows {
				ok, err := cql2.Eval(e, r)
				if err != nil {
					t.Fatalf("row %d: %v", r.ID, err)
				}
				if ok {
					got = append(got, r.ID)
				}
			}
			if d := cmp.Diff(c.Want, got); d != "" {
				t.Errorf("selected ids (-want +got):\n%s", d)
			}
		})
	}
}

// TestEvalSpatial checks that every spatial function takes every kind of
// geometry without an error; data/postgis checks the answers against GEOS.
func TestEvalSpatial(t *testing.T) {
	for _, f := range cql2test.SpatialFilters() {
		e, err := cql2.ParseText(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range cql2test.Rows() {
			if _, err := cql2.Eval(e, r); err != nil {
				t.Errorf("%s on row %d: %v", f, r.ID, err)
			}
		}
	}
}

func TestEvalUnevaluable(t *testing.T) {
	for _, f := range cql2test.Unevaluable() {
		t.Run(f, func(t *testing.T) {
			e, err := cql2.ParseText(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := cql2.Check(e, cql2test.Types()); err != nil {
				t.Fatal(err)
			}
			var failed error
			for _, r := range cql2test.Rows() {
				if _, err := cql2.Eval(e, r); err != nil {
					failed = err
				}
			}
			if _, ok := failed.(*cql2.Error); !ok {
				t.Errorf("Eval: %v (%T), want a *cql2.Error on some row", failed, failed)
			}
		})
	}
}

// TestRandomFilters checks that the generated filters parse, check, print
// back to themselves and evaluate; data/postgis compares their answers.
func TestRandomFilters(t *testing.T) {
	for _, f := range cql2test.RandomFilters(1, 500) {
		e, err := cql2.ParseText(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := cql2.Check(e, cql2test.Types()); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range cql2test.Rows() {
			if _, err := cql2.Eval(e, r); err != nil {
				t.Errorf("%s on row %d: %v", f, r.ID, err)
			}
		}
	}
}

package postgis

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

// TestCountCap: numberMatched is counted up to the cap and estimated by
// the planner past it, and says so; the page itself is unchanged. Filters
// (unprepared) and pages past the end (their own count) too.
func TestCountCap(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s := seededWith(t, d)
	ctx := context.Background()
	filter, err := cql2.ParseText("area_ha > 0")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    geo.FeatureQuery
	}{
		{"first page", geo.FeatureQuery{Limit: 2}},
		{"filtered", geo.FeatureQuery{Limit: 2, Filter: filter}},
		{"past the end", geo.FeatureQuery{Limit: 2, Offset: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.SetCountCap(DefaultCountCap)
			exact, err := s.Features(ctx, geo.Parks, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if exact.Estimated || exact.Matched != 5 {
				t.Fatalf("under the cap: Matched %d, Estimated %v; want 5, exact", exact.Matched, exact.Estimated)
			}
			s.SetCountCap(2)
			got, err := s.Features(ctx, geo.Parks, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Estimated || got.Matched <= 2 {
				t.Errorf("past the cap: Matched %d, Estimated %v; want more than 2, estimated", got.Matched, got.Estimated)
			}
			if !slices.EqualFunc(got.Features, exact.Features, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
				t.Error("the page changed with the cap")
			}
		})
	}
}

// TestStatementCache: pages of more shapes than the cache holds, asked for
// at once, all come right, and the cache keeps to its bound.
func TestStatementCache(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s := seededWith(t, d)
	s.stmts.max = 2
	ctx := context.Background()
	var queries []geo.FeatureQuery
	for _, p := range []string{"id", "name_en", "status", "area_ha", "planned_area_km2"} {
		queries = append(queries, geo.FeatureQuery{Limit: 3, SortBy: []geo.SortKey{{Property: p, Descending: true}}})
	}
	want := make([]geo.FeaturePage, len(queries))
	for i, q := range queries {
		if want[i], err = s.Features(ctx, geo.Parks, q); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20*len(queries))
	for range 20 {
		for i, q := range queries {
			wg.Go(func() {
				got, err := s.Features(ctx, geo.Parks, q)
				if err != nil {
					errs <- err
					return
				}
				if diff := cmp.Diff(want[i], got); diff != "" {
					errs <- fmt.Errorf("%+v: another page (-want +got):\n%s", q.SortBy, diff)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := s.stmts.len(); n > 2 {
		t.Errorf("%d statements kept, bound 2", n)
	}
}

// TestCountCapContract holds numberMatched over crowded boxes to the
// contract the embedded store keeps too.
func TestCountCapContract(t *testing.T) {
	storetest.RunCountCap(t, DefaultCountCap, func(t *testing.T, d *seed.Dataset) geo.Store { return seededWith(t, d) })
}

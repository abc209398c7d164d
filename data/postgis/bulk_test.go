package postgis

import (
	"context"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// TestBulkPages: a bulk read's page (an export's) runs no count, neither
// beside its rows nor for a page past the end, nor the planner's estimate,
// and is not kept in the page cache, where an export's thousands of pages
// would push out the map's; a page asked for as usual still is.
func TestBulkPages(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := cachedStore(t, d)
	s.SetCountCap(1) // past the cap a counted page asks for the estimate too
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		q    geo.FeatureQuery
	}{
		{"first page", geo.FeatureQuery{Limit: 2}},
		{"at an offset", geo.FeatureQuery{Limit: 2, Offset: 1}},
		{"past the end", geo.FeatureQuery{Limit: 2, Offset: 100}},
		{"after a keyset", geo.FeatureQuery{Limit: 2, After: &geo.Keyset{ID: "alpha"}}},
		{"after the last", geo.FeatureQuery{Limit: 2, After: &geo.Keyset{ID: "zzz"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			counted := tc.q
			bulk := tc.q
			bulk.Bulk = true
			if st := mustPageSQL(t, s, bulk); strings.Contains(st.page, "count(") {
				t.Errorf("a bulk page's statement counts:\n%s", st.page)
			}
			if st := mustPageSQL(t, s, counted); !strings.Contains(st.page, "count(") {
				t.Errorf("a page's statement does not count:\n%s", st.page)
			}
			s.pages.changed()
			want, err := s.Features(ctx, geo.Parks, counted)
			if err != nil {
				t.Fatal(err)
			}
			if s.pages.lru.Len() != 1 {
				t.Errorf("%d pages kept after a page, want 1", s.pages.lru.Len())
			}
			s.pages.changed()
			got, err := s.Features(ctx, geo.Parks, bulk)
			if err != nil {
				t.Fatal(err)
			}
			if s.pages.lru.Len() != 0 {
				t.Errorf("%d pages kept after a bulk page, want none", s.pages.lru.Len())
			}
			if got.Matched != 0 || got.Estimated {
				t.Errorf("bulk page: Matched %d, Estimated %v; want nothing counted", got.Matched, got.Estimated)
			}
			if len(got.Features) != len(want.Features) || (want.Last == nil) != (got.Last == nil) {
				t.Fatalf("bulk page: %d features, Last %v; want %d, Last %v", len(got.Features), got.Last, len(want.Features), want.Last)
			}
			for i := range got.Features {
				if string(got.Features[i]) != string(want.Features[i]) {
					t.Errorf("feature %d differs:\n%s\n%s", i, got.Features[i], want.Features[i])
				}
			}
		})
	}
}

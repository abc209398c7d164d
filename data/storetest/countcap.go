package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// crowdedParcels is how many parcels RunCountCap generates over the
// synthetic city's zones: about twice the count cap of 1,000, so that a
// zone's box holds more than the cap and half of one fewer.
const crowdedParcels = 3000

// RunCountCap holds a store's numberMatched to the contract both stores
// keep over crowded boxes: exact, and not said to be estimated, up to
// countCap matches; past it, more than the cap and either exact or said to
// be estimated (the estimate's closeness is each store's own: the
// embedded store counts every match where it gathered them all anyway).
// The page itself is the same whatever the count. The data is the synthetic city with
// crowdedParcels parcels generated over its zones, the antimeridian's
// included.
func RunCountCap(t *testing.T, countCap int, newStore func(t *testing.T, d *seed.Dataset) geo.Store) {
	d, err := City()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Synthesize(0, crowdedParcels, 1); err != nil {
		t.Fatal(err)
	}
	recs := slices.Clone(d.Parcels)
	slices.SortFunc(recs, func(a, b geo.Record) int { return strings.Compare(a.ID, b.ID) })
	s := newStore(t, d)
	ctx := context.Background()
	everything := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	tests := []struct {
		name   string
		box    orb.Bound
		offset int
		over   bool // whether the box holds more than the cap, checked below
	}{
		{"every parcel", everything, 0, true},
		{"every parcel, deep", everything, 2500, true},
		{"the zones by 100°E", orb.Bound{Min: orb.Point{99.9, 9.9}, Max: orb.Point{100.6, 10.2}}, 0, true},
		{"across the antimeridian", acrossDateline, 0, true},
		{"across the antimeridian, past the cap", acrossDateline, 1050, true},
		{"one zone's west half", orb.Bound{Min: orb.Point{100.45, 10.1}, Max: orb.Point{100.475, 10.15}}, 0, false},
		{"one zone's corner", orb.Bound{Min: orb.Point{100.49, 10.14}, Max: orb.Point{100.6, 10.2}}, 0, false},
		{"one zone's west half, deep", orb.Bound{Min: orb.Point{100.45, 10.1}, Max: orb.Point{100.475, 10.15}}, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, r := range recs {
				if intersectsBox(r.Geometry, tt.box) {
					want = append(want, r.ID)
				}
			}
			if over := len(want) > countCap; over != tt.over {
				t.Fatalf("the box holds %d parcels; the case wants it %s the cap of %d", len(want), map[bool]string{true: "past", false: "within"}[tt.over], countCap)
			}
			box := tt.box
			got, page := all(ctx, t, s, geo.Parcels, geo.FeatureQuery{BBox: &box, Limit: 100, Offset: tt.offset})
			lo, hi := min(tt.offset, len(want)), min(tt.offset+100, len(want))
			if diff := cmp.Diff(want[lo:hi], got); diff != "" {
				t.Errorf("page (-want +got):\n%s", diff)
			}
			if err := matchedHolds(page, len(want), hi, countCap); err != nil {
				t.Error(err)
			}
		})
	}
}

// matchedHolds checks a page's numberMatched against the matches there
// are: exact up to the cap; past it exact, or estimated, more than the cap
// and no fewer than the page's end.
func matchedHolds(page geo.FeaturePage, matches, end, countCap int) error {
	if matches <= countCap || !page.Estimated {
		if page.Matched != matches || page.Estimated {
			return fmt.Errorf("matched %d (estimated %v), want exactly %d", page.Matched, page.Estimated, matches)
		}
		return nil
	}
	if page.Matched <= countCap || page.Matched < end {
		return fmt.Errorf("matched %d (estimated %v) for %d matches, want an estimate past %d and no fewer than %d", page.Matched, page.Estimated, matches, countCap, end)
	}
	return nil
}

// intersectsBox is geo.Intersects for a box that may cross the
// antimeridian (west edge east of its east edge).
func intersectsBox(g orb.Geometry, b orb.Bound) bool {
	if b.Min[0] <= b.Max[0] {
		return geo.Intersects(g, b)
	}
	return geo.Intersects(g, orb.Bound{Min: b.Min, Max: orb.Point{180, b.Max[1]}}) ||
		geo.Intersects(g, orb.Bound{Min: orb.Point{-180, b.Min[1]}, Max: b.Max})
}

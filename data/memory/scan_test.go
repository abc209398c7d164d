package memory_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// TestCountCap holds the embedded store's count cap to PostGIS's, so that
// numberMatched is counted as far in either.
func TestCountCap(t *testing.T) {
	if memory.CountCap != postgis.DefaultCountCap {
		t.Errorf("memory counts to %d, PostGIS to %d", memory.CountCap, postgis.DefaultCountCap)
	}
}

// parcelStore is the bundled data with n generated parcels, and the
// parcels sorted by id.
func parcelStore(tb testing.TB, n int) (*memory.Store, []geo.Record, orb.Bound) {
	tb.Helper()
	d, err := seed.Bundled()
	if err != nil {
		tb.Fatal(err)
	}
	if d.Parcels, err = geo.GenerateParcels(d.Parks, n, 1); err != nil {
		tb.Fatal(err)
	}
	s, err := memory.New(d)
	if err != nil {
		tb.Fatal(err)
	}
	recs := slices.Clone(d.Parcels)
	slices.SortFunc(recs, func(a, b geo.Record) int { return strings.Compare(a.ID, b.ID) })
	ext := recs[0].Geometry.Bound()
	for _, r := range recs {
		ext = ext.Union(r.Geometry.Bound())
	}
	return s, recs, ext
}

func randomBox(rng *rand.Rand, ext orb.Bound, side float64) orb.Bound {
	x := ext.Min[0] + rng.Float64()*(ext.Max[0]-ext.Min[0]-side)
	y := ext.Min[1] + rng.Float64()*(ext.Max[1]-ext.Min[1]-side)
	return orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + side, y + side}}
}

func pageIDs(t *testing.T, p geo.FeaturePage) []string {
	t.Helper()
	ids := []string{}
	for _, f := range p.Features {
		var v struct{ ID string }
		if err := json.Unmarshal(f, &v); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.ID)
	}
	return ids
}

// TestScanPages holds the pages of boxes holding many parcels, served by a
// walk in id order, to the matches found by testing every parcel: the same
// features, numberMatched exact up to the count cap and estimated past it,
// and cursors that walk every match.
func TestScanPages(t *testing.T) {
	s, recs, ext := parcelStore(t, 20_000)
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	boxes := []orb.Bound{ext}
	for range 30 {
		boxes = append(boxes, randomBox(rng, ext, 0.05+rng.Float64()*0.3))
	}
	for n, box := range boxes {
		var want, available []string
		status := geo.Parcels.Index("status")
		for _, r := range recs {
			if geo.Intersects(r.Geometry, box) {
				want = append(want, r.ID)
				if r.Values[status] == "available" {
					available = append(available, r.ID)
				}
			}
		}
		for _, tc := range []struct {
			name          string
			offset, limit int
			sortBy        []geo.SortKey
			available     bool
		}{
			{"first", 0, 100, nil, false},
			{"offset", 950, 100, nil, false},
			{"deep", 2500, 10, nil, false},
			{"by id", 40, 7, []geo.SortKey{{Property: "id"}}, false},
			{"available", 300, 100, nil, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := geo.FeatureQuery{BBox: &box, Limit: tc.limit, Offset: tc.offset, SortBy: tc.sortBy}
				want := want
				if tc.available {
					q.Where = []geo.Condition{{Property: "status", AnyOf: []any{"available"}}}
					want = available
				}
				p, err := s.Features(ctx, geo.Parcels, q)
				if err != nil {
					t.Fatal(err)
				}
				lo, hi := min(tc.offset, len(want)), min(tc.offset+tc.limit, len(want))
				if diff := cmp.Diff(want[lo:hi], pageIDs(t, p), cmpEmpty); diff != "" {
					t.Errorf("box %d %v: page (-want +got):\n%s", n, box, diff)
				}
				if len(want) <= memory.CountCap || !p.Estimated {
					if p.Matched != len(want) || p.Estimated {
						t.Errorf("box %d: matched %d (estimated %v), want exactly %d", n, p.Matched, p.Estimated, len(want))
					}
				} else if p.Matched < min(len(want), max(memory.CountCap+1, hi+1)) || p.Matched > 2*len(want) || 2*p.Matched < len(want) {
					t.Errorf("box %d: estimated %d for %d matches", n, p.Matched, len(want))
				}
			})
		}
		if n%10 != 0 {
			continue
		}
		t.Run("cursor", func(t *testing.T) {
			var got []string
			q := geo.FeatureQuery{BBox: &box, Limit: 500}
			for range len(want)/q.Limit + 2 {
				p, err := s.Features(ctx, geo.Parcels, q)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, pageIDs(t, p)...)
				if p.Last == nil {
					break
				}
				q.After = p.Last
			}
			if diff := cmp.Diff(want, got, cmpEmpty); diff != "" {
				t.Errorf("box %d: pages by cursor (-want +got):\n%s", n, diff)
			}
		})
	}
}

var cmpEmpty = cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })

// BenchmarkBBoxPage is scripts/bench.sh's bbox case: 100 features of a
// random 0.1° box meeting the bounds of the zone with most of 100,000
// parcels (tens of thousands of them).
func BenchmarkBBoxPage(b *testing.B) {
	s, recs, _ := parcelStore(b, 100_000)
	zone := storetest.CrowdedZone(recs)
	zone.Min = orb.Point{zone.Min[0] - 0.1, zone.Min[1] - 0.1}
	zone.Max = orb.Point{zone.Max[0] + 0.1, zone.Max[1] + 0.1}
	rng := rand.New(rand.NewPCG(1, 2))
	boxes := make([]orb.Bound, 1024)
	for i := range boxes {
		boxes[i] = randomBox(rng, zone, 0.1)
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		box := boxes[i%len(boxes)]
		i++
		if _, err := s.Features(ctx, geo.Parcels, geo.FeatureQuery{BBox: &box, Limit: 100}); err != nil {
			b.Fatal(err)
		}
	}
}

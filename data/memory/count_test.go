package memory

import (
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// TestCountTestsNoItemPastThePage: past a page of a box holding more than
// the count cap in blocks lying wholly inside it, numberMatched is told
// estimated without testing one more item: the page's own matches are the
// only items the walk tests (its where is called once each). It tested
// every item of the blocks a box's edge crosses up to the cap, and of the
// first block after each gap.
func TestCountTestsNoItemPastThePage(t *testing.T) {
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if d.Parcels, err = geo.GenerateParcels(d.Parks, 20_000, 1); err != nil {
		t.Fatal(err)
	}
	s, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	zone := storetest.CrowdedZone(d.Parcels)
	mid := zone.Center()
	c := s.collections[geo.Parcels.ID]
	for _, tc := range []struct {
		name string
		box  orb.Bound
	}{
		{"the zone", orb.Bound{Min: orb.Point{zone.Min[0] - 0.01, zone.Min[1] - 0.01}, Max: orb.Point{zone.Max[0] + 0.01, zone.Max[1] + 0.01}}},
		{"its west half", orb.Bound{Min: orb.Point{zone.Min[0] - 0.01, zone.Min[1] - 0.01}, Max: orb.Point{mid[0], zone.Max[1] + 0.01}}},
		{"its east half", orb.Bound{Min: orb.Point{mid[0], zone.Min[1] - 0.01}, Max: orb.Point{zone.Max[0] + 0.01, zone.Max[1] + 0.01}}},
		{"its south half", orb.Bound{Min: orb.Point{zone.Min[0] - 0.01, zone.Min[1] - 0.01}, Max: orb.Point{zone.Max[0] + 0.01, mid[1]}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := geo.FeatureQuery{BBox: &tc.box, Limit: 100}
			halves, estimate, ok := c.scannable(q)
			if !ok {
				t.Fatalf("the box's estimate %d is not past the cap", estimate)
			}
			tested := 0
			where := func(*item) bool { tested++; return true }
			page, err := c.scanPage(q, where, halves, estimate, s.proj)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Features) != q.Limit || !page.Estimated || page.Matched <= countCap {
				t.Errorf("%d features, matched %d (estimated %v); want %d, an estimate past %d", len(page.Features), page.Matched, page.Estimated, q.Limit, countCap)
			}
			if tested != q.Limit {
				t.Errorf("%d items tested for a page of %d", tested, q.Limit)
			}
		})
	}
}

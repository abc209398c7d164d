package geo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

// parcelsOf generates n parcels over the zones and a finder over them that
// counts the parcels it returns.
func parcelsOf(t testing.TB, zones []Park, n int) ([]Parcel, *ParcelAreas, ParcelFinder, *int) {
	t.Helper()
	recs, err := GenerateParcels(zones, n, 9)
	if err != nil {
		t.Fatal(err)
	}
	byZone := map[string][]Parcel{}
	largest := map[string]float64{}
	var all []Parcel
	for _, r := range recs {
		p := ParcelFromRecord(r)
		all = append(all, p)
		byZone[p.Park] = append(byZone[p.Park], p)
		if p.Status == ParcelAvailable {
			largest[p.Park] = max(largest[p.Park], p.AreaHa)
		}
	}
	read := 0
	find := func(_ context.Context, ids []string, minHa float64) ([]Parcel, error) {
		var out []Parcel
		for _, id := range ids {
			for _, p := range byZone[id] {
				if p.Status == ParcelAvailable && p.AreaHa >= minHa {
					out = append(out, p)
				}
			}
		}
		read += len(out)
		return out, nil
	}
	return all, NewParcelAreas(largest), find, &read
}

// bruteParcelScore scores a parcel by measuring from it to every zone
// hosting each link.
func bruteParcelScore(chain *Chain, parks []Park, p Parcel, zone Park, q SitingQuery) float64 {
	mp := orb.MultiPolygon{p.Geometry}
	plan := 0.0
	switch {
	case zone.Hosts(q.Segment):
		plan = 1
	case zone.Status == StatusReserved:
		plan = reservedPlan
	}
	w := q.Weights
	sum, total := w.Assigned*plan, w.Assigned
	for _, side := range []struct {
		segs []string
		w    float64
	}{{chain.Suppliers(q.Segment), w.Suppliers}, {chain.Customers(q.Segment), w.Customers}} {
		s, counted := 0.0, 0
		for _, seg := range side.segs {
			d := math.Inf(1)
			if zone.Hosts(seg) {
				d = 0
			} else {
				for _, h := range parks {
					if h.Chain == chain.Slug && h.Hosts(seg) {
						d = math.Min(d, DistanceBetween(mp, h.Geometry))
					}
				}
			}
			if !math.IsInf(d, 1) {
				s += math.Exp(-d / linkDecayM)
				counted++
			}
		}
		if counted > 0 {
			sum += side.w * (s / float64(counted))
			total += side.w
		}
	}
	if q.Near != nil {
		sum += w.Near * math.Exp(-DistanceTo(*q.Near, mp)/pointDecayM)
		total += w.Near
	}
	if total == 0 {
		return 0
	}
	return math.Round(1000*sum/total) / 10
}

// TestRankParcelsMatchesBruteForce: the best parcels found through the
// index are those of scoring every available parcel big enough, and only a
// part of the parcels are read.
func TestRankParcelsMatchesBruteForce(t *testing.T) {
	chain := testChain()
	parks := syntheticParks(150, 4)
	x, err := NewZoneIndex(context.Background(), []Chain{*chain}, parks)
	if err != nil {
		t.Fatal(err)
	}
	all, areas, find, read := parcelsOf(t, parks, 1200)
	byID := ParksByID(parks)
	for _, tt := range []struct {
		seg   string
		near  *orb.Point
		w     Weights
		minHa float64
		limit int
	}{
		{"cells", &orb.Point{102.2, 24.2}, DefaultWeights, 3.6, 10}, // a few zones have parcels this big: scored at once
		{"cathode", nil, DefaultWeights, 0, 10},
		{"cathode", &orb.Point{102.5, 24.3}, DefaultWeights, 1.5, 10},
		{"cells", &orb.Point{102.0, 24.0}, Weights{Assigned: 0.1, Near: 1}, 1, 25},
		{"ore", nil, Weights{Suppliers: 1, Customers: 1}, 0, 5},
		{"salt", &orb.Point{103, 24.8}, DefaultWeights, 1e5, 5}, // none that big
		{"anode", nil, Weights{Near: 1}, 0, 10},                 // every score 0: a tie the zones' order breaks
	} {
		t.Run(fmt.Sprintf("%s near %v at least %g ha", tt.seg, tt.near, tt.minHa), func(t *testing.T) {
			q := ParcelQuery{SitingQuery: SitingQuery{Segment: tt.seg, Near: tt.near, Weights: tt.w}, MinAreaHa: tt.minHa, Limit: tt.limit}
			*read = 0
			got, err := x.RankParcels(context.Background(), q, areas, find)
			if err != nil {
				t.Fatal(err)
			}
			type scored struct {
				ID       string
				Score    float64
				ZoneRank int
			}
			zones, err := Rank(context.Background(), chain, parks, q.SitingQuery)
			if err != nil {
				t.Fatal(err)
			}
			// A zone's place among those with an available parcel big
			// enough (a zone with none has no largest parcel, not one of 0 ha).
			hasAvailable := map[string]bool{}
			for _, p := range all {
				if p.Status == ParcelAvailable {
					hasAvailable[p.Park] = true
				}
			}
			zoneRank := map[string]int{}
			for _, z := range zones {
				if hasAvailable[z.Park.ID] && areas.Largest(z.Park.ID) >= tt.minHa {
					zoneRank[z.Park.ID] = len(zoneRank) + 1
				}
			}
			var want []scored
			for _, p := range all {
				z := byID[p.Park]
				if z.Chain != chain.Slug || p.Status != ParcelAvailable || p.AreaHa < tt.minHa {
					continue
				}
				want = append(want, scored{p.ID, bruteParcelScore(chain, parks, p, z, q.SitingQuery), zoneRank[p.Park]})
			}
			slices.SortFunc(want, func(a, b scored) int {
				if c := cmp.Compare(b.Score, a.Score); c != 0 {
					return c
				}
				if c := cmp.Compare(a.ZoneRank, b.ZoneRank); c != 0 {
					return c
				}
				return cmp.Compare(a.ID, b.ID)
			})
			want = want[:min(len(want), tt.limit)]
			var gotScored []scored
			for _, ps := range got {
				gotScored = append(gotScored, scored{ps.Parcel.ID, ps.Score, ps.ZoneRank})
				if ps.Score > ps.Zone.Score {
					t.Errorf("%s scores %v, above its zone's %v", ps.Parcel.ID, ps.Score, ps.Zone.Score)
				}
			}
			if diff := gocmp.Diff(want, gotScored); diff != "" {
				t.Fatalf("(-brute +index):\n%s", diff)
			}
			if *read > len(all)/3 {
				t.Errorf("read %d of %d parcels", *read, len(all))
			}
			t.Logf("read %d of %d parcels", *read, len(all))
		})
	}
}

func TestParcelQueryValidate(t *testing.T) {
	ok := SitingQuery{Segment: "cathode", Weights: DefaultWeights}
	for _, q := range []ParcelQuery{
		{SitingQuery: ok, MinAreaHa: -1, Limit: 5},
		{SitingQuery: ok, MinAreaHa: math.NaN(), Limit: 5},
		{SitingQuery: ok, MinAreaHa: math.Inf(1), Limit: 5},
		{SitingQuery: ok, Limit: 0},
		{SitingQuery: ok, Limit: MaxParcelResults + 1},
	} {
		if err := q.Validate(); ErrorCode(err) != EInvalid {
			t.Errorf("Validate(%v, %d) = %v, want EInvalid", q.MinAreaHa, q.Limit, err)
		}
	}
}

// TestParcelReasons: the reasons name the zone and its place, the area,
// the point as seen from the parcel, and say synthetic from the data.
func TestParcelReasons(t *testing.T) {
	chain := testChain()
	chain.Segments[2].NameEN, chain.Segments[2].NameZH = "Cathode", "正极"
	zone := Park{ID: "z1", NameZH: "甲园", NameEN: "Zone A", Chain: "battery", Segments: []string{"cathode"}}
	d := 1500.0
	ps := ParcelSite{
		Parcel:     Parcel{ID: "z1-p1", Park: "z1", LandUse: "M2", AreaHa: 3.25, Accuracy: AccuracySynthetic, Sources: []string{"parkmap: synthetic"}},
		Zone:       Site{Park: zone, Score: 71.5},
		ZoneRank:   2,
		Components: SiteComponents{Assigned: true, Plan: 1, NearM: &d},
	}
	q := ParcelQuery{SitingQuery: SitingQuery{Segment: "cathode"}, MinAreaHa: 2, Limit: 5}
	for _, tt := range []struct {
		lang Lang
		want []string
	}{
		{LangEN, []string{"In Zone A (zone score 71.5, ranked 2 of the zones with parcels this size)", "3.25 ha (at least 2 ha asked), land use M2", "The zone plan assigns cathode here",
			"The parcel is 1.5 km from your point", "A synthetic parcel (geometry_accuracy: synthetic), not real land; source: parkmap: synthetic"}},
		{LangZH, []string{"位于甲园（园区得分 71.5，在有此面积地块的园区中排第 2 位）", "面积 3.25 公顷（要求不小于 2 公顷），用地性质 M2", "地块距所选地点 1.5 公里", "合成地块（geometry_accuracy: synthetic），并非真实土地；来源：parkmap: synthetic"}},
	} {
		got := ParcelReasons(ps, chain, map[string]Park{"z1": zone}, q, tt.lang)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %q not among %q", tt.lang, w, got)
			}
		}
	}
	ps.Parcel.Accuracy = AccuracySurveyed
	for _, r := range ParcelReasons(ps, chain, nil, q, LangEN) {
		if strings.Contains(r, "synthetic") {
			t.Errorf("a surveyed parcel is called synthetic: %q", r)
		}
	}
}

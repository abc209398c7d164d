package geo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
)

// scanNearest is what Locate did before the index: measure every zone,
// sort by distance then id.
func scanNearest(parks []Park, p orb.Point, n int) (*string, []ParkDistance) {
	all := []ParkDistance{}
	for _, z := range parks {
		all = append(all, ParkDistance{Park: z.ID, NameZH: z.NameZH, NameEN: z.NameEN, DistanceM: DistanceTo(p, z.Geometry)})
	}
	slices.SortFunc(all, func(a, b ParkDistance) int {
		if c := cmp.Compare(a.DistanceM, b.DistanceM); c != 0 {
			return c
		}
		return cmp.Compare(a.Park, b.Park)
	})
	var in *string
	if len(all) > 0 && all[0].DistanceM == 0 {
		in = &all[0].Park
	}
	return in, all[:max(0, min(n, len(all)))]
}

// TestParkIndexNearest: the index answers as the scan does, for points in
// and among the zones and anywhere else on Earth (poles, antimeridian,
// Yuxi's antipode), for n from -1 to more than there are zones.
func TestParkIndexNearest(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	parks := randomParks(r, 300, orb.Bound{Min: orb.Point{102, 24}, Max: orb.Point{102.3, 24.3}}, 0.003, 0.03)
	// Equal squares in a row, for ties.
	for i := range 5 {
		lon := 103 + 0.02*float64(i)
		parks = append(parks, Park{ID: "row" + string(rune('e'-i)), Geometry: orb.MultiPolygon{{{{lon, 24}, {lon + 0.01, 24}, {lon + 0.01, 24.01}, {lon, 24.01}, {lon, 24}}}}})
	}
	x := NewParkIndex(parks)
	points := []orb.Point{{102.1, 24.1}, {103.045, 24.02}, {103.045, 23.9}, {-77.28, -24.31}, {0, 90}, {0, -90}, {180, 0}, {-180, 24}, {102, -60}}
	for range 100 {
		points = append(points, orb.Point{101.9 + 0.5*r.Float64(), 23.9 + 0.5*r.Float64()})
	}
	for range 30 {
		points = append(points, orb.Point{-180 + 360*r.Float64(), -90 + 180*r.Float64()})
	}
	for _, p := range points {
		wantIn, all := scanNearest(parks, p, len(parks))
		for _, n := range []int{-1, 0, 1, 4, 100, 1000} {
			want := all[:max(0, min(n, len(all)))]
			gotIn, got := x.Nearest(p, n)
			if diff := gocmp.Diff(wantIn, gotIn); diff != "" {
				t.Fatalf("Nearest(%v, %d) containing zone (-scan +index):\n%s", p, n, diff)
			}
			if diff := gocmp.Diff(want, got); diff != "" {
				t.Fatalf("Nearest(%v, %d) (-scan +index):\n%s", p, n, diff)
			}
		}
	}
}

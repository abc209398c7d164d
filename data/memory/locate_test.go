package memory_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// synthetic returns the bundled dataset with its zones replaced by n
// generated squares of about 300 to 800 m scattered over Yuxi's extent.
func synthetic(t testing.TB, n int) *seed.Dataset {
	t.Helper()
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(n), 2))
	parks := make([]geo.Park, n)
	for i := range parks {
		p := d.Parks[i%len(d.Parks)]
		lon, lat := 101.5+1.7*r.Float64(), 23.5+1.4*r.Float64()
		w, h := 0.003+0.005*r.Float64(), 0.003+0.005*r.Float64()
		p.ID = fmt.Sprintf("z%05d", i)
		p.Geometry = orb.MultiPolygon{{{{lon, lat}, {lon + w, lat}, {lon + w, lat + h}, {lon, lat + h}, {lon, lat}}}}
		parks[i] = p
	}
	d.Parks = parks
	return d
}

// BenchmarkLocate locates random points over Yuxi among 1,000 and 10,000
// zones, asking for the 4 nearest, as /api/locate does by default.
func BenchmarkLocate(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("zones=%d", n), func(b *testing.B) {
			s, err := memory.New(synthetic(b, n))
			if err != nil {
				b.Fatal(err)
			}
			r := rand.New(rand.NewPCG(3, 4))
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				p := orb.Point{101.5 + 1.7*r.Float64(), 23.5 + 1.4*r.Float64()}
				if _, err := s.Locate(ctx, p, 4); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLocateRefuses: a point off the lon/lat range or not finite is
// invalid, as in the PostGIS store, rather than measured.
func TestLocateRefuses(t *testing.T) {
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	s, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []orb.Point{{200, 24}, {102, 95}, {102, -90.0001}, {math.NaN(), 24}, {math.Inf(-1), 24}} {
		if _, err := s.Locate(context.Background(), p, 3); geo.ErrorCode(err) != geo.EInvalid {
			t.Errorf("Locate(%v) = %v, want code %s", p, err, geo.EInvalid)
		}
	}
	// Anywhere else it answers: Yuxi's antipode is some 20,000 km from every zone.
	loc, err := s.Locate(context.Background(), orb.Point{-77.28, -24.31}, 1)
	if err != nil || loc.Park != nil || len(loc.Nearest) != 1 || loc.Nearest[0].DistanceM < 19_900_000 {
		t.Errorf("Locate(antipode) = %+v, %v; want the nearest zone at about 20,000 km", loc, err)
	}
}

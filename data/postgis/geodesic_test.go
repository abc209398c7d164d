package postgis

import (
	"context"
	"database/sql"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/geo"
)

// TestAreaMatchesPostGIS holds geo.Area, which the embedded store reports,
// to PostGIS's ST_Area on geography for every seed zone and county: both
// are Karney's ellipsoidal polygon area, so they must agree to 0.01% (they
// were 0.5% apart when geo measured on the sphere).
func TestAreaMatchesPostGIS(t *testing.T) {
	s, d := newSeeded(t)
	ctx := context.Background()
	want := map[string]float64{}
	for _, q := range []string{
		`SELECT 'park ' || id, ST_Area(geom::geography) FROM parks`,
		`SELECT 'county ' || code, ST_Area(geom::geography) FROM counties`,
	} {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			var a float64
			if err := rows.Scan(&id, &a); err != nil {
				t.Fatal(err)
			}
			want[id] = a
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]float64{}
	for _, p := range d.Parks {
		got["park "+p.ID] = geo.Area(p.Geometry)
	}
	for _, c := range d.Counties {
		got["county "+c.Code] = geo.Area(c.Geometry)
	}
	if len(got) != len(want) || len(got) == 0 {
		t.Fatalf("%d areas in Go, %d in PostGIS", len(got), len(want))
	}
	worst := 0.0
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s: in PostGIS, not in the dataset", id)
			continue
		}
		rel := math.Abs(g-w) / w
		worst = math.Max(worst, rel)
		if rel > 1e-4 {
			t.Errorf("%s: geo.Area = %.1f m², ST_Area(geography) = %.1f m²: %.4f%% apart", id, g, w, 100*rel)
		}
	}
	t.Logf("%d areas, at worst %.2g apart (relative)", len(want), worst)
}

// TestDistanceMatchesPostGIS holds geo.Distance to PostGIS's ST_Distance on
// geography (Karney's inverse problem through PROJ's geodesic library) for
// pairs of points in Yuxi, nearly and exactly antipodal ones, poles and
// random pairs over the Earth, where Vincenty's method failed.
func TestDistanceMatchesPostGIS(t *testing.T) {
	db, err := sql.Open("postgres", postgistest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pairs := [][2]orb.Point{
		{{102.72, 24.31}, {102.91, 24.21}},
		{{102.72, 24.31}, {-77.28, -24.31}},
		{{102.72, 24.31}, {-77.5, -24.0}},
		{{0, 0}, {180, 0}},
		{{0, 0}, {179.5, 0}},
		{{0, 0}, {179.9, 0.1}},
		{{-73.8, 40.6}, {2.55, 49.01666667}},
		{{174.81666666666666, -41.31666666666667}, {-5.5, 40.96666666666667}},
		{{0, 27.2}, {179.5, -27.1}},
		{{0, 90}, {180, -90}},
		{{10, 89.9}, {-170, 89.9}},
	}
	r := rand.New(rand.NewPCG(8, 9))
	for range 200 {
		pairs = append(pairs, [2]orb.Point{
			{-180 + 360*r.Float64(), -90 + 180*r.Float64()},
			{-180 + 360*r.Float64(), -90 + 180*r.Float64()},
		})
	}
	ctx := context.Background()
	worst := 0.0
	for _, p := range pairs {
		var want float64
		err := db.QueryRowContext(ctx,
			`SELECT ST_Distance(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography)`,
			p[0][0], p[0][1], p[1][0], p[1][1]).Scan(&want)
		if err != nil {
			t.Fatal(err)
		}
		got := geo.Distance(p[0], p[1])
		worst = math.Max(worst, math.Abs(got-want))
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("Distance(%v, %v) = %.9f m, ST_Distance(geography) = %.9f m", p[0], p[1], got, want)
		}
	}
	t.Logf("%d pairs, at worst %.3g m apart", len(pairs), worst)
}

package postgis

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/importer"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// syntheticZones returns the bundled dataset with its zones replaced by n
// generated squares of about 300 to 800 m over Yuxi's extent (as
// data/memory's benchmarks make them), each with a bundled zone's county,
// chain and segments.
func syntheticZones(t testing.TB, n int) *seed.Dataset {
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
	// The bundled projects lie in the bundled zones, which are gone.
	d.Projects = nil
	return d
}

// BenchmarkSiting reads siting's data from PostGIS with 10,000 zones and a
// million generated parcels (PARKMAP_BENCH_PARCELS): the zone index when
// nothing changed (one read of the version), rankings of zones and of
// parcels (parcels read a few zones at a time on the partial index), and
// locate (KNN, then ST_DWithin). Then writes: an import of one zone (which
// keeps the zones' nearest hosts) and a server's first read of the index
// after it, and a server's first read after a write from outside parkmap
// (which searches again around the zones it moved: none for a note). Setting up writes the parcels with COPY, as gen
// does, and logs how long it took.
func BenchmarkSiting(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("PARKMAP_BENCH_PARCELS")); err == nil && v > 0 {
		n = v
	}
	d := syntheticZones(b, 10_000)
	start := time.Now()
	s, url := seededAt(b, d)
	ctx := context.Background()
	parcels, err := geo.GenerateParcels(d.Parks, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.ReplaceSyntheticParcels(ctx, parcels); err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("10,000 zones and %d parcels written in %v", n, time.Since(start).Round(time.Second))
	start = time.Now()
	index, err := s.ZoneIndex(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("zone index built in %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	if _, err := s.ParcelAreas(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("largest available parcel of each zone read in %v", time.Since(start).Round(time.Millisecond))
	r := rand.New(rand.NewPCG(5, 6))
	point := func() *orb.Point { return &orb.Point{101.5 + 1.7*r.Float64(), 23.5 + 1.4*r.Float64()} }
	var segments []string
	for _, sg := range index.Chains()[0].Segments {
		segments = append(segments, sg.Slug)
	}
	seg := func() string { return segments[r.IntN(len(segments))] }
	areas := func() *geo.ParcelAreas {
		a, err := s.ParcelAreas(ctx)
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	for _, bm := range []struct {
		name string
		run  func() error
	}{
		{"index", func() error { _, err := s.ZoneIndex(ctx); return err }},
		{"zones/near/first20", func() error {
			x, err := s.ZoneIndex(ctx)
			if err != nil {
				return err
			}
			_, err = x.Rank(ctx, geo.SitingQuery{Segment: seg(), Near: point(), Weights: geo.DefaultWeights}, 20)
			return err
		}},
		{"parcels/near/atleast1ha/first20", func() error {
			x, err := s.ZoneIndex(ctx)
			if err != nil {
				return err
			}
			q := geo.ParcelQuery{SitingQuery: geo.SitingQuery{Segment: seg(), Near: point(), Weights: geo.DefaultWeights}, MinAreaHa: 1, Limit: 20}
			_, err = x.RankParcels(ctx, q, areas(), s.AvailableParcels)
			return err
		}},
		{"parcels/near/atleast0.2ha/first20", func() error {
			x, err := s.ZoneIndex(ctx)
			if err != nil {
				return err
			}
			q := geo.ParcelQuery{SitingQuery: geo.SitingQuery{Segment: seg(), Near: point(), Weights: geo.DefaultWeights}, MinAreaHa: 0.2, Limit: 20}
			_, err = x.RankParcels(ctx, q, areas(), s.AvailableParcels)
			return err
		}},
		{"parcels/atleast1ha/first20", func() error {
			x, err := s.ZoneIndex(ctx)
			if err != nil {
				return err
			}
			q := geo.ParcelQuery{SitingQuery: geo.SitingQuery{Segment: seg(), Weights: geo.DefaultWeights}, MinAreaHa: 1, Limit: 20}
			_, err = x.RankParcels(ctx, q, areas(), s.AvailableParcels)
			return err
		}},
		{"locate", func() error { _, err := s.Locate(ctx, *point(), 4); return err }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bm.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	server := open(b, url)
	zone := []string{
		writeFile(b, "a.geojson", []byte(`{"type":"FeatureCollection","features":[`+zoneGeoJSON("z00000", 102.5, 24.2, []string{"cells"})+`]}`)),
		writeFile(b, "b.geojson", []byte(`{"type":"FeatureCollection","features":[`+zoneGeoJSON("z00000", 102.6, 24.3, []string{"cathode"})+`]}`)),
	}
	imports := 0
	importZone := func() {
		imports++
		if _, err := importFile(b, s, geo.Parks, zone[imports%2], importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportUpsert}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("import/one-zone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			importZone()
		}
	})
	b.Run("index/after-an-import", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			importZone()
			b.StartTimer()
			if _, err := server.ZoneIndex(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	moves := 0
	b.Run("index/after-a-zone-moved-from-outside", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			moves++
			dx := []float64{0.001, -0.001}[moves%2]
			if _, err := s.db.ExecContext(ctx, `UPDATE parks SET geom = ST_Translate(geom, $1, 0) WHERE id = 'z00001'`, dx); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := server.ZoneIndex(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("index/after-a-write-from-outside", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			if _, err := s.db.ExecContext(ctx, `UPDATE parks SET note_en = note_en WHERE id = 'z00001'`); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := server.ZoneIndex(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package postgis

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/parkmap/parkmap/data/importer"
	"github.com/parkmap/parkmap/geo"
)

// BenchmarkImport measures `parkmap import` end to end (read, map, COPY,
// transform, check, upsert, segments and derived columns) for 100,000
// zones, as rows per second, from GeoJSON and from a GeoPackage (written by
// ogr2ogr, in EPSG:4543 so that every row is transformed), each into a
// freshly seeded database: the first iteration inserts, any further one
// updates. Run it with
//
//	PARKMAP_TEST_DATABASE_URL=… go test -run '^$' -bench BenchmarkImport -benchtime 1x ./data/postgis
func BenchmarkImport(b *testing.B) {
	const n = 100_000
	dir := b.TempDir()
	src := filepath.Join(dir, "zones.geojson")
	f, err := os.Create(src)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range n {
		if i > 0 {
			w.WriteString(",\n")
		}
		lon, lat := 102+float64(i%400)*0.005, 24+float64(i/400)*0.005
		fmt.Fprint(w, zoneGeoJSON(fmt.Sprintf("bench-%06d", i), lon, lat, []string{"cathode", "anode"}))
	}
	w.WriteString("]}\n")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	gpkg := filepath.Join(dir, "zones.gpkg")
	if out, err := runOGR(gpkg, src, "-t_srs", "EPSG:4543"); err != nil {
		b.Fatalf("ogr2ogr: %v\n%s", err, out)
	}
	for _, path := range []string{src, gpkg} {
		b.Run(filepath.Ext(path)[1:], func(b *testing.B) {
			s, _ := newSeeded(b)
			b.ReportAllocs()
			ctx := context.Background()
			for b.Loop() {
				file, err := importer.Read(path, importer.Options{})
				if err != nil {
					b.Fatal(err)
				}
				domains, err := s.ImportDomains(ctx)
				if err != nil {
					b.Fatal(err)
				}
				rows, _, problems := importer.Map(geo.Parks, file, importer.Mapping{Domains: domains})
				if len(problems) > 0 {
					b.Fatal(problems[:min(len(problems), 5)])
				}
				if _, err := s.Import(ctx, geo.Parks, rows, ImportOptions{Mode: ImportUpsert, SRID: file.SRID}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

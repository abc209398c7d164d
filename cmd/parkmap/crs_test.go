package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestCGCS2000ThroughGDAL reads the zones in CGCS2000 (EPSG:4490,
// latitude first as EPSG defines it) into GDAL and checks that they land in
// Yunnan. GDAL 3.6's GeoJSON reader takes the first number for x whatever
// the CRS, so the SQL swaps each pair into its order, as a GDAL user
// loading a Part 2 response must; were the server to write longitude first,
// the swapped zones would land at 24°E, 102°N, nowhere.
func TestCGCS2000ThroughGDAL(t *testing.T) {
	base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	src := base + "/api/collections/parks/items?limit=1000&crs=http://www.opengis.net/def/crs/EPSG/0/4490"
	layer := func() string {
		cmd := exec.CommandContext(ctx, "ogrinfo", "-ro", "-q", src)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %s: %v\n%s", src, err, out)
		}
		// "1: OGRGeoJSON (Multi Polygon)"
		f := strings.Fields(string(out))
		if len(f) < 2 {
			t.Fatalf("ogrinfo lists no layer:\n%s", out)
		}
		return f[1]
	}()
	cmd := exec.CommandContext(ctx, "ogr2ogr", "-f", "GeoJSON", "/vsistdout/",
		"-dialect", "SQLite", "-sql", `SELECT SwapCoords(geometry) AS geometry, id FROM "`+layer+`"`,
		"-s_srs", "EPSG:4490", "-t_srs", "OGC:CRS84", src)
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ogr2ogr: %v\n%s", err, out)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][][][]float64
			}
		}
	}
	if err := json.Unmarshal(out, &fc); err != nil {
		t.Fatalf("ogr2ogr output is not GeoJSON of multipolygons: %v\n%.500s", err, out)
	}
	if len(fc.Features) == 0 {
		t.Fatal("no zones through GDAL")
	}
	n := 0
	for _, f := range fc.Features {
		for _, poly := range f.Geometry.Coordinates {
			for _, ring := range poly {
				for _, c := range ring {
					n++
					// Yunnan: 97.5°–106.2°E, 21.1°–29.3°N.
					if c[0] < 97.5 || c[0] > 106.2 || c[1] < 21.1 || c[1] > 29.3 {
						t.Fatalf("vertex %v is not in Yunnan: the axis order is wrong", c)
					}
				}
			}
		}
	}
	t.Logf("%d zones, %d vertices in Yunnan", len(fc.Features), n)
}

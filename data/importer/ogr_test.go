package importer

import (
	"archive/zip"
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// shapefile writes a one-point Shapefile with a Chinese name through
// ogr2ogr, in GBK with its .cpg and in Gauss–Krüger CM 102E (EPSG:4543)
// with its .prj, as Chinese GIS departments hand them out; it returns the
// .shp's path.
func shapefile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.geojson")
	if err := os.WriteFile(src, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[102.5,24.3]},"properties":{"id":"hongta","name_zh":"玉溪红塔","segments":"cells;anode"}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	shp := filepath.Join(dir, "zones.shp")
	runOGR(t, "-f", "ESRI Shapefile", shp, src, "-t_srs", "EPSG:4543", "-lco", "ENCODING=CP936")
	os.Remove(src)
	return shp
}

// zipFolder zips the files of a folder whose names pass keep.
func zipFolder(t *testing.T, dir string, keep func(string) bool) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !keep(e.Name()) {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create("zones/" + e.Name())
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return write(t, "zones.zip", buf.Bytes())
}

func TestReadShapefile(t *testing.T) {
	shp := shapefile(t)
	dir := filepath.Dir(shp)
	check := func(t *testing.T, f *File) {
		t.Helper()
		if len(f.Features) != 1 {
			t.Fatalf("%d features, want 1", len(f.Features))
		}
		ft := f.Features[0]
		if got := ft.Fields["name_zh"]; got != "玉溪红塔" {
			t.Errorf("name_zh = %q, want 玉溪红塔 (the .cpg says GBK)", got)
		}
		p, ok := ft.Geometry.(orb.Point)
		if !ok || math.Abs(p[0]-102.5) > 1e-7 || math.Abs(p[1]-24.3) > 1e-7 {
			t.Errorf("geometry = %v, want POINT(102.5 24.3) back from EPSG:4543", ft.Geometry)
		}
		if f.SRID != 4326 {
			t.Errorf("SRID = %d, want 4326 (GDAL reprojects)", f.SRID)
		}
	}
	t.Run("plain", func(t *testing.T) {
		f, err := Read(shp, Options{})
		if err != nil {
			t.Fatal(err)
		}
		check(t, f)
	})
	t.Run("zipped", func(t *testing.T) {
		f, err := Read(zipFolder(t, dir, func(string) bool { return true }), Options{})
		if err != nil {
			t.Fatal(err)
		}
		check(t, f)
	})

	broken := []struct {
		name string
		path func(t *testing.T) string
		opt  Options
		want string
	}{
		{"a .shp without its .dbf", func(t *testing.T) string {
			return zipFolder(t, dir, func(n string) bool { return !strings.HasSuffix(n, ".dbf") })
		}, Options{}, "zones.shp has no .dbf"},
		{"a plain .shp without its .dbf", func(t *testing.T) string {
			d := t.TempDir()
			raw, _ := os.ReadFile(shp)
			os.WriteFile(filepath.Join(d, "zones.shp"), raw, 0o644)
			return filepath.Join(d, "zones.shp")
		}, Options{}, "no .dbf"},
		{"a .prj GDAL does not know", func(t *testing.T) string {
			return zipFolder(t, withFile(t, dir, "zones.prj", "GARBAGE"), func(string) bool { return true })
		}, Options{}, "--crs"},
		{"a zip bomb", func(t *testing.T) string {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("zones.shp")
			w.Write(make([]byte, 20<<20))
			zw.Close()
			return write(t, "bomb.zip", buf.Bytes())
		}, Options{}, "zip bomb"},
		{"a zip over the limit", func(t *testing.T) string {
			return zipFolder(t, dir, func(string) bool { return true })
		}, Options{MaxBytes: 200}, "too large"},
		{"not a zip", func(t *testing.T) string { return write(t, "zones.zip", []byte("PK nothing")) }, Options{}, "not a readable zip"},
		{"a file GDAL does not know", func(t *testing.T) string { return write(t, "zones.dwg", []byte("AC1032")) }, Options{}, "GDAL cannot read zones.dwg"},
	}
	for _, tt := range broken {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(tt.path(t), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read = %v, want an error containing %q", err, tt.want)
			}
		})
	}

	t.Run("without a .prj, taken as lon/lat", func(t *testing.T) {
		d := t.TempDir()
		for _, ext := range []string{".shp", ".shx", ".dbf", ".cpg"} {
			raw, _ := os.ReadFile(strings.TrimSuffix(shp, ".shp") + ext)
			os.WriteFile(filepath.Join(d, "zones"+ext), raw, 0o644)
		}
		f, err := Read(filepath.Join(d, "zones.shp"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p := f.Features[0].Geometry.(orb.Point); p[0] < 1000 {
			t.Errorf("geometry = %v, want the Gauss–Krüger metres as they are (the store's range check refuses them)", p)
		}
		f, err = Read(filepath.Join(d, "zones.shp"), Options{CRS: "EPSG:4543"})
		if err != nil {
			t.Fatal(err)
		}
		check(t, f)
	})
}

// withFile copies dir's files to a new folder, with name holding content.
func withFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	d := t.TempDir()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		raw, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		os.WriteFile(filepath.Join(d, e.Name()), raw, 0o644)
	}
	os.WriteFile(filepath.Join(d, name), []byte(content), 0o644)
	return d
}

package main

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/seed"
)

// TestImportCity takes the synthetic Qujing folder through every import
// format a planner brings, end to end: GDAL's ogr2ogr converts its counties,
// zones and projects into GeoJSON text sequences, CSV with WKT, CSV with
// lon/lat columns, CSV in GBK, a GeoPackage in CGCS2000 (EPSG:4490) and
// zipped Shapefiles in Gauss–Krüger (EPSG:4543, .prj) with a GBK .dbf
// (.cpg) and truncated field names; each is imported with `parkmap import`
// into a database seeded with Qujing's city.json, chains and sources only.
// The server then gives the same features as the embedded store serving
// the folder itself, says Qujing and nothing of Yuxi, and GDAL's OAPIF
// driver reads the zones back with their fields. The map is opened once,
// on the last database, in Chromium.
func TestImportCity(t *testing.T) {
	for _, tool := range []string{"ogr2ogr", "ogrinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s (gdal-bin) is needed: %v", tool, err)
		}
	}
	chromium := chromiumPath(t)
	dir := t.TempDir()
	convert := func(out string, args ...string) string {
		t.Helper()
		path := filepath.Join(dir, out)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// ogr2ogr [options] DST SRC; lists go out as JSON text.
		argv := []string{"-oo", "ARRAY_AS_STRING=YES"}
		argv = append(argv, args[:len(args)-1]...)
		argv = append(argv, path, args[len(args)-1])
		cmd := exec.CommandContext(ctx, "ogr2ogr", argv...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ogr2ogr %s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
		}
		return path
	}
	src := func(collection string) string { return filepath.Join(qujingDir, collection+".geojson") }
	// A CSV as Chinese Excel and WPS save it: GBK.
	gbk := func(path string) string {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := simplifiedchinese.GBK.NewEncoder().Bytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		out := strings.TrimSuffix(path, ".csv") + "-gbk.csv"
		if err := os.WriteFile(out, enc, 0o644); err != nil {
			t.Fatal(err)
		}
		return out
	}
	zipped := func(shp string) string {
		out := strings.TrimSuffix(shp, ".shp") + ".zip"
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		w := zip.NewWriter(f)
		for _, ext := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
			raw, err := os.ReadFile(strings.TrimSuffix(shp, ".shp") + ext)
			if err != nil {
				t.Fatalf("the Shapefile lacks its %s: %v", ext, err)
			}
			zw, err := w.Create(filepath.Base(strings.TrimSuffix(shp, ".shp") + ext))
			if err != nil {
				t.Fatal(err)
			}
			zw.Write(raw)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return out
	}
	// The Shapefile's 10-character field names, read back as properties.
	shpNames := map[string][]string{
		"counties": nil,
		"parks":    {"county_cod=county_code", "planned_ar=planned_area_km2", "geometry_a=geometry_accuracy"},
		"projects": {"enterprise=enterprise_zh", "enterpri_1=enterprise_en", "county_cod=county_code", "capacity_z=capacity_zh",
			"capacity_e=capacity_en", "investment=investment_yi_cny", "geometry_a=geometry_accuracy"},
	}
	collections := []string{"counties", "parks", "projects"} // in the order their references need
	type load struct {
		file string
		args []string
	}
	formats := []struct {
		name  string
		loads func(collection string) load
	}{
		{"GeoJSON", func(c string) load { return load{file: src(c)} }},
		{"GeoJSON text sequence", func(c string) load {
			return load{file: convert("seq/"+c+".geojsonl", "-f", "GeoJSONSeq", src(c))}
		}},
		{"CSV with WKT", func(c string) load {
			return load{file: convert("wkt/"+c+".csv", "-f", "CSV", "-lco", "GEOMETRY=AS_WKT", src(c))}
		}},
		{"CSV with lon/lat for points, in GBK", func(c string) load {
			if c == "projects" {
				return load{file: gbk(convert("xy/"+c+".csv", "-f", "CSV", "-lco", "GEOMETRY=AS_XY", src(c)))}
			}
			return load{file: gbk(convert("xy/"+c+".csv", "-f", "CSV", "-lco", "GEOMETRY=AS_WKT", src(c)))}
		}},
		{"GeoPackage in CGCS2000", func(c string) load {
			path := convert("gpkg/"+c+".gpkg", "-f", "GPKG", "-t_srs", "EPSG:4490", "-nln", c, src(c))
			return load{file: path, args: []string{"--layer", c}}
		}},
		{"zipped Shapefile in Gauss-Kruger with a GBK DBF", func(c string) load {
			shp := convert("shp/"+c+".shp", "-f", "ESRI Shapefile", "-lco", "ENCODING=CP936", "-t_srs", "EPSG:4543", src(c))
			l := load{file: zipped(shp)}
			for _, m := range shpNames[c] {
				l.args = append(l.args, "--map", m)
			}
			return l
		}},
	}

	// What the embedded store serves from the folder itself.
	want := map[string][]any{}
	embedded := startServer(t, "--data", qujingDir)
	for _, c := range collections {
		want[c] = features(t, embedded, c)
	}
	skeleton := skeletonOf(t, qujingDir)

	for i, format := range formats {
		t.Run(format.name, func(t *testing.T) {
			env := map[string]string{"DATABASE_URL": postgistest.NewDatabase(t)}
			parkmap := func(args ...string) string {
				t.Helper()
				var out, errOut strings.Builder
				if err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut); err != nil {
					t.Fatalf("parkmap %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
				}
				return out.String()
			}
			parkmap("migrate")
			parkmap("seed", "--data", skeleton)
			for _, c := range collections {
				l := format.loads(c)
				out := parkmap(append([]string{"import", l.file, "--collection", c, "--mode", "append"}, l.args...)...)
				if !strings.Contains(out, fmt.Sprintf("imported %d features into %s", len(want[c]), c)) {
					t.Errorf("import %s: %s", filepath.Base(l.file), out)
				}
			}
			base := startServerEnv(t, env)
			for _, c := range collections {
				// Coordinates through a projected CRS and back agree to 1e-7°
				// (1 cm), the areas measured on them to a millionth.
				if diff := cmp.Diff(want[c], features(t, base, c), cmpopts.EquateApprox(1e-6, 1e-7)); diff != "" {
					t.Errorf("%s imported from %s differ from the folder's (-folder +imported):\n%s", c, format.name, diff)
				}
			}
			checkCityAPI(t, base)
			checkOAPIF(t, base)
			if i == len(formats)-1 {
				checkCityPage(t, chromium, base)
			}
		})
	}
}

// features returns a collection's features as the server gives them,
// decoded, ordered by id.
func features(t *testing.T, base, collection string) []any {
	t.Helper()
	r := get(t, "GET", base+"/api/collections/"+collection+"/items?limit=1000", nil)
	var fc struct{ Features []any }
	if r.status != 200 {
		t.Fatalf("GET %s items: %d %s", collection, r.status, r.body)
	}
	if err := json.Unmarshal(r.body, &fc); err != nil {
		t.Fatal(err)
	}
	return fc.Features
}

// skeletonOf copies a data folder's city.json, chains and sources beside
// empty feature files (the counties' attribution kept): what a planner
// seeds before importing their GIS files.
func skeletonOf(t *testing.T, from string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{seed.FileCity, seed.FileChains, seed.FileSources} {
		raw, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var counties struct{ Attribution string }
	raw, err := os.ReadFile(filepath.Join(from, seed.FileCounties))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &counties); err != nil {
		t.Fatal(err)
	}
	head, _ := json.Marshal(map[string]any{"type": "FeatureCollection", "attribution": counties.Attribution, "features": []any{}})
	for name, body := range map[string][]byte{
		seed.FileCounties: head,
		seed.FileParks:    []byte(`{"type":"FeatureCollection","features":[]}`),
		seed.FileProjects: []byte(`{"type":"FeatureCollection","features":[]}`),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkOAPIF reads the zones back through GDAL's OGC API - Features driver:
// both, with their names, status and segments as fields.
func checkOAPIF(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ogr2ogr", "-f", "GeoJSON", "/vsistdout/", "OAPIF:"+base+"/api", "parks")
	cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ogr2ogr OAPIF: %v\n%s", err, out)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(out, &fc); err != nil {
		t.Fatalf("GDAL's output: %v\n%.500s", err, out)
	}
	var got []string
	for _, f := range fc.Features {
		p := f.Properties
		got = append(got, fmt.Sprintf("%v %v %v %v %v", p["id"], p["name_zh"], p["name_en"], p["status"], p["segments"]))
	}
	slices.Sort(got)
	want := []string{
		"QJ_luliang 陆良示例硅材料园 Luliang Sample Silicon Park planned [polysilicon ingot]",
		"qj-qilin 麒麟示例光伏园 Qilin Sample PV Park operating [pv-cell module]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("GDAL's OAPIF driver reads the zones as\n%s\nwant\n%s\n(all of it: %.1000s)", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
}

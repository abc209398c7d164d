package postgis

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/parkmap/parkmap/data/importer"
	"github.com/parkmap/parkmap/geo"
)

// importFile runs what `parkmap import` runs: read, map against the
// database's domains, load.
func importFile(t testing.TB, s *Store, c *geo.Collection, path string, opt importer.Options, m importer.Mapping, iopt ImportOptions) (ImportReport, error) {
	t.Helper()
	ctx := context.Background()
	f, err := importer.Read(path, opt)
	if err != nil {
		return ImportReport{}, err
	}
	if m.Domains, err = s.ImportDomains(ctx); err != nil {
		t.Fatal(err)
	}
	rows, _, problems := importer.Map(c, f, m)
	if len(problems) > 0 {
		return ImportReport{}, problems
	}
	iopt.SRID, iopt.Lines = f.SRID, f.Lines
	return s.Import(ctx, c, rows, iopt)
}

// writeFile writes a fixture into a fresh folder.
func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ogr2ogr runs GDAL's ogr2ogr, which make test installs (scripts/deps.sh);
// without it the test skips, except under CI=true.
func ogr2ogr(t testing.TB, args ...string) {
	t.Helper()
	if out, err := runOGR(args...); err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func runOGR(args ...string) ([]byte, error) {
	p, err := exec.LookPath("ogr2ogr")
	if err != nil {
		if os.Getenv("CI") == "true" {
			return nil, errors.New("CI=true and ogr2ogr is not installed (scripts/deps.sh installs gdal-bin)")
		}
		return nil, errors.New("ogr2ogr is not installed (apt-get install gdal-bin)")
	}
	return exec.Command(p, args...).CombinedOutput()
}

// zoneSquare is a 0.01° square zone near Qujing as WKT, around lon, lat.
func zoneSquare(lon, lat float64) string {
	return fmt.Sprintf("POLYGON ((%[1]g %[2]g, %[3]g %[2]g, %[3]g %[4]g, %[1]g %[4]g, %[1]g %[2]g))", lon, lat, lon+0.01, lat+0.01)
}

// zoneGeoJSON is one zone as a GeoJSON feature, its segments as given.
func zoneGeoJSON(id string, lon, lat float64, segments any) string {
	seg, _ := json.Marshal(segments)
	return fmt.Sprintf(`{"type":"Feature","id":%q,"geometry":{"type":"Polygon","coordinates":[[[%[2]g,%[3]g],[%[4]g,%[3]g],[%[4]g,%[5]g],[%[2]g,%[5]g],[%[2]g,%[3]g]]]},
"properties":{"name_zh":"曲靖经开区","name_en":"Qujing ETDZ","county_code":"530402","status":"planned","chain":"new-energy-battery",
"segments":%[6]s,"planned_area_km2":2.5,"geometry_accuracy":"digitized","sources":["parkmap-schematic"]}}`, id, lon, lat, lon+0.01, lat+0.01, seg)
}

const zoneCSVHeader = "id,name_zh,name_en,county_code,status,chain,segments,planned_area_km2,geometry_accuracy,sources,wkt\n"

func zoneCSV(id string, lon, lat float64) string {
	return fmt.Sprintf("%s,曲靖经开区,Qujing ETDZ,530402,planned,new-energy-battery,\"cathode;anode\",2.5,digitized,parkmap-schematic,\"%s\"\n", id, zoneSquare(lon, lat))
}

// TestImportFormats imports a zone in each format and reads it back through
// the store: the properties as written, the derived ones computed, the
// geometry back in WGS 84 where it was drawn.
func TestImportFormats(t *testing.T) {
	s, _ := newSeeded(t)
	ctx := context.Background()
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// ogrFrom writes a one-zone GeoJSON in lon/lat and converts it with
	// ogr2ogr, as a planner's GIS would have saved it.
	ogrFrom := func(t *testing.T, name string, segments any, args ...string) string {
		src := writeFile(t, "src.geojson", []byte(`{"type":"FeatureCollection","features":[`+zoneGeoJSON(strings.TrimSuffix(name, filepath.Ext(name)), 102.6, 24.4, segments)+`]}`))
		dst := filepath.Join(t.TempDir(), name)
		ogr2ogr(t, append([]string{dst, src}, args...)...)
		return dst
	}
	tests := []struct {
		name     string
		id       string
		path     func(t *testing.T) string
		opt      importer.Options
		rename   map[string]string
		lon, lat float64
	}{
		{"GeoJSON", "gj", func(t *testing.T) string {
			return writeFile(t, "z.geojson", []byte(`{"type":"FeatureCollection","features":[`+zoneGeoJSON("gj", 103.8, 25.5, []string{"cathode", "anode"})+`]}`))
		}, importer.Options{}, nil, 103.8, 25.5},
		{"GeoJSON text sequence", "seq", func(t *testing.T) string {
			return writeFile(t, "z.geojsons", []byte("\x1e"+strings.ReplaceAll(zoneGeoJSON("seq", 103.8, 25.5, "cathode,anode"), "\n", "")+"\n"))
		}, importer.Options{}, nil, 103.8, 25.5},
		{"CSV, UTF-8 with BOM, WKT", "csv-bom", func(t *testing.T) string {
			return writeFile(t, "z.csv", []byte("\ufeff"+zoneCSVHeader+zoneCSV("csv-bom", 103.8, 25.5)))
		}, importer.Options{}, nil, 103.8, 25.5},
		{"CSV in GBK, in CGCS2000 (EPSG:4490)", "csv-gbk", func(t *testing.T) string {
			return writeFile(t, "z.csv", gbk(zoneCSVHeader+zoneCSV("csv-gbk", 103.8, 25.5)))
		}, importer.Options{CRS: "EPSG:4490"}, nil, 103.8, 25.5},
		{"GeoPackage in Gauss–Krüger CM 102E (EPSG:4543), lists as JSON text", "gpkg", func(t *testing.T) string {
			return ogrFrom(t, "gpkg.gpkg", []string{"cathode", "anode"}, "-t_srs", "EPSG:4543")
		}, importer.Options{}, nil, 102.6, 24.4},
		{"zipped Shapefile in GBK with .cpg, in EPSG:4522, names cut to 10 letters", "shp", func(t *testing.T) string {
			shp := ogrFrom(t, "shp.shp", "cathode;anode", "-t_srs", "EPSG:4522", "-lco", "ENCODING=CP936", "-mapFieldType", "StringList=String")
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for _, ext := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
				raw, err := os.ReadFile(strings.TrimSuffix(shp, ".shp") + ext)
				if err != nil {
					t.Fatal(err)
				}
				w, _ := zw.Create("shp" + ext)
				w.Write(raw)
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			return writeFile(t, "shp.zip", buf.Bytes())
		}, importer.Options{}, map[string]string{"county_cod": "county_code", "planned_ar": "planned_area_km2", "geometry_a": "geometry_accuracy"}, 102.6, 24.4},
	}
	citation := ""
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		if src.ID == "parkmap-schematic" {
			citation = src.Citation()
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := importFile(t, s, geo.Parks, tt.path(t), tt.opt, importer.Mapping{Rename: tt.rename}, ImportOptions{Mode: ImportAppend})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Inserted != 1 {
				t.Errorf("report %+v, want 1 inserted", rep)
			}
			raw, err := s.Feature(ctx, geo.Parks, tt.id, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Geometry struct {
					Coordinates [][][][2]float64
				}
				Properties map[string]any
			}
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			area := got.Properties["area_ha"]
			delete(got.Properties, "area_ha")
			want := map[string]any{
				"name_zh": "曲靖经开区", "name_en": "Qujing ETDZ", "county_code": "530402", "status": "planned",
				"chain": "new-energy-battery", "segments": []any{"cathode", "anode"}, "stages": []any{"materials"},
				"planned_area_km2": 2.5, "geometry_accuracy": "digitized", "note_zh": "", "note_en": "",
				"sources": []any{citation},
			}
			if diff := cmp.Diff(want, got.Properties); diff != "" {
				t.Errorf("properties (-want +got):\n%s", diff)
			}
			if a, _ := area.(float64); a < 100 || a > 130 {
				t.Errorf("area_ha = %v, want about 113 (0.01° square at 25°N)", area)
			}
			corner := got.Geometry.Coordinates[0][0][0]
			if math.Abs(corner[0]-tt.lon) > 1e-6 || math.Abs(corner[1]-tt.lat) > 1e-6 {
				t.Errorf("first corner %v, want [%g %g]", corner, tt.lon, tt.lat)
			}
		})
	}

	t.Run("CSV of projects with lon/lat columns", func(t *testing.T) {
		path := writeFile(t, "p.csv", []byte("id,enterprise_zh,enterprise_en,chain,segments,park,lon,lat,geometry_accuracy,investment_yi_cny,sources\n"+
			"qj-cells,曲靖电芯,Qujing Cells,new-energy-battery,cells,gj,103.805,25.505,schematic,12.5,\"[\"\"parkmap-schematic\"\"]\"\n"+
			"qj-unplaced,未定位,Unplaced,new-energy-battery,,,,,,,parkmap-schematic\n"))
		if _, err := importFile(t, s, geo.Projects, path, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportAppend}); err != nil {
			t.Fatal(err)
		}
		raw, err := s.Feature(ctx, geo.Projects, "qj-cells", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{`"coordinates":[103.805,25.505]`, `"segments":["cells"]`, `"park":"gj"`, `"investment_yi_cny":12.5`} {
			if !strings.Contains(string(raw), w) {
				t.Errorf("project %s lacks %s", raw, w)
			}
		}
		raw, err = s.Feature(ctx, geo.Projects, "qj-unplaced", nil)
		if err != nil || !strings.Contains(string(raw), `"geometry":null`) || !strings.Contains(string(raw), `"geometry_accuracy":null`) {
			t.Errorf("unplaced project: %s, %v", raw, err)
		}
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM project_segments WHERE project = 'qj-cells' AND segment = 'cells'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("project_segments rows = %d, %v; want 1", n, err)
		}
	})
}

// TestImportParcels: parcels are single polygons; a MultiPolygon of one
// is taken, and a bow tie --make-valid would split into two is refused.
func TestImportParcels(t *testing.T) {
	s, _ := newSeeded(t)
	path := writeFile(t, "parcels.csv", []byte("id,park,land_use,status,segment,enterprise,geometry_accuracy,sources,wkt\n"+
		"lq-01,longquan,M2,available,cells,,surveyed,parkmap-schematic,\"MULTIPOLYGON(((102.71 24.30,102.712 24.30,102.712 24.302,102.71 24.302,102.71 24.30)))\"\n"))
	if _, err := importFile(t, s, geo.Parcels, path, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportAppend}); err != nil {
		t.Fatal(err)
	}
	raw, err := s.Feature(context.Background(), geo.Parcels, "lq-01", nil)
	if err != nil || !strings.Contains(string(raw), `"type":"Polygon"`) || !strings.Contains(string(raw), `"enterprise":null`) {
		t.Errorf("parcel: %s, %v", raw, err)
	}
	bowtie := writeFile(t, "bowtie.csv", []byte("id,park,land_use,status,geometry_accuracy,sources,wkt\n"+
		"lq-02,longquan,M2,available,surveyed,parkmap-schematic,\"POLYGON((102.71 24.30,102.712 24.302,102.712 24.30,102.71 24.302,102.71 24.30))\"\n"))
	_, err = importFile(t, s, geo.Parcels, bowtie, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportAppend, MakeValid: true})
	if got := fmt.Sprint(err); !strings.Contains(got, "line 2, field geometry: repairing the polygon splits it into 2 polygons") {
		t.Errorf("bow tie parcel: %v", err)
	}
}

// TestImportModes: append refuses an id already there, upsert updates it,
// replace leaves the collection holding the file's rows only.
func TestImportModes(t *testing.T) {
	s, d := newSeeded(t)
	ctx := context.Background()
	one := writeFile(t, "z.geojson", []byte(`{"type":"FeatureCollection","features":[`+zoneGeoJSON("longquan", 102.7, 24.3, []string{"cells"})+`]}`))
	_, err := importFile(t, s, geo.Parks, one, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportAppend})
	if got := fmt.Sprint(err); !strings.Contains(got, `feature 1, field id: id "longquan" is already in parks`) {
		t.Errorf("append of an id already there: %v", err)
	}
	rep, err := importFile(t, s, geo.Parks, one, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportUpsert})
	if err != nil || rep.Updated != 1 || rep.Inserted != 0 {
		t.Fatalf("upsert: %+v, %v; want 1 updated", rep, err)
	}
	raw, _ := s.Feature(ctx, geo.Parks, "longquan", nil)
	if !strings.Contains(string(raw), `"segments":["cells"],"stages":["cells"]`) || !strings.Contains(string(raw), `"name_en":"Qujing ETDZ"`) {
		t.Errorf("longquan after upsert: %s", raw)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM park_segments WHERE park = 'longquan'`).Scan(&n)
	if n != 1 {
		t.Errorf("park_segments of longquan: %d rows, want 1", n)
	}

	// Zones are referred to by projects: replacing them all is refused, and says why.
	_, err = importFile(t, s, geo.Parks, one, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportReplace})
	if got := fmt.Sprint(err); !strings.Contains(got, "replace would delete rows that others refer to") {
		t.Errorf("replace of referenced zones: %v", err)
	}
	proj := writeFile(t, "p.geojson", []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"solo","geometry":null,"properties":{"enterprise_zh":"甲","enterprise_en":"A","chain":"new-energy-battery","sources":["parkmap-schematic"]}}]}`))
	rep, err = importFile(t, s, geo.Projects, proj, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportReplace})
	if err != nil || rep.Inserted != 1 || rep.Deleted != int64(len(d.Projects)) {
		t.Fatalf("replace projects: %+v, %v; want 1 inserted, %d deleted", rep, err, len(d.Projects))
	}
	page, err := s.Features(ctx, geo.Projects, geo.FeatureQuery{Limit: 10})
	if err != nil || page.Matched != 1 {
		t.Errorf("projects after replace: %d, %v; want 1", page.Matched, err)
	}
}

// TestImportMakeValid: a self-intersecting zone is refused with its
// reason, or repaired with MakeValid and reported.
func TestImportMakeValid(t *testing.T) {
	s, _ := newSeeded(t)
	bowtie := strings.Replace(zoneGeoJSON("bowtie", 103.8, 25.5, []string{}), "[103.81,25.5],[103.81,25.51],[103.8,25.51]", "[103.81,25.51],[103.81,25.5],[103.8,25.51]", 1)
	path := writeFile(t, "z.geojson", []byte(`{"type":"FeatureCollection","features":[`+bowtie+`]}`))
	_, err := importFile(t, s, geo.Parks, path, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportAppend})
	if got := fmt.Sprint(err); !strings.Contains(got, "feature 1, field geometry: invalid geometry: Self-intersection") {
		t.Fatalf("invalid zone: %v", err)
	}
	rep, err := importFile(t, s, geo.Parks, path, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportAppend, MakeValid: true})
	if err != nil || len(rep.Repaired) != 1 || !strings.Contains(rep.Repaired[0].String(), "feature 1, field geometry: repaired: Self-intersection") {
		t.Fatalf("--make-valid: %+v, %v", rep, err)
	}
	raw, err := s.Feature(context.Background(), geo.Parks, "bowtie", nil)
	if err != nil || !strings.Contains(string(raw), `"type":"MultiPolygon"`) {
		t.Errorf("repaired zone: %s, %v", raw, err)
	}
}

// TestImportBrokenLeavesDatabase: every broken file gets a clear message
// and the database is unchanged, row for row (not even a row rewritten).
func TestImportBrokenLeavesDatabase(t *testing.T) {
	s, _ := newSeeded(t)
	fc := func(features ...string) []byte {
		return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`)
	}
	good := zoneGeoJSON("qj", 103.8, 25.5, []string{"cathode"})
	huge := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "huge.geojson")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(2 << 30); err != nil { // sparse: 2 GB on no disk
			t.Skipf("sparse file: %v", err)
		}
		return path
	}
	tests := []struct {
		name string
		c    *geo.Collection
		path func(t *testing.T) string
		opt  importer.Options
		mode ImportMode
		want []string
	}{
		{"truncated", geo.Parks, func(t *testing.T) string { return writeFile(t, "z.geojson", fc(good, good)[:300]) }, importer.Options{}, ImportAppend,
			[]string{"ends early"}},
		{"wrong types", geo.Parks, func(t *testing.T) string {
			return writeFile(t, "z.geojson", fc(good, strings.Replace(strings.Replace(good, `"qj"`, `"qj2"`, 1), `"planned_area_km2":2.5`, `"planned_area_km2":"big"`, 1)))
		}, importer.Options{}, ImportAppend, []string{`feature 2, field planned_area_km2: "big" is not a number`}},
		{"a 2 GB file", geo.Parks, huge, importer.Options{}, ImportAppend, []string{"too large"}},
		{"mixed geometry types", geo.Parks, func(t *testing.T) string {
			return writeFile(t, "z.geojson", fc(good, `{"type":"Feature","id":"line","geometry":{"type":"LineString","coordinates":[[103,25],[104,26]]},"properties":{}}`))
		}, importer.Options{}, ImportAppend, []string{"feature 2, field geometry: geometry is a LineString; parks holds MultiPolygons"}},
		{"coordinates out of range", geo.Parks, func(t *testing.T) string {
			return writeFile(t, "z.geojson", fc(zoneGeoJSON("far", 500, 25.5, []string{})))
		}, importer.Options{}, ImportAppend, []string{"feature 1, field geometry: coordinates out of range"}},
		{"projected coordinates without their CRS", geo.Parks, func(t *testing.T) string {
			return writeFile(t, "z.csv", []byte(zoneCSVHeader+zoneCSV("gk", 560000, 2700000)))
		}, importer.Options{}, ImportAppend, []string{"line 2, field geometry: coordinates out of range", "--crs"}},
		{"duplicate ids", geo.Parks, func(t *testing.T) string { return writeFile(t, "z.geojson", fc(good, good)) }, importer.Options{}, ImportAppend,
			[]string{`feature 2, field id: duplicate id "qj" (also feature 1)`}},
		{"an id already there", geo.Parks, func(t *testing.T) string {
			return writeFile(t, "z.geojson", fc(good, zoneGeoJSON("longquan", 103.8, 25.5, []string{})))
		}, importer.Options{}, ImportAppend, []string{`feature 2, field id: id "longquan" is already in parks`}},
		{"unknown CRS", geo.Parks, func(t *testing.T) string { return writeFile(t, "z.geojson", fc(good)) }, importer.Options{CRS: "EPSG:999999"}, ImportAppend,
			[]string{"unknown CRS EPSG:999999"}},
		{"an invalid polygon", geo.Counties, func(t *testing.T) string {
			return writeFile(t, "c.geojson", fc(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]},"properties":{"code":"999999","name_zh":"甲","name_en":"A","sources":["parkmap-schematic"]}}`))
		}, importer.Options{}, ImportUpsert, []string{"feature 1, field geometry: invalid geometry: Self-intersection"}},
		{"an empty file, in replace mode", geo.Parks, func(t *testing.T) string { return writeFile(t, "z.geojson", fc()) }, importer.Options{}, ImportReplace,
			[]string{"the file holds no features"}},
		{"replacing counties that zones are in", geo.Counties, func(t *testing.T) string {
			return writeFile(t, "c.geojson", fc(`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"code":"999999","name_zh":"甲","name_en":"A","sources":["parkmap-schematic"]}}`))
		}, importer.Options{}, ImportReplace, []string{"replace would delete rows that others refer to"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			before := snapshot(t, s.db)
			_, err := importFile(t, s, tt.c, path, tt.opt, importer.Mapping{}, ImportOptions{Mode: tt.mode})
			if err == nil {
				t.Fatal("imported a broken file")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to hold %q", err, w)
				}
			}
			if _, ok := errors.AsType[importer.Problems](err); !ok && strings.Contains(err.Error(), "postgis:") {
				t.Errorf("error %q is the driver's, not a problem with the file", err)
			}
			if diff := cmp.Diff(before, snapshot(t, s.db)); diff != "" {
				t.Errorf("the database changed (-before +after):\n%s", diff)
			}
		})
	}
}

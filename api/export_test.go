package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// ogr2ogr returns GDAL's ogr2ogr, skipping the test without it except under
// CI=true, where make test's scripts/deps.sh has installed gdal-bin.
func ogr2ogr(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("ogr2ogr")
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true and ogr2ogr is not installed (scripts/deps.sh installs gdal-bin)")
	}
	t.Skip("ogr2ogr is not installed (apt-get install gdal-bin)")
	return ""
}

// gdalFeatures has GDAL read a file (through ogr2ogr into GeoJSON) and
// returns its features by id, as GDAL typed them.
func gdalFeatures(t *testing.T, path, idName string, args ...string) map[string]*geojson.Feature {
	t.Helper()
	cmd := exec.Command(ogr2ogr(t), append([]string{"-f", "GeoJSON", "/vsistdout/", path}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", filepath.Base(path), err, stderr.String())
	}
	if s := stderr.String(); strings.Contains(s, "ERROR") || strings.Contains(s, "Warning") {
		t.Errorf("ogr2ogr %s said:\n%s", filepath.Base(path), s)
	}
	fc, err := geojson.UnmarshalFeatureCollection(out)
	if err != nil {
		t.Fatalf("ogr2ogr %s: %v: %.300s", filepath.Base(path), err, out)
	}
	byID := map[string]*geojson.Feature{}
	for _, f := range fc.Features {
		byID[fmt.Sprint(f.Properties[idName])] = f
	}
	return byID
}

// exportCase is one export read back by GDAL: how GDAL is told to read
// it, and how a list and a boolean come back.
type exportCase struct {
	format, ext string
	gdalArgs    []string
	listsAsText bool // lists joined with ";" (CSV, KML) rather than JSON (GeoPackage)
	allText     bool // every field is text (CSV read without type detection)
}

// exportMediaTypes are the formats' media types.
var exportMediaTypes = map[string]string{
	"csv": "text/csv", "geojsonseq": "application/geo+json-seq",
	"kml": "application/vnd.google-earth.kml+xml", "gpkg": "application/geopackage+sqlite3",
}

var exportCases = []exportCase{
	{"csv", "csv", []string{"-oo", "GEOM_POSSIBLE_NAMES=geometry_wkt", "-oo", "KEEP_GEOM_COLUMNS=NO"}, true, true},
	{"geojsonseq", "geojsons", nil, false, false},
	{"kml", "kml", nil, true, false},
	{"gpkg", "gpkg", nil, false, false},
}

// testExports exports every collection in each format, has GDAL read each
// file, and compares it field by field and vertex by vertex with the
// GeoJSON items: the same features, the same values, Chinese intact.
func testExports(t *testing.T, base string) {
	dir := t.TempDir()
	for _, def := range geo.Builtin() {
		var page struct{ Features []*geojson.Feature }
		get(t, base+"/api/collections/"+def.ID+"/items?limit=10000", "application/geo+json", &page)
		if len(page.Features) == 0 {
			continue
		}
		for _, ec := range exportCases {
			t.Run(def.ID+"/"+ec.format+" by Accept", func(t *testing.T) {
				ex := exportMediaTypes[ec.format]
				r := request(t, "GET", base+"/api/collections/"+def.ID+"/items", map[string]string{"Accept": ex + ", application/geo+json;q=0.5"})
				if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), ex) || !strings.Contains(r.header.Get("Vary"), "Accept") {
					t.Errorf("Accept %s: %d, Content-Type %q, Vary %q", ex, r.status, r.header.Get("Content-Type"), r.header.Get("Vary"))
				}
				if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="`+def.ID+"."+ec.ext+`"` {
					t.Errorf("Content-Disposition %q", cd)
				}
			})
			t.Run(def.ID+"/"+ec.format, func(t *testing.T) {
				r := get(t, base+"/api/collections/"+def.ID+"/items?f="+ec.format, "", nil)
				path := filepath.Join(dir, def.ID+"."+ec.ext)
				if err := os.WriteFile(path, r.body, 0o600); err != nil {
					t.Fatal(err)
				}
				got := gdalFeatures(t, path, def.IDProperty, ec.gdalArgs...)
				if len(got) != len(page.Features) {
					t.Errorf("GDAL read %d features, the GeoJSON has %d", len(got), len(page.Features))
				}
				for _, want := range page.Features {
					id := fmt.Sprint(want.ID)
					g, ok := got[id]
					if !ok {
						t.Errorf("feature %s is missing", id)
						continue
					}
					for _, p := range def.Properties {
						if err := sameValue(p, ec, want.Properties[p.Name], g.Properties[p.Name]); err != nil {
							t.Errorf("feature %s, %s: %v", id, p.Name, err)
						}
					}
					if err := sameGeometry(want.Geometry, g.Geometry); err != nil {
						t.Errorf("feature %s: geometry: %v", id, err)
					}
				}
			})
		}
	}
}

// testGPKGInCRS exports the zones as GeoPackages in CGCS2000 and in its
// Gauss–Krüger zone (x first, as GeoPackage stores them) and has GDAL
// bring each back to CRS84: the same vertices as the GeoJSON's, within
// the 3 decimals of a metre the API writes.
func testGPKGInCRS(t *testing.T, base string) {
	var page struct{ Features []*geojson.Feature }
	get(t, base+"/api/collections/parks/items?limit=10000&bbox=99,9,104,12", "application/geo+json", &page)
	if len(page.Features) == 0 {
		t.Fatal("no zone near Gauss–Krüger CM 102E's zone to export")
	}
	for _, code := range []string{"4490", "4543"} {
		t.Run("EPSG:"+code, func(t *testing.T) {
			r := get(t, base+"/api/collections/parks/items?f=gpkg&bbox=99,9,104,12&crs=EPSG:"+code, "application/geopackage+sqlite3", nil)
			if got := r.header.Get("Content-Crs"); got != "<http://www.opengis.net/def/crs/EPSG/0/"+code+">" {
				t.Errorf("Content-Crs %q", got)
			}
			path := filepath.Join(t.TempDir(), "parks.gpkg")
			if err := os.WriteFile(path, r.body, 0o600); err != nil {
				t.Fatal(err)
			}
			info, err := exec.Command("ogrinfo", "-ro", "-so", path, "parks").CombinedOutput()
			if err != nil || !bytes.Contains(info, []byte(`ID["EPSG",`+code+`]`)) {
				t.Errorf("GDAL does not find EPSG:%s in the GeoPackage: %v\n%s", code, err, info)
			}
			got := gdalFeatures(t, path, "id", "-t_srs", "OGC:CRS84")
			for _, want := range page.Features {
				id := fmt.Sprint(want.ID)
				g, ok := got[id]
				if !ok {
					t.Errorf("zone %s is missing", id)
					continue
				}
				if err := sameGeometryWithin(want.Geometry, g.Geometry, 1e-7); err != nil {
					t.Errorf("zone %s: %v", id, err)
				}
			}
		})
	}
}

// sameValue compares a GeoJSON property with the value GDAL read back from
// an export.
func sameValue(p geo.Property, ec exportCase, want, got any) error {
	if want == nil {
		if got == nil || got == "" && ec.allText {
			return nil
		}
		return fmt.Errorf("got %#v, want null", got)
	}
	if list, ok := want.([]any); ok {
		if ec.listsAsText {
			parts := make([]string, len(list))
			for i, v := range list {
				parts[i] = fmt.Sprint(v)
			}
			want = strings.Join(parts, ";")
		} else if s, ok := got.(string); ok {
			// GDAL gives a JSON field's text when it does not parse it.
			var v any
			if err := json.Unmarshal([]byte(s), &v); err != nil {
				return fmt.Errorf("got %q, not JSON", s)
			}
			got = v
		}
	}
	if ec.allText {
		switch w := want.(type) {
		case float64:
			want = strings.TrimSuffix(fmt.Sprint(json.Number(fmt.Sprint(w))), ".0")
			if s, ok := got.(string); ok {
				var f float64
				if _, err := fmt.Sscan(s, &f); err == nil && f == w {
					return nil
				}
			}
		case bool:
			want = fmt.Sprint(w)
		}
	}
	if w, ok := want.(float64); ok {
		if g, ok := got.(float64); ok && math.Abs(w-g) <= 1e-9*math.Max(1, math.Abs(w)) {
			return nil
		}
	}
	if w, ok := want.(bool); ok {
		// GDAL's GeoJSON writer gives booleans as JSON booleans when the
		// field is a Boolean, as 0 and 1 otherwise.
		if g, ok := got.(float64); ok && (g == 1) == w {
			return nil
		}
	}
	if fmt.Sprint(want) == fmt.Sprint(got) && (p.Type != geo.TypeStrings || slices.Contains([]string{"[]", "<nil>"}, fmt.Sprint(got)) == slices.Contains([]string{"[]", "<nil>"}, fmt.Sprint(want))) {
		return nil
	}
	return fmt.Errorf("got %#v, want %#v", got, want)
}

// sameGeometry holds two geometries to the same vertices within 1e-7°
// (the API's 7 decimals), a polygon matching a one-polygon multipolygon.
func sameGeometry(want, got orb.Geometry) error { return sameGeometryWithin(want, got, 1e-7) }

// sameGeometryWithin holds two geometries to the same vertices within tol.
func sameGeometryWithin(want, got orb.Geometry, tol float64) error {
	flat := func(g orb.Geometry) []orb.Point {
		var out []orb.Point
		var walk func(orb.Geometry)
		walk = func(g orb.Geometry) {
			switch g := g.(type) {
			case orb.Point:
				out = append(out, g)
			case orb.MultiPoint:
				out = append(out, g...)
			case orb.LineString:
				out = append(out, g...)
			case orb.Ring:
				out = append(out, g...)
			case orb.Polygon:
				for _, r := range g {
					walk(r)
				}
			case orb.MultiLineString:
				for _, l := range g {
					walk(l)
				}
			case orb.MultiPolygon:
				for _, p := range g {
					walk(p)
				}
			case orb.Collection:
				for _, h := range g {
					walk(h)
				}
			}
		}
		walk(g)
		return out
	}
	if (want == nil) != (got == nil) {
		return fmt.Errorf("got %v, want %v", got, want)
	}
	w, g := flat(want), flat(got)
	if len(w) != len(g) {
		return fmt.Errorf("%d vertices, want %d", len(g), len(w))
	}
	for i := range w {
		if math.Abs(w[i][0]-g[i][0]) > tol || math.Abs(w[i][1]-g[i][1]) > tol {
			return fmt.Errorf("vertex %d is %v, want %v", i, g[i], w[i])
		}
	}
	return nil
}

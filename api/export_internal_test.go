package api

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// listStore serves a fixed list of encoded features, a page at a time, as
// a store does: what the exports' writers and paging are tested on. Its
// pages say their Last (the id of their last feature), and a query's After
// starts past that feature, as keyset paging does.
type listStore struct {
	features []json.RawMessage
	mu       sync.Mutex // for the fields below: a server asks from many goroutines
	calls    int
	queries  []geo.FeatureQuery // as asked, in order
	// noKeyset leaves Last nil, as a store does for an order it cannot
	// cut by keyset: the pages after the first go by offset.
	noKeyset bool
	at       map[string]int // index
}

// window is where q's page lies in the list.
func (s *listStore) window(q geo.FeatureQuery) (lo, hi int) {
	lo = min(q.Offset, len(s.features))
	if q.After != nil {
		lo = len(s.features)
		if i, ok := s.index()[q.After.ID]; ok {
			lo = i + 1
		}
	}
	return lo, min(lo+q.Limit, len(s.features))
}

// index is each feature's place by its id.
func (s *listStore) index() map[string]int {
	if s.at == nil {
		s.at = map[string]int{}
		for i, f := range s.features {
			g, _ := readExportFeature(f)
			s.at[g.ID] = i
		}
	}
	return s.at
}

func (s *listStore) Features(_ context.Context, _ *geo.Collection, q geo.FeatureQuery) (geo.FeaturePage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.queries = append(s.queries, q)
	lo, hi := s.window(q)
	page := geo.FeaturePage{Features: s.features[lo:hi], Matched: len(s.features)}
	if hi > lo && !s.noKeyset {
		last, _ := readExportFeature(s.features[hi-1])
		page.Last = &geo.Keyset{ID: last.ID}
	}
	return page, nil
}

func (s *listStore) Feature(context.Context, *geo.Collection, string, *geo.CRS) (json.RawMessage, error) {
	return nil, errors.New("not offered")
}

func (s *listStore) Extent(context.Context, *geo.Collection) (orb.Bound, bool, error) {
	return orb.Bound{}, false, nil
}

func (s *listStore) Ping(context.Context) error { return nil }

// oddCollection has names an SQL or XML writer can trip on: a quote, a
// column called fid and one called geom, Chinese.
var oddCollection = &geo.Collection{
	ID: "odd", Title: geo.Text{ZH: "奇怪的图层", EN: "Odd layer"}, GeometryType: geo.GeometryAny, IDProperty: "id", IDPattern: `^f-[0-9]+$`,
	Properties: []geo.Property{
		{Name: "名称", Type: geo.TypeString, Nullable: true, Title: geo.Text{ZH: "名称", EN: "Name"}},
		{Name: `we"ird`, Type: geo.TypeString, Nullable: true},
		{Name: "fid", Type: geo.TypeInteger, Nullable: true},
		{Name: "geom", Type: geo.TypeNumber, Nullable: true},
		{Name: "flag", Type: geo.TypeBoolean, Nullable: true},
		{Name: "tags", Type: geo.TypeStrings},
		{Name: "day", Type: geo.TypeDate, Nullable: true},
		{Name: "at", Type: geo.TypeTimestamp, Nullable: true},
	},
}

// oddStrings are values a user's data may hold.
var oddStrings = []string{
	"",
	"'); DROP TABLE odd; --",
	`"quoted" and \backslash`,
	"line\nbreak\r\nand\ttab",
	"NUL\x00inside",
	"control \x01\x1f chars",
	"]]> <&> <!-- --> &amp;",
	"emoji 🏭 and 玉溪 龙泉园区",
	"\u2028\u2029 separators",
	"\uFEFFbom first",
	strings.Repeat("长", 2000),
}

// oddGeometries are the geometries the features get in turn.
var oddGeometries = []orb.Geometry{
	orb.Point{102.5, 24.35},
	orb.Polygon{{{102, 24}, {103, 24}, {103, 25}, {102, 24}}, {{102.6, 24.2}, {102.8, 24.2}, {102.8, 24.3}, {102.6, 24.2}}},
	orb.MultiPolygon{{{{-179.9, -16}, {-179.8, -16}, {-179.8, -15.9}, {-179.9, -16}}}, {{{179.8, -16}, {179.9, -16}, {179.9, -15.9}, {179.8, -16}}}},
	orb.LineString{{100, 10}, {100.5, 10.5}},
	nil,
	orb.MultiPoint{{1, 2}, {3, 4}},
}

// oddFeatures encodes a feature for each odd string.
func oddFeatures(t testing.TB, values []string) []json.RawMessage {
	var out []json.RawMessage
	for i, s := range values {
		var g any
		if geom := oddGeometries[i%len(oddGeometries)]; geom != nil {
			g = geojson.NewGeometry(geom)
		}
		f := map[string]any{
			"type": "Feature", "id": fmt.Sprintf("f-%d", i), "geometry": g,
			"properties": map[string]any{
				"名称": s, `we"ird`: s, "fid": i * 1000003, "geom": float64(i) + 0.25, "flag": i%2 == 0,
				"tags": []string{s, "b"}, "day": "2024-05-0" + fmt.Sprint(1+i%9), "at": "2024-05-01T08:00:00+08:00",
			},
		}
		if i == 0 {
			props := f["properties"].(map[string]any)
			for _, k := range []string{"名称", "fid", "geom", "flag", "day", "at"} {
				props[k] = nil
			}
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// stream is a featureStream over the store with every feature.
func stream(t testing.TB, s *listStore, size int) *featureStream {
	fs := &featureStream{ctx: context.Background(), store: s, def: oddCollection, all: true, size: size}
	if err := fs.fetch(); err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestFeatureStreamPages reads every match of an export: each page past
// the first starts after the last one's Last (keyset), not at an offset,
// and no page is counted (Bulk); a store that gives no Last is paged by
// offset. Nothing is counted, so only a short page ends the export.
func TestFeatureStreamPages(t *testing.T) {
	for _, tc := range []struct {
		name       string
		n, size    int
		all        bool
		want, reqs int
		noKeyset   bool
	}{
		{"one page", 5, 10, true, 5, 1, false},
		{"exact pages", 20, 10, true, 20, 3, false},
		{"pages and a rest", 23, 10, true, 23, 3, false},
		{"a limit: one page only", 23, 10, false, 10, 1, false},
		{"none", 0, 10, true, 0, 1, false},
		{"no keyset: by offset", 23, 10, true, 23, 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var values []string
			for i := range tc.n {
				values = append(values, fmt.Sprint(i))
			}
			s := &listStore{features: oddFeatures(t, values), noKeyset: tc.noKeyset}
			fs := &featureStream{ctx: context.Background(), store: s, def: oddCollection, all: tc.all, size: tc.size, q: geo.FeatureQuery{Limit: 10}}
			if err := fs.fetch(); err != nil {
				t.Fatal(err)
			}
			var ids []string
			err := fs.each(func(raw json.RawMessage) error {
				f, err := readExportFeature(raw)
				ids = append(ids, f.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != tc.want || s.calls != tc.reqs {
				t.Errorf("%d features in %d requests, want %d in %d", len(ids), s.calls, tc.want, tc.reqs)
			}
			for i, id := range ids {
				if id != fmt.Sprintf("f-%d", i) {
					t.Fatalf("feature %d is %s: out of order", i, id)
				}
			}
			for i, q := range s.queries {
				if q.Bulk != tc.all {
					t.Errorf("page %d: Bulk %v, want %v (an export of every match counts no page)", i, q.Bulk, tc.all)
				}
				switch {
				case i == 0 && (q.After != nil || q.Offset != 0):
					t.Errorf("first page: After %v, offset %d", q.After, q.Offset)
				case i > 0 && !tc.noKeyset && (q.After == nil || q.Offset != 0):
					t.Errorf("page %d: After %v, offset %d; want the keyset of the page before and no offset", i, q.After, q.Offset)
				case i > 0 && tc.noKeyset && (q.After != nil || q.Offset != i*tc.size):
					t.Errorf("page %d without keyset: After %v, offset %d; want offset %d", i, q.After, q.Offset, i*tc.size)
				}
			}
		})
	}
}

func TestExportOf(t *testing.T) {
	gin.SetMode(gin.TestMode)
	for _, tc := range []struct{ name, query, accept, want string }{
		{"none", "", "", ""},
		{"f", "f=kml", "", "kml"},
		{"f wins over Accept", "f=gpkg", contentKML, "gpkg"},
		{"f=json", "f=json", contentKML, ""},
		{"Accept KML", "", contentKML, "kml"},
		{"Accept GeoPackage", "", contentGPKG, "gpkg"},
		{"Accept a sequence", "", contentGeoJSONSeq, "geojsonseq"},
		{"Accept CSV", "", "text/csv", "csv"},
		{"any is GeoJSON", "", "*/*", ""},
		{"text/* is no CSV", "", "text/*", ""},
		{"GeoJSON ranked higher", "", "application/geo+json, " + contentKML + ";q=0.5", ""},
		{"KML ranked higher", "", "application/geo+json;q=0.5, " + contentKML, "kml"},
		{"a tie is GeoJSON", "", "application/json, text/csv", ""},
		{"the best of two", "", "text/csv;q=0.4, " + contentGPKG + ";q=0.9, */*;q=0.1", "gpkg"},
		{"refused", "", contentKML + ";q=0", ""},
		{"browser", "", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := gin.CreateTestContext(httptest.NewRecorder())
			c.Request = httptest.NewRequest("GET", "/api/collections/parks/items?"+tc.query, nil)
			if tc.accept != "" {
				c.Request.Header.Set("Accept", tc.accept)
			}
			got := ""
			if ex := exportOf(c); ex != nil {
				got = ex.name
			}
			if got != tc.want {
				t.Errorf("exportOf = %q, want %q", got, tc.want)
			}
		})
	}
}

// gpkgRows reads an exported GeoPackage's odd table back, checking the
// tables the standard requires on the way.
func gpkgRows(t testing.TB, path string) []map[string]any {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var appID, version int
	if err := db.QueryRow("PRAGMA application_id").Scan(&appID); err != nil || appID != gpkgApplicationID {
		t.Errorf("application_id %x (%v)", appID, err)
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != 10300 {
		t.Errorf("user_version %d (%v)", version, err)
	}
	var geomColumn, geomType string
	var srs int
	if err := db.QueryRow("SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name = 'odd'").Scan(&geomColumn, &geomType, &srs); err != nil {
		t.Fatal(err)
	}
	if geomColumn != "geom_2" || geomType != "GEOMETRY" || srs != 4326 {
		t.Errorf("geometry column %s %s %d, want geom_2 GEOMETRY 4326 (geom is a property)", geomColumn, geomType, srs)
	}
	var mime string
	if err := db.QueryRow("SELECT mime_type FROM gpkg_data_columns WHERE table_name = 'odd' AND column_name = 'tags'").Scan(&mime); err != nil || mime != "application/json" {
		t.Errorf("tags mime_type %q (%v)", mime, err)
	}
	var ext [4]float64
	if err := db.QueryRow("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'odd'").Scan(&ext[0], &ext[1], &ext[2], &ext[3]); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT * FROM "odd" ORDER BY fid_2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]any{}
		for i, c := range cols {
			row[c] = vals[i]
		}
		out = append(out, row)
	}
	var all orb.Bound
	for i, g := range oddGeometries[:min(len(out), len(oddGeometries))] {
		if g == nil {
			continue
		}
		if i == 0 {
			all = g.Bound()
		}
		all = all.Union(g.Bound())
	}
	if len(out) >= len(oddGeometries) && ext != [4]float64{all.Min[0], all.Min[1], all.Max[0], all.Max[1]} {
		t.Errorf("gpkg_contents extent %v, want %v", ext, all)
	}
	return out
}

// sameTime reports whether a DATE or DATETIME column's value, which the
// driver may hand over parsed, is the ISO 8601 text want.
func sameTime(v any, want string) bool {
	if t, ok := v.(time.Time); ok {
		layout := "2006-01-02T15:04:05.000Z"
		if len(want) == len(time.DateOnly) {
			layout = time.DateOnly
		}
		return t.UTC().Format(layout) == want
	}
	return v == want
}

// readGPKGGeometry decodes GeoPackage binary, checking its header.
func readGPKGGeometry(t testing.TB, b []byte) orb.Geometry {
	t.Helper()
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' || b[2] != 0 {
		t.Fatalf("not GeoPackage binary: % x", b[:min(len(b), 8)])
	}
	if srs := binary.LittleEndian.Uint32(b[4:8]); srs != 4326 {
		t.Errorf("srs_id %d", srs)
	}
	if b[3] != 0x03 {
		t.Fatalf("flags %08b, want little-endian with an xy envelope", b[3])
	}
	env := make([]float64, 4)
	for i := range env {
		env[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8+8*i:]))
	}
	g, err := wkb.Unmarshal(b[40:])
	if err != nil {
		t.Fatal(err)
	}
	bound := g.Bound()
	if want := []float64{bound.Min[0], bound.Max[0], bound.Min[1], bound.Max[1]}; !cmp.Equal(env, want) {
		t.Errorf("envelope %v, want minx, maxx, miny, maxy %v", env, want)
	}
	return g
}

func TestGPKGOddStrings(t *testing.T) {
	s := &listStore{features: oddFeatures(t, oddStrings)}
	path := filepath.Join(t.TempDir(), "odd.gpkg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeGPKG(f, oddCollection, geo.FeatureQuery{}, stream(t, s, 3)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	rows := gpkgRows(t, path)
	if len(rows) != len(oddStrings) {
		t.Fatalf("%d rows, want %d", len(rows), len(oddStrings))
	}
	for i, row := range rows {
		want := oddStrings[i]
		if i > 0 && row["名称"] != want || row[`we"ird`] != want {
			t.Errorf("row %d: %.80q and %.80q, want %.80q", i, row["名称"], row[`we"ird`], want)
		}
		var tags []string
		if err := json.Unmarshal([]byte(row["tags"].(string)), &tags); err != nil || !cmp.Equal(tags, []string{want, "b"}) {
			t.Errorf("row %d: tags %.80q (%v)", i, row["tags"], err)
		}
		if i == 0 {
			for _, k := range []string{"名称", "fid", "geom", "flag", "day", "at"} {
				if row[k] != nil {
					t.Errorf("row 0: %s = %#v, want NULL", k, row[k])
				}
			}
		} else if row["fid"] != int64(i*1000003) || row["geom"] != float64(i)+0.25 || row["flag"] != int64(1-i%2) ||
			!sameTime(row["at"], "2024-05-01T00:00:00.000Z") || !sameTime(row["day"], fmt.Sprintf("2024-05-0%d", 1+i%9)) || row["id"] != fmt.Sprintf("f-%d", i) {
			t.Errorf("row %d: fid %v, geom %v, flag %v, at %v, day %v, id %v", i, row["fid"], row["geom"], row["flag"], row["at"], row["day"], row["id"])
		}
		g := oddGeometries[i%len(oddGeometries)]
		if g == nil {
			if row["geom_2"] != nil {
				t.Errorf("row %d: a geometry for none", i)
			}
			continue
		}
		if got := readGPKGGeometry(t, row["geom_2"].([]byte)); !orb.Equal(got, g) {
			t.Errorf("row %d: geometry %v, want %v", i, got, g)
		}
	}
	if _, err := exec.LookPath("ogrinfo"); err == nil || os.Getenv("CI") == "true" {
		// GDAL opens it without a complaint and finds every feature.
		out, err := exec.Command("ogrinfo", "-ro", "-so", path, "odd").CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte(fmt.Sprintf("Feature Count: %d", len(oddStrings)))) || bytes.Contains(out, []byte("ERROR")) || bytes.Contains(out, []byte("Warning")) {
			t.Errorf("ogrinfo: %v\n%s", err, out)
		}
	}
}

// kmlPlacemarks parses a KML document strictly and returns each
// placemark's name and SimpleData.
func kmlPlacemarks(t testing.TB, doc []byte) []map[string]string {
	t.Helper()
	var k struct {
		Placemarks []struct {
			Name string `xml:"name"`
			Data []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:",chardata"`
			} `xml:"ExtendedData>SchemaData>SimpleData"`
		} `xml:"Document>Folder>Placemark"`
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	if err := d.Decode(&k); err != nil {
		t.Fatalf("the KML is not well-formed XML: %v", err)
	}
	var out []map[string]string
	for _, p := range k.Placemarks {
		m := map[string]string{"": p.Name}
		for _, d := range p.Data {
			m[d.Name] = d.Value
		}
		out = append(out, m)
	}
	return out
}

// xmlSafe is s as XML can carry it: what it cannot hold becomes U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return r
		}
		return utf8.RuneError
	}, s)
}

func TestKMLOddStrings(t *testing.T) {
	s := &listStore{features: oddFeatures(t, oddStrings)}
	var buf bytes.Buffer
	if err := writeKML(&buf, oddCollection, geo.FeatureQuery{}, stream(t, s, 4)); err != nil {
		t.Fatal(err)
	}
	pms := kmlPlacemarks(t, buf.Bytes())
	if len(pms) != len(oddStrings) {
		t.Fatalf("%d placemarks, want %d", len(pms), len(oddStrings))
	}
	for i, pm := range pms {
		want := xmlSafe(oddStrings[i])
		// No property names it (name_zh, name…): the id does.
		if pm[""] != fmt.Sprintf("f-%d", i) || pm[`we"ird`] != want || pm["tags"] != want+";b" {
			t.Errorf("placemark %d: name %q, we\"ird %.80q, tags %.80q; want %.80q", i, pm[""], pm[`we"ird`], pm["tags"], want)
		}
	}
	if _, err := exec.LookPath("ogr2ogr"); err == nil || os.Getenv("CI") == "true" {
		path := filepath.Join(t.TempDir(), "odd.kml")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", path)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("GDAL: %v\n%.500s", err, stderr.String())
		}
		fc, err := geojson.UnmarshalFeatureCollection(out)
		if err != nil || len(fc.Features) != len(oddStrings) {
			t.Fatalf("GDAL read %v features (%v)", fc, err)
		}
		for i, f := range fc.Features {
			if got, want := fmt.Sprint(f.Properties["id"]), fmt.Sprintf("f-%d", i); got != want {
				t.Errorf("GDAL's feature %d is %s", i, got)
			}
			if want := i%2 == 0; i > 0 && f.Properties["flag"] != want && f.Properties["flag"] != map[bool]float64{true: 1, false: 0}[want] {
				t.Errorf("GDAL's feature %d: flag %v, want %v", i, f.Properties["flag"], want)
			}
			if i > 0 && f.Properties["fid"] != float64(i*1000003) {
				t.Errorf("GDAL's feature %d: fid %v, want %d", i, f.Properties["fid"], i*1000003)
			}
		}
	}
}

// FuzzExportWriters writes a feature holding the fuzzer's text in the KML
// and the GeoPackage and reads each back: well-formed XML with the text
// as XML can carry it, and the text exactly from SQLite.
func FuzzExportWriters(f *testing.F) {
	for _, s := range oddStrings {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD") // JSON from a store is valid UTF-8
		}
		values := []string{"first", s}
		var buf bytes.Buffer
		if err := writeKML(&buf, oddCollection, geo.FeatureQuery{}, stream(t, &listStore{features: oddFeatures(t, values)}, 1)); err != nil {
			t.Fatal(err)
		}
		if pm := kmlPlacemarks(t, buf.Bytes()); len(pm) != 2 || pm[1][`we"ird`] != xmlSafe(s) {
			t.Fatalf("KML gives %q back, want %q", pm, xmlSafe(s))
		}
		path := filepath.Join(dir, "fuzz.gpkg")
		out, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		if err := writeGPKG(out, oddCollection, geo.FeatureQuery{}, stream(t, &listStore{features: oddFeatures(t, values)}, 1)); err != nil {
			t.Fatal(err)
		}
		out.Close()
		if rows := gpkgRows(t, path); len(rows) != 2 || rows[1][`we"ird`] != s {
			t.Fatalf("GeoPackage gives %q back, want %q", rows, s)
		}
	})
}

// FuzzParseCoordsys holds coordsys to gcj02 (any case, spaces around) or
// a 400, whatever the text.
func FuzzParseCoordsys(f *testing.F) {
	for _, s := range []string{"gcj02", " GCJ02 ", "", "bd09", "gcj-02", "\x00", "gcj02\n"} {
		f.Add(s)
	}
	gin.SetMode(gin.TestMode)
	f.Fuzz(func(t *testing.T, s string) {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest("GET", "/api/collections/parks/items?coordsys="+url.QueryEscape(s), nil)
		off, err := parseCoordsys(c, geo.CRS84, nil)
		want := strings.EqualFold(strings.TrimSpace(s), "gcj02")
		if want != (off != nil) || want == (err != nil) {
			t.Fatalf("parseCoordsys(%q) = %v, %v", s, off, err)
		}
		if err != nil && geo.ErrorCode(err) != geo.EInvalid {
			t.Fatalf("parseCoordsys(%q): %v is not a 400", s, err)
		}
	})
}

// BenchmarkExport writes 10,000 zones of 9 vertices in each format, from
// a store that hands them over at once, so that the writer's own cost shows.
func BenchmarkExport(b *testing.B) {
	values := make([]string, 10000)
	for i := range values {
		values[i] = fmt.Sprintf("园区 %d", i)
	}
	features := oddFeatures(b, values)
	for _, ex := range exportFormats {
		b.Run(ex.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int64
			for b.Loop() {
				w := &countWriter{}
				if err := ex.write(w, oddCollection, geo.FeatureQuery{}, stream(b, &listStore{features: features}, exportPage)); err != nil {
					b.Fatal(err)
				}
				n = w.n
			}
			b.ReportMetric(float64(n), "bytes/export")
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// slowStore is a listStore whose pages after the first take a while, or
// wait until hold is closed, and whose page from failAt on fails, as a
// database that goes away would.
type slowStore struct {
	listStore
	delay  time.Duration
	hold   chan struct{} // nil: no holding
	failAt int           // the position from which pages fail; 0 never
}

func (s *slowStore) Features(ctx context.Context, c *geo.Collection, q geo.FeatureQuery) (geo.FeaturePage, error) {
	s.mu.Lock()
	lo, _ := s.window(q)
	s.mu.Unlock()
	if lo > 0 { // the first page is quick: its request's budget is not what is tested
		select {
		case <-time.After(s.delay):
		case <-ctx.Done():
			return geo.FeaturePage{}, ctx.Err()
		}
		if s.hold != nil {
			select {
			case <-s.hold:
			case <-ctx.Done():
				return geo.FeaturePage{}, ctx.Err()
			}
		}
	}
	if s.failAt > 0 && lo >= s.failAt {
		return geo.FeaturePage{}, geo.Errorf(geo.EUnavailable, "the database went away")
	}
	return s.listStore.Features(ctx, c, q)
}

func (s *slowStore) Chains(context.Context) ([]geo.Chain, error)     { return nil, nil }
func (s *slowStore) Parks(context.Context) ([]geo.Park, error)       { return nil, nil }
func (s *slowStore) Projects(context.Context) ([]geo.Project, error) { return nil, nil }
func (s *slowStore) Sources(context.Context) ([]geo.Source, error)   { return nil, nil }
func (s *slowStore) City(context.Context) (*geo.City, error)         { return &geo.City{}, nil }
func (s *slowStore) Domain(context.Context, geo.Domain) ([]string, error) {
	return nil, nil
}
func (s *slowStore) Locate(context.Context, orb.Point, int) (geo.Location, error) {
	return geo.Location{}, nil
}
func (s *slowStore) ZoneIndex(context.Context) (*geo.ZoneIndex, error) { return nil, nil }
func (s *slowStore) AvailableParcels(context.Context, []string, float64) ([]geo.Parcel, error) {
	return nil, nil
}
func (s *slowStore) ParcelAreas(context.Context) (*geo.ParcelAreas, error) { return nil, nil }

// TestExportOutlastsRequestTimeout streams an export of three pages that
// takes longer than --request-timeout, which bounds each page, not the
// whole; and cuts the connection when a page fails midway, so that the
// client cannot take a short file for a whole one.
func TestExportOutlastsRequestTimeout(t *testing.T) {
	values := make([]string, 2*exportPage+10)
	for i := range values {
		values[i] = fmt.Sprint(i)
	}
	features := oddFeatures(t, values)
	for _, tc := range []struct {
		name   string
		failAt int
	}{
		{"whole", 0},
		{"cut", exportPage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Two slow pages take 1.4 s, past the second the request has;
			// each leaves 0.3 s of its own second to spare.
			store := &slowStore{listStore: listStore{features: features}, delay: 700 * time.Millisecond, failAt: tc.failAt}
			store.index() // beforehand: reading 10,010 features' ids is no part of a page's time
			_, h, err := newServer(Config{RequestTimeout: time.Second, Collections: geo.Catalog{oddCollection}, Projector: testProjector(t)}, store, nil)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			resp, err := srv.Client().Get(srv.URL + "/api/collections/odd/items?f=geojsonseq")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			records := bytes.Count(body, []byte{0x1e})
			switch {
			case resp.StatusCode != 200:
				t.Fatalf("%d %s", resp.StatusCode, body)
			case tc.failAt == 0 && (err != nil || records != len(values)):
				t.Errorf("%d records (%v), want all %d", records, err, len(values))
			case tc.failAt > 0 && err == nil:
				t.Errorf("a page failed, yet the response ended cleanly with %d records", records)
			}
		})
	}
}

// TestGPKGSpatialRefSys holds the definitions a GeoPackage carries to
// PROJ's, for every CRS the API offers.
func TestGPKGSpatialRefSys(t *testing.T) {
	projinfo, err := exec.LookPath("projinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and projinfo is not installed (scripts/deps.sh installs proj-bin)")
		}
		t.Skip("projinfo is not installed (apt-get install proj-bin)")
	}
	for _, crs := range geo.SupportedCRS {
		t.Run(crs.URI, func(t *testing.T) {
			def, ok := gpkgSpatialRefSys[gpkgSRS(crs)]
			if !ok {
				t.Fatalf("no definition of EPSG:%d", gpkgSRS(crs))
			}
			out, err := exec.Command(projinfo, fmt.Sprintf("EPSG:%d", gpkgSRS(crs)), "-o", "WKT1_GDAL", "--single-line", "-q").Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(string(out)); got != def.wkt {
				t.Errorf("PROJ says\n%s\nthe export writes\n%s", got, def.wkt)
			}
		})
	}
}

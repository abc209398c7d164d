package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// write writes a file into a fresh folder and returns its path.
func write(t *testing.T, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const zoneGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"qj-1","geometry":{"type":"Point","coordinates":[103.8,25.5]},"properties":{"name_zh":"曲靖","code":530402,"segments":["cells","anode"]}},
{"type":"Feature","id":7,"geometry":null,"properties":null}]}`

func TestRead(t *testing.T) {
	want := []Feature{
		{N: 1, ID: "qj-1", Geometry: orb.Point{103.8, 25.5}, Fields: map[string]any{"name_zh": "曲靖", "code": int64(530402), "segments": []any{"cells", "anode"}}},
		{N: 2, ID: float64(7), Fields: map[string]any{}},
	}
	seq := "\x1e" + `{"type":"Feature","id":"qj-1","geometry":{"type":"Point","coordinates":[103.8,25.5]},"properties":{"name_zh":"曲靖","code":530402,"segments":["cells","anode"]}}` +
		"\n\x1e" + `{"type":"Feature","id":7,"geometry":null,"properties":{}}` + "\n"
	csvWant := func(lines ...int) []Feature {
		return []Feature{
			{N: lines[0], Geometry: orb.Point{103.8, 25.5}, Fields: map[string]any{"id": "qj-1", "name_zh": "曲靖", "segments": "cells;anode"}},
			{N: lines[1], Fields: map[string]any{"id": "7", "name_zh": "", "segments": ""}},
		}
	}
	tests := []struct {
		name    string
		file    string
		content []byte
		opt     Options
		want    []Feature
		srid    int
	}{
		{"GeoJSON", "z.geojson", []byte(zoneGeoJSON), Options{}, want, 4326},
		{"GeoJSON with a BOM and a crs member", "z.json", []byte("\ufeff" + strings.Replace(zoneGeoJSON, `"features"`, `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features"`, 1)), Options{}, want, 4490},
		{"GeoJSON text sequence", "z.geojsons", []byte(seq), Options{}, want, 4326},
		{"GeoJSON text sequence as .json", "z.json", []byte(seq), Options{}, want, 4326},
		{"newline-delimited GeoJSON", "z.geojsonl", []byte(strings.ReplaceAll(seq, "\x1e", "")), Options{}, want, 4326},
		{"CSV with WKT", "z.csv", []byte("id,name_zh,segments,WKT\nqj-1,曲靖,cells;anode,POINT (103.8 25.5)\n7,,,\n"), Options{}, csvWant(2, 3), 4326},
		{"CSV with a BOM and lon/lat", "z.csv", []byte("\ufeffid,name_zh,segments,经度,纬度\r\nqj-1,曲靖,cells;anode,103.8,25.5\r\n\r\n7,,,,\r\n"), Options{}, csvWant(2, 4), 4326},
		{"CSV in GBK, by --crs", "z.csv", append(gbk(t, "id,name_zh,segments,lon,lat\nqj-1,曲靖,cells;anode,103.8,25.5\n"), []byte("7,,,,\n")...), Options{CRS: "EPSG:4490"}, csvWant(2, 3), 4490},
		{"CSV, tab-separated, named columns", "z.tsv", []byte("id\tname_zh\tsegments\tE\tN\nqj-1\t曲靖\tcells;anode\t103.8\t25.5\n7\t\t\t\t\n"), Options{Lon: "E", Lat: "N"}, csvWant(2, 3), 4326},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(write(t, tt.file, tt.content), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, f.Features); diff != "" {
				t.Errorf("features (-want +got):\n%s", diff)
			}
			if f.SRID != tt.srid {
				t.Errorf("SRID = %d, want %d", f.SRID, tt.srid)
			}
		})
	}
}

// TestReadBroken: a broken file is an error that says what is wrong and
// where, never a panic.
func TestReadBroken(t *testing.T) {
	tests := []struct {
		name, file, content string
		opt                 Options
		want                string
	}{
		{"truncated GeoJSON", "z.geojson", zoneGeoJSON[:100], Options{}, "ends early"},
		{"not GeoJSON", "z.geojson", `[1,2]`, Options{}, "not GeoJSON"},
		{"a Geometry, not features", "z.geojson", `{"type":"Point","coordinates":[1,2]}`, Options{}, `type "Point"`},
		{"a broken feature among good ones", "z.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}},{"type":"Feature","geometry":{"type":"Point","coordinates":"x"},"properties":{}}]}`, Options{}, "feature 2: geometry"},
		{"properties of the wrong type", "z.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":[1]}]}`, Options{}, "feature 1: properties"},
		{"unknown crs member", "z.geojson", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"Beijing local"}},"features":[]}`, Options{}, `unknown CRS "Beijing local"`},
		{"truncated sequence", "z.geojsons", "\x1e{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}\n\x1e{\"type\":\"Feat", Options{}, "feature 2: the JSON ends early"},
		{"ragged CSV", "z.csv", "id,wkt\na,POINT(1 2)\nb,POINT(1 2),extra\n", Options{}, "line 3: 3 values for 2 columns"},
		{"bad WKT", "z.csv", "id,wkt\na,POINT(1 2\n", Options{}, "line 2, field wkt: not WKT"},
		{"bad lon", "z.csv", "id,lon,lat\na,east,2\n", Options{}, `line 2, field lon: "east" is not a number`},
		{"broken quote", "z.csv", "id,wkt\n\"a,POINT(1 2)\n", Options{}, "line 2"},
		{"empty CSV", "z.csv", "", Options{}, "empty"},
		{"duplicate column", "z.csv", "id,id\n", Options{}, `column "id" is named twice`},
		{"no --wkt column", "z.csv", "id,g\n", Options{WKT: "geometry"}, `no column "geometry"`},
		{"not UTF-8 when told", "z.csv", string(gbk(t, "id\n曲靖\n")), Options{Encoding: "utf-8"}, "not valid UTF-8"},
		{"unknown encoding", "z.csv", "id\n", Options{Encoding: "latin-9"}, "unknown encoding"},
		{"unknown --crs", "z.csv", "id\n", Options{CRS: "Xian 1980"}, `unknown CRS "Xian 1980"`},
		{"over the size limit", "z.geojson", zoneGeoJSON, Options{MaxBytes: 100}, "too large"},
		{"not a GeoPackage", "z.gpkg", "hello", Options{}, "not a GeoPackage"},
		{"unknown format", "z.geojson", "{}", Options{Format: "dwg"}, `unknown format "dwg"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(write(t, tt.file, []byte(tt.content)), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestParseCRS(t *testing.T) {
	for in, want := range map[string]int{
		"EPSG:4543": 4543, "epsg:4490": 4490, "4522": 4522, "urn:ogc:def:crs:EPSG::4543": 4543,
		"urn:ogc:def:crs:EPSG:9.8.15:4490": 4490, "http://www.opengis.net/def/crs/EPSG/0/3857": 3857,
		"urn:ogc:def:crs:OGC:1.3:CRS84": 4326, "CRS84": 4326, " EPSG:4326 ": 4326,
	} {
		if got, err := ParseCRS(in); err != nil || got != want {
			t.Errorf("ParseCRS(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "EPSG:", "EPSG:0", "EPSG:1234567", "Xian 1980", "EPSG:-1"} {
		if got, err := ParseCRS(in); err == nil {
			t.Errorf("ParseCRS(%q) = %d, want an error", in, got)
		}
	}
}

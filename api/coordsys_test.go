package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/parkmap/parkmap/geo"
)

// testGCJ02 checks coordsys=gcj02: offset coordinates, labelled, only when
// asked for, and refused with a CRS it cannot offset.
func testGCJ02(t *testing.T, base string) {
	type page struct {
		Features []struct {
			ID       string          `json:"id"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	var plain, offset, latFirst page
	r := get(t, base+"/api/collections/parks/items?limit=100", "application/geo+json", &plain)
	if r.header.Get("Coordsys") != "" || r.header.Get("Content-Crs") == "" {
		t.Errorf("a plain page: Coordsys %q, Content-Crs %q; want none and CRS84", r.header.Get("Coordsys"), r.header.Get("Content-Crs"))
	}
	r = get(t, base+"/api/collections/parks/items?limit=100&coordsys=gcj02", "application/geo+json", &offset)
	if !strings.HasPrefix(r.header.Get("Coordsys"), "GCJ-02; non-standard") || r.header.Get("Content-Crs") != "" {
		t.Errorf("an offset page: Coordsys %q, Content-Crs %q; want GCJ-02 labelled non-standard and no CRS claimed", r.header.Get("Coordsys"), r.header.Get("Content-Crs"))
	}
	get(t, base+"/api/collections/parks/items?limit=100&coordsys=gcj02&crs=EPSG:4326", "application/geo+json", &latFirst)
	if len(offset.Features) != len(plain.Features) || len(latFirst.Features) != len(plain.Features) {
		t.Fatalf("%d and %d offset features, %d plain", len(offset.Features), len(latFirst.Features), len(plain.Features))
	}
	moved := 0
	for i, f := range plain.Features {
		if string(f.Geometry) == "null" {
			continue
		}
		p := firstPoint(t, f.Geometry)
		want := geo.WGS84ToGCJ02(p)
		got := firstPoint(t, offset.Features[i].Geometry)
		if math.Abs(got[0]-want[0]) > 1e-7 || math.Abs(got[1]-want[1]) > 1e-7 {
			t.Errorf("%s: first vertex %v offset to %v, want %v", f.ID, p, got, want)
		}
		if lf := firstPoint(t, latFirst.Features[i].Geometry); lf != (orb.Point{got[1], got[0]}) {
			t.Errorf("%s: in EPSG:4326 %v, want %v latitude first", f.ID, lf, got)
		}
		if geo.InChina(p) {
			moved++
			if geo.Distance(p, got) < 10 {
				t.Errorf("%s: moved %.1f m only, inside China", f.ID, geo.Distance(p, got))
			}
		} else if got != p {
			t.Errorf("%s: outside China moved from %v to %v", f.ID, p, got)
		}
	}
	if moved == 0 {
		t.Error("no feature of the page lies in China: the test shows nothing")
	}
	// One feature, as the page has it.
	var one, inPage struct{ Geometry json.RawMessage }
	r = get(t, base+"/api/collections/parks/items/QJ_01?coordsys=gcj02", "application/geo+json", &one)
	if r.header.Get("Coordsys") == "" {
		t.Error("one offset feature: no Coordsys header")
	}
	for _, f := range offset.Features {
		if f.ID == "QJ_01" {
			inPage.Geometry = f.Geometry
		}
	}
	if firstPoint(t, one.Geometry) != firstPoint(t, inPage.Geometry) {
		t.Errorf("QJ_01 alone %v, in the page %v", firstPoint(t, one.Geometry), firstPoint(t, inPage.Geometry))
	}
	testGCJ02Tile(t, base, firstPoint(t, one.Geometry))
	var tj struct{ Tiles []string }
	r = get(t, base+"/api/collections/parks/tiles/WebMercatorQuad/tilejson.json?coordsys=gcj02", "application/json", &tj)
	if len(tj.Tiles) != 1 || !strings.HasSuffix(tj.Tiles[0], "/{z}/{y}/{x}?coordsys=gcj02") || r.header.Get("Coordsys") == "" {
		t.Errorf("TileJSON for GCJ-02: tiles %q, Coordsys %q", tj.Tiles, r.header.Get("Coordsys"))
	}
	for _, tc := range []struct{ name, path, want string }{
		{"unknown", "/api/collections/parks/items?coordsys=bd09", "not offered: gcj02"},
		{"projected", "/api/collections/parks/items?coordsys=gcj02&crs=EPSG:3857", "CRS84 or EPSG:4326"},
		{"cgcs2000", "/api/collections/parks/items/QJ_01?coordsys=gcj02&crs=EPSG:4490", "CRS84 or EPSG:4326"},
		{"geopackage", "/api/collections/parks/items?coordsys=gcj02&f=gpkg", "mislabelled"},
		{"kml", "/api/collections/parks/items?coordsys=gcj02&f=kml", "mislabelled"},
		{"tile", "/api/collections/parks/tiles/WebMercatorQuad/3/3/6?coordsys=wgs84", "not offered: gcj02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := request(t, "GET", base+tc.path, nil)
			if r.status != 400 || !strings.Contains(string(r.body), tc.want) {
				t.Errorf("%d %s, want 400 saying %q", r.status, r.body, tc.want)
			}
		})
	}
}

// testGCJ02Tile finds QJ_01's first vertex, offset to gcj (GCJ-02), in the
// GCJ-02 tile that holds it, where the plain tile has no vertex.
func testGCJ02Tile(t *testing.T, base string, gcj orb.Point) {
	const z = 14
	tile := maptile.At(gcj, z)
	path := fmt.Sprintf("%s/api/collections/parks/tiles/WebMercatorQuad/%d/%d/%d", base, z, tile.Y, tile.X)
	nearest := func(query string) (float64, http.Header) {
		r := request(t, "GET", path+query, nil)
		if r.status == 204 {
			return math.Inf(1), r.header
		}
		if r.status != 200 {
			t.Fatalf("GET %s%s: %d %s", path, query, r.status, r.body)
		}
		layers, err := mvt.Unmarshal(r.body)
		if err != nil {
			t.Fatal(err)
		}
		layers.ProjectToWGS84(tile)
		best := math.Inf(1)
		for _, l := range layers {
			for _, f := range l.Features {
				if f.Properties["id"] != "QJ_01" {
					continue
				}
				var polygons orb.MultiPolygon
				switch g := f.Geometry.(type) {
				case orb.Polygon:
					polygons = orb.MultiPolygon{g}
				case orb.MultiPolygon:
					polygons = g
				default:
					t.Fatalf("QJ_01 in a tile is a %T", g)
				}
				for _, polygon := range polygons {
					for _, ring := range polygon {
						for _, p := range ring {
							best = math.Min(best, geo.Distance(p, gcj))
						}
					}
				}
			}
		}
		return best, r.header
	}
	// A unit of a z14 tile is under 1 m at any latitude.
	d, h := nearest("?coordsys=gcj02")
	if d > 2 {
		t.Errorf("the GCJ-02 tile's nearest vertex of QJ_01 is %.1f m from its offset vertex; want within 2 m", d)
	}
	if !strings.HasPrefix(h.Get("Coordsys"), "GCJ-02") {
		t.Errorf("GCJ-02 tile: Coordsys %q", h.Get("Coordsys"))
	}
	if d, h := nearest(""); d < 100 || h.Get("Coordsys") != "" {
		t.Errorf("the plain tile has a vertex %.1f m from the offset one, Coordsys %q; want it some hundreds of metres off, unlabelled", d, h.Get("Coordsys"))
	}
}

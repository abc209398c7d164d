package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/geo"
)

// testTileFilters: a tile takes the items' filters, and the tiles over the
// parcels hold the features the same parameters select as a page; a bad
// filter is a 400.
func testTileFilters(t *testing.T, base string) {
	tiles := parcelTiles(t, base)
	tests := []struct {
		name  string
		query url.Values
	}{
		{"none", url.Values{}},
		{"available", url.Values{"status": {"available"}}},
		{"two land uses", url.Values{"land_use": {"M1,M3"}}},
		{"segment", url.Values{"segment": {"foil"}}},
		{"area as CQL2", url.Values{"filter": {"area_ha >= 1 AND status <> 'built'"}}},
		{"CQL2 JSON and a condition", url.Values{"filter": {`{"op":"=","args":[{"property":"land_use"},"M2"]}`}, "filter-lang": {"cql2-json"}, "status": {"leased,available"}}},
		{"nothing", url.Values{"status": {"reserved"}, "segment": {"foil"}}},
	}
	kept := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var page struct {
				Features []struct{ ID string }
			}
			items := url.Values{"limit": {"1000"}, "skipGeometry": {"true"}}
			for k, v := range tt.query {
				items[k] = v
			}
			get(t, base+"/api/collections/parcels/items?"+items.Encode(), "application/geo+json", &page)
			var want []string
			for _, f := range page.Features {
				want = append(want, f.ID)
			}
			var got []string
			for _, tile := range tiles {
				r := request(t, "GET", base+"/api/collections/parcels/tiles/WebMercatorQuad/"+tile+"?"+tt.query.Encode(), nil)
				switch r.status {
				case 200:
					layers, err := mvt.Unmarshal(r.body)
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range layers {
						for _, f := range l.Features {
							if id := f.Properties["id"].(string); !slices.Contains(got, id) {
								got = append(got, id)
							}
						}
					}
				case 204:
				default:
					t.Fatalf("tile %s: status %d: %s", tile, r.status, r.body)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the tiles' features differ from the page's (-page +tiles):\n%s", diff)
			}
			if tt.name != "none" && len(want) > 0 {
				kept++
			}
		})
	}
	if kept < 3 {
		t.Errorf("only %d filters kept any parcel: the test tells little", kept)
	}

	bad := []struct{ name, query, want string }{
		{"a filter that does not parse", "filter=area_ha%20%3E%3D", "filter"},
		{"an unknown status", "status=sold", "unknown status"},
		{"an unknown property", "filter=height%20%3E%201", "height"},
		{"a paging parameter", "limit=10", "unknown parameter"},
		{"filter-lang alone", "filter-lang=cql2-json", "filter-lang without a filter"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := request(t, "GET", base+"/api/collections/parcels/tiles/WebMercatorQuad/"+tiles[0]+"?"+tt.query, nil)
			var e struct{ Code, Description string }
			if r.status != 400 || json.Unmarshal(r.body, &e) != nil || !strings.Contains(e.Description, tt.want) {
				t.Errorf("status %d, body %s; want 400 saying %q", r.status, r.body, tt.want)
			}
		})
	}
}

// parcelTiles returns the zoom-14 tiles under each parcel's first vertex.
func parcelTiles(t *testing.T, base string) []string {
	t.Helper()
	var fc struct{ Features []json.RawMessage }
	get(t, base+"/api/collections/parcels/items?limit=1000", "application/geo+json", &fc)
	var out []string
	for _, raw := range fc.Features {
		f, err := geojson.UnmarshalFeature(raw)
		if err != nil {
			t.Fatal(err)
		}
		p := f.Geometry.(orb.Polygon)[0][0]
		x, y, _, _ := geo.TileRange(orb.Bound{Min: p, Max: p}, 14)
		if tile := fmt.Sprintf("14/%d/%d", y, x); !slices.Contains(out, tile) {
			out = append(out, tile)
		}
	}
	if len(out) == 0 {
		t.Fatal("no parcels to tile")
	}
	return out
}

// TestTileCacheControl: tiles, empty or not, may be kept by any cache for
// TileMaxAge, then revalidated by their ETag; 0 has them revalidated each
// time; other resources keep theirs (no-cache).
func TestTileCacheControl(t *testing.T) {
	s := memoryStore(t)
	for _, tt := range []struct {
		maxAge time.Duration
		want   string
	}{{90 * time.Second, "public, max-age=90"}, {0, "no-cache"}} {
		t.Run(tt.want, func(t *testing.T) {
			base := serve(t, s, api.Config{TileMaxAge: tt.maxAge})
			tile := base + "/api/collections/parks/tiles/WebMercatorQuad/" + zoneTile(t, base, 12)
			r := get(t, tile, "application/vnd.mapbox-vector-tile", nil)
			if cc := r.header.Get("Cache-Control"); cc != tt.want {
				t.Errorf("tile: Cache-Control %q, want %q", cc, tt.want)
			}
			again := request(t, "GET", tile, map[string]string{"If-None-Match": r.header.Get("ETag")})
			if cc := again.header.Get("Cache-Control"); again.status != 304 || cc != tt.want {
				t.Errorf("revalidated: status %d, Cache-Control %q; want 304, %q", again.status, cc, tt.want)
			}
			empty := request(t, "GET", base+"/api/collections/parks/tiles/WebMercatorQuad/10/0/0", nil)
			if cc := empty.header.Get("Cache-Control"); empty.status != 204 || cc != tt.want {
				t.Errorf("empty tile: status %d, Cache-Control %q; want 204, %q", empty.status, cc, tt.want)
			}
			for _, path := range []string{"/api/collections/parks/items", "/api/collections/parks/tiles/WebMercatorQuad/tilejson.json", "/api/config"} {
				if cc := get(t, base+path, "", nil).header.Get("Cache-Control"); cc != "no-cache" {
					t.Errorf("%s: Cache-Control %q, want no-cache", path, cc)
				}
			}
		})
	}
}

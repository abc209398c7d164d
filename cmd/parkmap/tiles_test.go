package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/paulmach/orb/encoding/mvt"
)

// TestTiles checks the vector tiles on both stores: an MVT tile with its
// ETag and Cache-Control, a 304 for a client that has it, a 204 for an
// empty tile, the tileset metadata, the TileJSON and the conformance.
func TestTiles(t *testing.T) {
	stores(t, func(t *testing.T, base string) {
		tiles := base + "/api/collections/parks/tiles/WebMercatorQuad"
		// Zoom 10 over Yuxi: 102.5°E 24.35°N is column 803, row 440.
		r := get(t, "GET", tiles+"/10/440/803", nil)
		if r.status != 200 {
			t.Fatalf("tile: status %d: %s", r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/vnd.mapbox-vector-tile" {
			t.Errorf("Content-Type %q", ct)
		}
		layers, err := mvt.Unmarshal(r.body)
		if err != nil {
			t.Fatalf("the tile is not MVT: %v", err)
		}
		if len(layers) != 1 || layers[0].Name != "parks" || len(layers[0].Features) == 0 {
			t.Fatalf("layers %v, want parks with features", layers)
		}
		if id := layers[0].Features[0].Properties["id"]; id == nil {
			t.Errorf("a feature without its id: %v", layers[0].Features[0].Properties)
		}
		etag := r.header.Get("ETag")
		if etag == "" || r.header.Get("Cache-Control") == "" {
			t.Errorf("ETag %q, Cache-Control %q: want both", etag, r.header.Get("Cache-Control"))
		}
		if again := get(t, "GET", tiles+"/10/440/803", map[string]string{"If-None-Match": etag}); again.status != 304 {
			t.Errorf("If-None-Match the ETag: status %d, want 304", again.status)
		}
		empty := get(t, "GET", tiles+"/10/0/0", nil)
		if empty.status != 204 || len(empty.body) != 0 {
			t.Errorf("empty tile: status %d with %d bytes, want 204 and none", empty.status, len(empty.body))
		}
		if empty.header.Get("Cache-Control") == "" {
			t.Error("empty tile: no Cache-Control")
		}

		var tileset struct {
			TileMatrixSetURI string
			DataType         string
			Links            []struct{ Href, Rel, Type string }
		}
		r = get(t, "GET", tiles, nil)
		if err := json.Unmarshal(r.body, &tileset); err != nil || r.status != 200 {
			t.Fatalf("tileset: %d %v: %s", r.status, err, r.body)
		}
		if tileset.TileMatrixSetURI != "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad" || tileset.DataType != "vector" {
			t.Errorf("tileset %+v", tileset)
		}
		if !slices.ContainsFunc(tileset.Links, func(l struct{ Href, Rel, Type string }) bool {
			return l.Rel == "item" && l.Href == tiles+"/{tileMatrix}/{tileRow}/{tileCol}"
		}) {
			t.Errorf("tileset links %+v: no item template", tileset.Links)
		}

		var tj struct {
			TileJSON     string
			Tiles        []string
			Maxzoom      int
			VectorLayers []struct{ ID string } `json:"vector_layers"`
		}
		r = get(t, "GET", tiles+"/tilejson.json", nil)
		if err := json.Unmarshal(r.body, &tj); err != nil || r.status != 200 {
			t.Fatalf("tilejson: %d %v: %s", r.status, err, r.body)
		}
		if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Tiles[0] != tiles+"/{z}/{y}/{x}" || tj.Maxzoom != 22 || len(tj.VectorLayers) != 1 || tj.VectorLayers[0].ID != "parks" {
			t.Errorf("tilejson %+v", tj)
		}
		r = get(t, "GET", base+"/api/collections/parks/tiles", nil)
		if r.status != 200 || !strings.Contains(string(r.body), tiles) {
			t.Errorf("tilesets: %d %s", r.status, r.body)
		}
		r = get(t, "GET", base+"/api/conformance", nil)
		if !strings.Contains(string(r.body), "ogcapi-tiles-1/1.0/conf/mvt") {
			t.Errorf("conformance does not claim MVT tiles: %s", r.body)
		}
		r = get(t, "GET", base+"/api/collections/parks", nil)
		if !strings.Contains(string(r.body), `"rel":"http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"`) {
			t.Errorf("the collection does not link its tiles: %s", r.body)
		}
		r = get(t, "GET", base+"/api/openapi", nil)
		doc, err := openapi3.NewLoader().LoadFromData(r.body)
		if err != nil {
			t.Fatal(err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Fatalf("the OpenAPI document is invalid: %v", err)
		}
		if doc.Paths.Find("/collections/counties/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}") == nil {
			t.Error("OpenAPI has no tile path")
		}
	})
}

// TestTilesBadInput: bad tile coordinates are a 400 or a 404 with a JSON
// error, and the server serves on.
func TestTilesBadInput(t *testing.T) {
	tests := []struct {
		name, path string
		status     int
		want       string
	}{
		{"zoom of words", "/api/collections/parks/tiles/WebMercatorQuad/ten/0/0", 400, "tileMatrix (zoom) must be a whole number"},
		{"negative row", "/api/collections/parks/tiles/WebMercatorQuad/3/-1/0", 400, "tileRow (y) must be a whole number"},
		{"signed column", "/api/collections/parks/tiles/WebMercatorQuad/3/0/+1", 400, "tileCol (x) must be a whole number"},
		{"fraction", "/api/collections/parks/tiles/WebMercatorQuad/3/0/1.5", 400, "whole number"},
		{"huge number", "/api/collections/parks/tiles/WebMercatorQuad/3/0/99999999999999999999", 400, "whole number"},
		{"column past the matrix", "/api/collections/parks/tiles/WebMercatorQuad/3/0/8", 404, "rows and columns go from 0 to 7"},
		{"row past the matrix", "/api/collections/parks/tiles/WebMercatorQuad/0/1/0", 404, "rows and columns go from 0 to 0"},
		{"zoom beyond the maximum", "/api/collections/parks/tiles/WebMercatorQuad/23/0/0", 404, "tile matrices go from 0 to 22"},
		{"zoom far beyond", "/api/collections/parks/tiles/WebMercatorQuad/4000000000/0/0", 404, "tile matrices go from 0 to 22"},
		{"unknown collection", "/api/collections/factories/tiles/WebMercatorQuad/0/0/0", 404, "the collections are"},
		{"unknown tile matrix set", "/api/collections/parks/tiles/WorldCRS84Quad/0/0/0", 404, "nothing at"},
		{"a parameter", "/api/collections/parks/tiles/WebMercatorQuad/0/0/0?f=json", 400, "unknown parameter"},
	}
	stores(t, func(t *testing.T, base string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := get(t, "GET", base+tt.path, nil)
				if r.status != tt.status {
					t.Errorf("status %d, want %d; body %s", r.status, tt.status, r.body)
				}
				var e struct{ Code, Description string }
				if err := json.Unmarshal(r.body, &e); err != nil || e.Code == "" {
					t.Fatalf("body is not a JSON error: %v: %s", err, r.body)
				}
				if !strings.Contains(e.Description, tt.want) {
					t.Errorf("description %q does not say %q", e.Description, tt.want)
				}
			})
		}
		if r := get(t, "GET", base+"/api/collections/parks/tiles/WebMercatorQuad/10/440/803", nil); r.status != 200 {
			t.Errorf("after bad input, tile 10/440/803: status %d", r.status)
		}
	})
}

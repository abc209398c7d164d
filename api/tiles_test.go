package api_test

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// zoneTile returns the path of the zoom-z tile under the first vertex of
// the first zone.
func zoneTile(t *testing.T, base string, z int) string {
	t.Helper()
	var fc struct{ Features []json.RawMessage }
	get(t, base+"/api/collections/parks/items?limit=1", "application/geo+json", &fc)
	f, err := geojson.UnmarshalFeature(fc.Features[0])
	if err != nil {
		t.Fatal(err)
	}
	p := f.Geometry.(orb.MultiPolygon)[0][0][0]
	x, y, _, _ := geo.TileRange(orb.Bound{Min: p, Max: p}, z)
	return strconv.Itoa(z) + "/" + strconv.Itoa(y) + "/" + strconv.Itoa(x)
}

// testTiles: an MVT tile with its ETag and Cache-Control, a 304 for a
// client that has it, a 204 for an empty tile, the tileset metadata, the
// TileJSON, the conformance, the collection's link and the OpenAPI paths.
func testTiles(t *testing.T, base string) {
	tiles := base + "/api/collections/parks/tiles/WebMercatorQuad"
	tile := tiles + "/" + zoneTile(t, base, 12)
	r := get(t, tile, "application/vnd.mapbox-vector-tile", nil)
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
	if again := request(t, "GET", tile, map[string]string{"If-None-Match": etag}); again.status != 304 {
		t.Errorf("If-None-Match the ETag: status %d, want 304", again.status)
	}
	empty := request(t, "GET", tiles+"/10/0/0", nil)
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
	get(t, tiles, "application/json", &tileset)
	if tileset.TileMatrixSetURI != "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad" || tileset.DataType != "vector" {
		t.Errorf("tileset %+v", tileset)
	}
	if !slices.ContainsFunc(tileset.Links, func(l struct{ Href, Rel, Type string }) bool {
		return l.Rel == "item" && l.Href == tiles+"/{tileMatrix}/{tileRow}/{tileCol}"
	}) {
		t.Errorf("tileset links %+v: no item template", tileset.Links)
	}
	// The tiling scheme is served here (a client offline cannot reach the
	// OGC's registry), in TMS 2.0's encoding and 1.0's, and its grid is the
	// tiles': 2^z tiles a side from the top left of EPSG:3857.
	var scheme string
	for _, l := range tileset.Links {
		if l.Rel == "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme" {
			scheme = l.Href
		}
	}
	if scheme != base+"/api/tileMatrixSets/WebMercatorQuad" {
		t.Fatalf("the tileset's tiling scheme is %q, want it on this server", scheme)
	}
	type matrix struct {
		ID, Identifier               string
		ScaleDenominator, CellSize   float64
		PointOfOrigin, TopLeftCorner []float64
		TileWidth, TileHeight        int
		MatrixWidth, MatrixHeight    int64
	}
	var tms struct {
		ID, URI, CRS, Type, Identifier, SupportedCRS string
		TileMatrices, TileMatrix                     []matrix
	}
	get(t, scheme, "application/json", &tms)
	if tms.ID != "WebMercatorQuad" || tms.Identifier != "WebMercatorQuad" || tms.Type != "TileMatrixSetType" ||
		tms.URI != tileset.TileMatrixSetURI || tms.CRS != "http://www.opengis.net/def/crs/EPSG/0/3857" || tms.SupportedCRS != tms.CRS {
		t.Errorf("tile matrix set %+v", tms)
	}
	if len(tms.TileMatrices) != 23 || len(tms.TileMatrix) != 23 {
		t.Fatalf("%d and %d tile matrices, want zooms 0 to 22 in both encodings", len(tms.TileMatrices), len(tms.TileMatrix))
	}
	const half = 20037508.342789244
	for z, m := range tms.TileMatrices {
		v1 := tms.TileMatrix[z]
		cell := 2 * half / 256 / float64(int64(1)<<z)
		if m.ID != strconv.Itoa(z) || v1.Identifier != m.ID || m.MatrixWidth != 1<<z || m.MatrixHeight != 1<<z || v1.MatrixWidth != 1<<z ||
			m.TileWidth != 256 || v1.TileHeight != 256 || math.Abs(m.CellSize-cell) > 1e-9*cell ||
			math.Abs(m.ScaleDenominator-cell/0.28e-3) > 1e-6*m.ScaleDenominator || v1.ScaleDenominator != m.ScaleDenominator ||
			!slices.Equal(m.PointOfOrigin, []float64{-half, half}) || !slices.Equal(v1.TopLeftCorner, m.PointOfOrigin) {
			t.Errorf("tile matrix %d: %+v and %+v", z, m, v1)
		}
	}
	var tmsList struct {
		TileMatrixSets []struct {
			ID    string
			Links []struct{ Href, Rel string }
		}
	}
	get(t, base+"/api/tileMatrixSets", "application/json", &tmsList)
	if len(tmsList.TileMatrixSets) != 1 || tmsList.TileMatrixSets[0].ID != "WebMercatorQuad" || tmsList.TileMatrixSets[0].Links[0].Href != scheme {
		t.Errorf("tile matrix sets %+v", tmsList)
	}
	if r := get(t, base+"/api", "application/json", nil); !strings.Contains(string(r.body), `"rel":"http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"`) {
		t.Errorf("the landing page does not link the tile matrix sets: %s", r.body)
	}

	var tj struct {
		TileJSON     string
		Tiles        []string
		Maxzoom      int
		Bounds       []float64
		VectorLayers []struct{ ID string } `json:"vector_layers"`
	}
	get(t, tiles+"/tilejson.json", "application/json", &tj)
	if tj.TileJSON != "3.0.0" || len(tj.Tiles) != 1 || tj.Tiles[0] != tiles+"/{z}/{y}/{x}" || tj.Maxzoom != 22 ||
		len(tj.Bounds) != 4 || len(tj.VectorLayers) != 1 || tj.VectorLayers[0].ID != "parks" {
		t.Errorf("tilejson %+v", tj)
	}
	if r := get(t, base+"/api/collections/parks/tiles", "application/json", nil); !strings.Contains(string(r.body), tiles) {
		t.Errorf("tilesets: %s", r.body)
	}
	if r := get(t, base+"/api/conformance", "application/json", nil); !strings.Contains(string(r.body), "ogcapi-tiles-1/1.0/conf/mvt") {
		t.Errorf("conformance does not claim MVT tiles: %s", r.body)
	}
	if r := get(t, base+"/api/collections/parks", "application/json", nil); !strings.Contains(string(r.body), `"rel":"http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"`) {
		t.Errorf("the collection does not link its tiles: %s", r.body)
	}
	r = get(t, base+"/api/openapi", "application/vnd.oai.openapi+json", nil)
	doc, err := openapi3.NewLoader().LoadFromData(r.body)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	if doc.Paths.Find("/collections/parcels/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}") == nil {
		t.Error("OpenAPI has no tile path")
	}
}

// testTilesBadInput: bad tile coordinates are a 400 or a 404 with a JSON
// error, and the server serves on.
func testTilesBadInput(t *testing.T, base string) {
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
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request(t, "GET", base+tt.path, nil)
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
	get(t, base+"/api/collections/parks/tiles/WebMercatorQuad/"+zoneTile(t, base, 12), "application/vnd.mapbox-vector-tile", nil)
}

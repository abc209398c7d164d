package api

import (
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// OGC API - Tiles: each collection's features as Mapbox Vector Tiles in
// WebMercatorQuad, with the tileset's metadata and a TileJSON 3.0
// document, offered when the store implements geo.TileReader. Tiles go out
// uncompressed MVT; the HTTP layer gzips them as it does any body.

const (
	contentMVT = "application/vnd.mapbox-vector-tile"

	tileMatrixSet    = "WebMercatorQuad"
	tileMatrixSetURI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
	crs3857          = "http://www.opengis.net/def/crs/EPSG/0/3857"

	relTilesetsVector = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector"
	relTilingScheme   = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"
	relItem           = "item"

	// defaultTileMaxZoom is the deepest tile served unless Config says:
	// about 2 cm a unit, beyond any survey a planner holds.
	defaultTileMaxZoom = 22
)

// tilesConformance are the OGC API - Tiles classes parkmap implements.
var tilesConformance = []string{
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
	"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30",
}

// tileReader returns the store's tiles, when it serves them.
func (s *server) tileReader() (geo.TileReader, bool) {
	tr, ok := s.store.(geo.TileReader)
	return tr, ok
}

// tileRoutes are the routes of the tiles, for a store that serves them.
func (s *server) tileRoutes() []route {
	if _, ok := s.tileReader(); !ok {
		return nil
	}
	return []route{
		{"/tileMatrixSets", "getTileMatrixSets", "The tile matrix sets of the tiles", []string{"f"}, contentJSON, s.tileMatrixSets, nil, false},
		{"/tileMatrixSets/" + tileMatrixSet, "getTileMatrixSet", "WebMercatorQuad's definition (OGC Two Dimensional Tile Matrix Set 2.0)", []string{"f"}, contentJSON, s.tileMatrixSetDoc, nil, false},
		{"/collections/{collectionId}/tiles", "getTileSets", "The vector tilesets of a collection", []string{"f"}, contentJSON, s.tilesets, nil, false},
		{"/collections/{collectionId}/tiles/" + tileMatrixSet, "getTileSet", "A collection's vector tileset in WebMercatorQuad (OGC API - Tiles)", []string{"f"}, contentJSON, s.tileset, nil, false},
		{"/collections/{collectionId}/tiles/" + tileMatrixSet + "/tilejson.json", "getTileJSON", "A collection's vector tileset as TileJSON 3.0", []string{"f", "coordsys"}, contentJSON, s.tilejson, nil, false},
		{"/collections/{collectionId}/tiles/" + tileMatrixSet + "/{tileMatrix}/{tileRow}/{tileCol}", "getTile", "A vector tile (MVT) of a collection, its features filtered as the items' are; 204 when no feature falls in it", tileParams, contentMVT, s.tile, nil, true},
	}
}

// conformsTo lists the conformance classes: Features, and Tiles when the
// store serves them.
func (s *server) conformsTo() []string {
	if _, ok := s.tileReader(); !ok {
		return conformanceClasses
	}
	return append(append([]string{}, conformanceClasses...), tilesConformance...)
}

// tileLinks are a collection's links to its tiles, none when the store
// serves no tiles.
func (s *server) tileLinks(href string) []link {
	if _, ok := s.tileReader(); !ok {
		return nil
	}
	return []link{{href + "/tiles", relTilesetsVector, contentJSON, "Its vector tilesets"}}
}

func (s *server) tileMaxZoom() int {
	if s.cfg.TileMaxZoom <= 0 {
		return defaultTileMaxZoom
	}
	return min(s.cfg.TileMaxZoom, geo.MaxTileZoom)
}

func (s *server) tilesetHref(c *gin.Context, def *geo.Collection) string {
	return s.baseURL(c) + "/api/collections/" + def.ID + "/tiles/" + tileMatrixSet
}

func (s *server) tilesets(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	href := s.tilesetHref(c, def)
	return writeJSON(c, contentJSON, map[string]any{
		"links": []link{{s.baseURL(c) + "/api/collections/" + def.ID + "/tiles", relSelf, contentJSON, "The tilesets"}},
		"tilesets": []map[string]any{{
			"title": def.Title.Bilingual(), "dataType": "vector", "crs": crs3857, "tileMatrixSetURI": tileMatrixSetURI,
			"links": []link{
				{href, relSelf, contentJSON, "The tileset"},
				{s.tileMatrixSetHref(c), relTilingScheme, contentJSON, "WebMercatorQuad"},
			},
		}},
	})
}

// tileset is the OGC API - Tiles tileset metadata.
func (s *server) tileset(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	href := s.tilesetHref(c, def)
	maxZoom := s.tileMaxZoom()
	out := map[string]any{
		"title":            def.Title.Bilingual(),
		"description":      def.Description.Bilingual(),
		"dataType":         "vector",
		"crs":              crs3857,
		"tileMatrixSetURI": tileMatrixSetURI,
		"layers": []map[string]any{{
			"id": def.ID, "title": def.Title.Bilingual(), "dataType": "vector", "geometryType": layerGeometry(def.GeometryType),
			"minTileMatrix": "0", "maxTileMatrix": strconv.Itoa(maxZoom),
			"propertiesSchema": map[string]any{"type": "object", "properties": tileFields(def, true)},
		}},
		"links": []link{
			{href, relSelf, contentJSON, "This tileset"},
			{href + "/tilejson.json", relAlternate, contentJSON, "This tileset as TileJSON 3.0"},
			{s.tileMatrixSetHref(c), relTilingScheme, contentJSON, "WebMercatorQuad"},
			{href + "/{tileMatrix}/{tileRow}/{tileCol}", relItem, contentMVT, "A tile: row from the north, column from the west"},
			{s.baseURL(c) + "/api/collections/" + def.ID, relCollection, contentJSON, "The collection"},
		},
	}
	b, ok, err := s.store.Extent(c.Request.Context(), def)
	if err != nil {
		return err
	}
	if ok {
		out["boundingBox"] = map[string]any{"lowerLeft": []float64{b.Min[0], b.Min[1]}, "upperRight": []float64{b.Max[0], b.Max[1]}, "crs": crs84}
		var limits []map[string]any
		for z := 0; z <= maxZoom; z++ {
			minX, minY, maxX, maxY := geo.TileRange(b, z)
			limits = append(limits, map[string]any{"tileMatrix": strconv.Itoa(z), "minTileRow": minY, "maxTileRow": maxY, "minTileCol": minX, "maxTileCol": maxX})
		}
		out["tileMatrixSetLimits"] = limits
	}
	return writeJSON(c, contentJSON, out)
}

// tilejson is the tileset as TileJSON 3.0, what MapLibre, Leaflet plugins
// and QGIS read; its tile URL is absolute.
func (s *server) tilejson(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	off, err := parseCoordsys(c, geo.CRS84, s.cfg.Projector)
	if err != nil {
		return err
	}
	tiles := s.tilesetHref(c, def) + "/{z}/{y}/{x}"
	if off != nil {
		// The tiles of the GCJ-02 grid, for a Gaode or Tencent base map.
		tiles += "?coordsys=" + coordsysGCJ02
		off.label(c)
	}
	maxZoom := s.tileMaxZoom()
	out := map[string]any{
		"tilejson":    "3.0.0",
		"name":        def.Title.Bilingual(),
		"description": def.Description.Bilingual(),
		"scheme":      "xyz",
		"tiles":       []string{tiles},
		"minzoom":     0,
		"maxzoom":     maxZoom,
		"vector_layers": []map[string]any{{
			"id": def.ID, "description": def.Title.Bilingual(), "minzoom": 0, "maxzoom": maxZoom, "fields": tileFields(def, false),
		}},
	}
	b, ok, err := s.store.Extent(c.Request.Context(), def)
	if err != nil {
		return err
	}
	if ok {
		out["bounds"] = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		center := b.Center()
		out["center"] = []float64{center[0], center[1], 8}
	}
	return writeJSON(c, contentJSON, out)
}

// tileFields describes the properties a tile carries, as geo.TileValue
// writes them: a JSON Schema type each, or TileJSON's type names.
func tileFields(def *geo.Collection, schema bool) map[string]any {
	out := map[string]any{}
	add := func(name, jsonType, tileJSONType, description string) {
		if schema {
			out[name] = map[string]any{"type": jsonType, "description": description}
		} else {
			out[name] = tileJSONType
		}
	}
	if def.Index(def.IDProperty) < 0 {
		add(def.IDProperty, "string", "String", "The feature's id.")
	}
	for _, p := range def.Properties {
		description := p.Description.Bilingual()
		switch p.Type {
		case geo.TypeNumber:
			add(p.Name, "number", "Number", description)
		case geo.TypeInteger:
			add(p.Name, "integer", "Number", description)
		case geo.TypeBoolean:
			add(p.Name, "boolean", "Boolean", description)
		case geo.TypeStrings:
			add(p.Name, "string", "String", description+" (a JSON array as text: MVT has no lists)")
		default:
			add(p.Name, "string", "String", description)
		}
	}
	return out
}

// layerGeometry is OGC API - Tiles' name for a layer's geometry type.
func layerGeometry(t geo.GeometryType) string {
	switch t {
	case geo.GeometryPoint, geo.GeometryMultiPoint:
		return "points"
	case geo.GeometryLineString, geo.GeometryMultiLine:
		return "lines"
	case geo.GeometryPolygon, geo.GeometryMultiPolygon:
		return "polygons"
	}
	return "geometry"
}

// tile serves one tile: MVT with an ETag, 204 when it is empty, with the
// features the items' filters keep.
func (s *server) tile(c *gin.Context) error {
	def, err := s.findCollection(c)
	if err != nil {
		return err
	}
	tr, _ := s.tileReader()
	z, err := parseTileIndex("tileMatrix (zoom)", c.Param("tileMatrix"))
	if err != nil {
		return err
	}
	y, err := parseTileIndex("tileRow (y)", c.Param("tileRow"))
	if err != nil {
		return err
	}
	x, err := parseTileIndex("tileCol (x)", c.Param("tileCol"))
	if err != nil {
		return err
	}
	if err := geo.CheckTile(z, x, y, s.tileMaxZoom()); err != nil {
		return err
	}
	f, err := s.tileFilter(c, def)
	if err != nil {
		return err
	}
	off, err := parseCoordsys(c, geo.CRS84, s.cfg.Projector)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", s.tileCacheControl())
	if off != nil {
		return s.gcjTile(c, def, z, x, y, off, f)
	}
	tile, err := tr.Tile(c.Request.Context(), def, z, x, y, f)
	if err != nil {
		return err
	}
	if len(tile) == 0 {
		c.Status(http.StatusNoContent)
		return nil
	}
	writeBody(c, contentMVT, tile, nil)
	return nil
}

// parseTileIndex parses a tile's zoom, row or column: digits only (no
// sign, no spaces), at most ten of them, so that it fits any int.
func parseTileIndex(name, s string) (int, error) {
	if s == "" || len(s) > 10 {
		return 0, invalid("%s must be a whole number from 0; got %q", name, truncate(s))
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, invalid("%s must be a whole number from 0; got %q", name, truncate(s))
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}

// tileOpenAPI describes the tile operation: its path parameters and its
// binary MVT response.
func tileOpenAPI(op *openapi3.Operation, maxZoom int) *openapi3.ResponseRef {
	index := func(name, description string, max int) *openapi3.Parameter {
		return openapi3.NewPathParameter(name).WithDescription(description).
			WithSchema(openapi3.NewIntegerSchema().WithMin(0).WithMax(float64(max)))
	}
	op.AddParameter(index("tileMatrix", "The zoom level.", maxZoom))
	op.AddParameter(index("tileRow", "The row, from the north; below 2^tileMatrix.", 1<<maxZoom-1))
	op.AddParameter(index("tileCol", "The column, from the west; below 2^tileMatrix.", 1<<maxZoom-1))
	op.AddParameter(coordsysParam().Value)
	r := openapi3.NewResponse().WithDescription("The tile, as Mapbox Vector Tile 2.1")
	r.Content = openapi3.NewContentWithSchema(openapi3.NewStringSchema().WithFormat("binary"), []string{contentMVT})
	return &openapi3.ResponseRef{Value: r}
}

// emptyTileResponse is the 204 of a tile without features.
func emptyTileResponse() *openapi3.ResponseRef {
	return &openapi3.ResponseRef{Value: openapi3.NewResponse().WithDescription("No feature falls in the tile")}
}

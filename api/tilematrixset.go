package api

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// The tile matrix set's definition is served here, not only named by its
// OGC URI: a client resolves the tileset's tiling-scheme link to learn the
// grid, and GDAL's OGCAPI driver, for one, fails when that link leads off
// the server (as it does offline). The document is OGC Two Dimensional
// Tile Matrix Set 2.0's JSON encoding of the registry's WebMercatorQuad.

const (
	relTilingSchemes = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes"

	// tileSize is a tile's side in pixels, and standardPixel the size of a
	// pixel (m) that scale denominators are given for.
	tileSize      = 256
	standardPixel = 0.28e-3
)

func (s *server) tileMatrixSetsHref(c *gin.Context) string {
	return s.baseURL(c) + "/api/tileMatrixSets"
}

// tileMatrixSetHref is where WebMercatorQuad's definition is served.
func (s *server) tileMatrixSetHref(c *gin.Context) string {
	return s.tileMatrixSetsHref(c) + "/" + tileMatrixSet
}

// tileMatrixSets lists the tile matrix sets the tiles use: one.
func (s *server) tileMatrixSets(c *gin.Context) error {
	return writeJSON(c, contentJSON, map[string]any{
		"links": []link{{s.tileMatrixSetsHref(c), relSelf, contentJSON, "The tile matrix sets"}},
		"tileMatrixSets": []map[string]any{{
			"id": tileMatrixSet, "title": webMercatorQuadTitle, "uri": tileMatrixSetURI, "crs": crs3857,
			"links": []link{{s.tileMatrixSetHref(c), relTilingScheme, contentJSON, tileMatrixSet}},
		}},
	})
}

const webMercatorQuadTitle = "Google Maps Compatible for the World"

// tileMatrixSetDoc is WebMercatorQuad's definition, to the deepest zoom
// served, in TMS 2.0's JSON encoding with TMS 1.0's members beside it
// (type, identifier, supportedCRS, boundingBox, tileMatrix): clients of
// 1.0, GDAL 3.6's OGCAPI driver among them, read only those, and a 2.0
// client reads its own and passes over the rest.
func (s *server) tileMatrixSetDoc(c *gin.Context) error {
	maxZoom := s.tileMaxZoom()
	v2 := make([]map[string]any, 0, maxZoom+1)
	v1 := make([]map[string]any, 0, maxZoom+1)
	origin := []float64{-geo.MercatorMax, geo.MercatorMax}
	for z := 0; z <= maxZoom; z++ {
		cell := 2 * geo.MercatorMax / tileSize / float64(int64(1)<<z)
		side := int64(1) << z
		v2 = append(v2, map[string]any{
			"id": strconv.Itoa(z), "scaleDenominator": cell / standardPixel, "cellSize": cell,
			"cornerOfOrigin": "topLeft", "pointOfOrigin": origin,
			"tileWidth": tileSize, "tileHeight": tileSize, "matrixWidth": side, "matrixHeight": side,
		})
		v1 = append(v1, map[string]any{
			"type": "TileMatrixType", "identifier": strconv.Itoa(z), "scaleDenominator": cell / standardPixel,
			"topLeftCorner": origin,
			"tileWidth":     tileSize, "tileHeight": tileSize, "matrixWidth": side, "matrixHeight": side,
		})
	}
	return writeJSON(c, contentJSON, map[string]any{
		"id":                tileMatrixSet,
		"title":             webMercatorQuadTitle,
		"uri":               tileMatrixSetURI,
		"crs":               crs3857,
		"orderedAxes":       []string{"X", "Y"},
		"wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
		"tileMatrices":      v2,
		"links":             []link{{s.tileMatrixSetHref(c), relSelf, contentJSON, "This tile matrix set"}},
		// TMS 1.0
		"type":         "TileMatrixSetType",
		"identifier":   tileMatrixSet,
		"supportedCRS": crs3857,
		"boundingBox": map[string]any{
			"type": "BoundingBoxType", "crs": crs3857,
			"lowerCorner": []float64{-geo.MercatorMax, -geo.MercatorMax}, "upperCorner": []float64{geo.MercatorMax, geo.MercatorMax},
		},
		"tileMatrix": v1,
	})
}

package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// TestQGISDrawsTiles adds the zones' vector tiles to QGIS 3.22 headless
// (testdata/qgis_tiles.py) as an XYZ vector tile layer, on the URL
// template the tileset's metadata gives, and renders the zones' extent:
// QGIS draws them from the server's tiles. The same template with row and
// column swapped, as a client reading the order wrongly would, draws
// nothing: the check can fail.
func TestQGISDrawsTiles(t *testing.T) {
	base := startServer(t)
	tiles := base + "/api/collections/parks/tiles/WebMercatorQuad"
	var tileset struct {
		Links []struct{ Href, Rel, Type string }
	}
	getJSON(t, tiles, &tileset)
	template := ""
	for _, l := range tileset.Links {
		if l.Rel == "item" && l.Type == "application/vnd.mapbox-vector-tile" {
			template = l.Href
		}
	}
	xyz := strings.NewReplacer("{tileMatrix}", "{z}", "{tileRow}", "{y}", "{tileCol}", "{x}").Replace(template)
	if !strings.Contains(xyz, "{z}/{y}/{x}") {
		t.Fatalf("the tileset's tile template is %q", template)
	}
	var parks struct {
		Extent struct{ Spatial struct{ BBox [][]float64 } }
	}
	getJSON(t, base+"/api/collections/parks", &parks)
	b := parks.Extent.Spatial.BBox[0]
	lo, hi := geo.Mercator(orb.Point{b[0], b[1]}), geo.Mercator(orb.Point{b[2], b[3]})
	extent := []string{ftoa(lo[0]), ftoa(lo[1]), ftoa(hi[0]), ftoa(hi[1])}

	draw := func(template string) (valid bool, painted int) {
		t.Helper()
		var got struct {
			Valid   bool
			Painted int
			Errors  []string
		}
		runQGIS(t, &got, "testdata/qgis_tiles.py", append([]string{template}, extent...)...)
		if len(got.Errors) > 0 {
			t.Errorf("QGIS's rendering errors: %v", got.Errors)
		}
		return got.Valid, got.Painted
	}
	valid, painted := draw(xyz)
	if !valid || painted < 50 {
		t.Errorf("QGIS's layer on %s: valid %t, %d pixels painted (of 65,536 sampled); want the zones drawn", xyz, valid, painted)
	}
	t.Logf("QGIS drew the zones' tiles: %d pixels of 65,536 sampled", painted)
	swapped := strings.Replace(xyz, "{z}/{y}/{x}", "{z}/{x}/{y}", 1)
	if _, n := draw(swapped); n >= painted/4 {
		t.Errorf("with row and column swapped QGIS painted %d pixels, against %d: the check cannot tell", n, painted)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }

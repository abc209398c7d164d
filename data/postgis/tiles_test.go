package postgis

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// tileTolerance is how far, in tile units (1/4096 of a tile), a vertex of
// one store's geometry may lie from the other store's: two units, an eighth
// of a screen pixel on a 256-pixel tile. Both snap to the grid and drop
// vertices on straight lines, but PostGIS then has GEOS make each polygon
// valid, which moves the odd vertex of a dense outline at low zoom by a
// unit or two (measured: at most 2 units on the bundled counties).
const tileTolerance = 2.0

// TestTilesMatchMemory holds both stores to the tile contract, on the
// bundled data (real county outlines) and on the contract suite's
// synthetic city (parcels, across the antimeridian too): at every zoom
// from 0 to 11 every tile over each collection, and deeper tiles under its
// vertices, hold the same features in the same order with the same
// properties, and geometries within tileTolerance of each other.
func TestTilesMatchMemory(t *testing.T) {
	bundled, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	city, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	compared := map[string]bool{}
	for _, data := range []struct {
		name string
		d    *seed.Dataset
	}{{"bundled", bundled}, {"city", city}} {
		t.Run(data.name, func(t *testing.T) {
			s := seededWith(t, data.d)
			mem, err := memory.New(data.d)
			if err != nil {
				t.Fatal(err)
			}
			worst := 0.0
			for _, def := range geo.Builtin() {
				t.Run(def.ID, func(t *testing.T) {
					tiles := tilesOver(ctx, t, mem, def)
					if tiles == nil {
						return // nothing of it in this dataset (the bundled data has no parcels)
					}
					compared[def.ID] = true
					nonEmpty := 0
					for _, tile := range tiles {
						z, x, y := tile[0], tile[1], tile[2]
						want, err := mem.Tile(ctx, def, z, x, y, geo.TileFilter{})
						if err != nil {
							t.Fatal(err)
						}
						got, err := s.Tile(ctx, def, z, x, y, geo.TileFilter{})
						if err != nil {
							t.Fatal(err)
						}
						if len(want) > 0 {
							nonEmpty++
						}
						d, err := compareTiles(def, want, got)
						if err != nil {
							t.Errorf("tile %d/%d/%d (memory, then PostGIS): %v", z, x, y, err)
						}
						worst = max(worst, d)
					}
					if nonEmpty < 12 {
						t.Errorf("only %d of %d tiles hold features, fewer than one a zoom: the tiles chosen miss the data", nonEmpty, len(tiles))
					}
				})
			}
			t.Logf("largest distance between the stores' vertices: %.2f units", worst)
		})
	}
	for _, def := range geo.Builtin() {
		if !compared[def.ID] {
			t.Errorf("no dataset has %s to compare tiles of", def.ID)
		}
	}
}

// tilesOver lists the tiles to compare: all over the collection's extent
// at zooms 0 to 11 (each half of an extent across the antimeridian), and
// at 13 and 15 the tiles under some 30 of its vertices.
func tilesOver(ctx context.Context, t *testing.T, mem *memory.Store, def *geo.Collection) [][3]int {
	t.Helper()
	page, err := mem.Features(ctx, def, geo.FeatureQuery{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	var points []orb.Point
	var bounds []orb.Bound
	for _, raw := range page.Features {
		f, err := geojson.UnmarshalFeature(raw)
		if err != nil {
			t.Fatal(err)
		}
		if f.Geometry != nil {
			points = append(points, vertices(f.Geometry)...)
			bounds = append(bounds, f.Geometry.Bound())
		}
	}
	if len(points) == 0 {
		return nil
	}
	seen := map[[3]int]bool{}
	var out [][3]int
	add := func(tile [3]int) {
		if !seen[tile] {
			seen[tile] = true
			out = append(out, tile)
		}
	}
	for z := 0; z <= 11; z++ {
		for _, b := range bounds {
			minX, minY, maxX, maxY := geo.TileRange(b, z)
			for x := minX; x <= maxX; x++ {
				for y := minY; y <= maxY; y++ {
					add([3]int{z, x, y})
				}
			}
		}
	}
	step := max(1, len(points)/30)
	for _, z := range []int{13, 15} {
		for i := 0; i < len(points); i += step {
			x, y, _, _ := geo.TileRange(orb.Bound{Min: points[i], Max: points[i]}, z)
			add([3]int{z, x, y})
		}
	}
	return out
}

// compareTiles decodes two tiles of one collection and returns the largest
// distance between their vertices, or the first way in which they differ.
func compareTiles(def *geo.Collection, want, got []byte) (float64, error) {
	if len(want) == 0 && len(got) == 0 {
		return 0, nil
	}
	wl, err := unmarshal(want)
	if err != nil {
		return 0, fmt.Errorf("first: %w", err)
	}
	gl, err := unmarshal(got)
	if err != nil {
		return 0, fmt.Errorf("second: %w", err)
	}
	if len(wl) == 0 && len(gl) == 0 {
		return 0, nil
	}
	if len(wl) != 1 || len(gl) != 1 {
		return 0, fmt.Errorf("%d and %d layers, want 1", len(wl), len(gl))
	}
	w, g := withoutSpecks(wl[0]), withoutSpecks(gl[0])
	if w.Name != def.ID || g.Name != def.ID || w.Extent != geo.TileExtent || g.Extent != geo.TileExtent {
		return 0, fmt.Errorf("layers %s (extent %d) and %s (extent %d), want %s of %d", w.Name, w.Extent, g.Name, g.Extent, def.ID, geo.TileExtent)
	}
	ids := func(l *mvt.Layer) []any {
		var out []any
		for _, f := range l.Features {
			out = append(out, f.Properties[def.IDProperty])
		}
		return out
	}
	if diff := cmp.Diff(ids(w), ids(g)); diff != "" {
		return 0, fmt.Errorf("features (-first +second):\n%s", diff)
	}
	worst := 0.0
	for i := range w.Features {
		if diff := cmp.Diff(map[string]any(w.Features[i].Properties), map[string]any(g.Features[i].Properties), areasClose); diff != "" {
			return 0, fmt.Errorf("feature %v: properties (-first +second):\n%s", ids(w)[i], diff)
		}
		d := math.Max(farthest(w.Features[i].Geometry, g.Features[i].Geometry), farthest(g.Features[i].Geometry, w.Features[i].Geometry))
		if d > tileTolerance {
			return d, fmt.Errorf("feature %v: a vertex lies %.2f units from the other geometry (at most %v):\n%v\n%v",
				ids(w)[i], d, tileTolerance, w.Features[i].Geometry, g.Features[i].Geometry)
		}
		if dim := w.Features[i].Geometry.Dimensions(); dim != g.Features[i].Geometry.Dimensions() {
			return d, fmt.Errorf("feature %v: geometries of dimension %d and %d", ids(w)[i], dim, g.Features[i].Geometry.Dimensions())
		}
		if w.Features[i].Geometry.Dimensions() == 2 {
			// Within the tolerance of the outline: a band along it.
			if a, b := planar.Area(w.Features[i].Geometry), planar.Area(g.Features[i].Geometry); math.Abs(a-b) > tileTolerance*planar.Length(w.Features[i].Geometry) {
				return d, fmt.Errorf("feature %v: areas %.0f and %.0f square units", ids(w)[i], a, b)
			}
		}
		worst = max(worst, d)
	}
	return worst, nil
}

// areasClose compares areas (area_*) within 1%, as the contract suite
// does: PostGIS measures on the ellipsoid, the embedded store otherwise.
var areasClose = cmp.FilterPath(func(p cmp.Path) bool {
	m, ok := p.Last().(cmp.MapIndex)
	return ok && strings.HasPrefix(m.Key().String(), "area_")
}, cmp.Comparer(func(a, b any) bool {
	x, ok1 := a.(float64)
	y, ok2 := b.(float64)
	return ok1 && ok2 && math.Abs(x-y) <= 0.01*math.Max(math.Abs(x), math.Abs(y))
}))

// farthest returns the largest distance from a vertex of a to the nearest
// point of b (its segments, or its points). Vertices on the edge of the
// buffer are left out: clipping puts them there, where no map draws, and
// the embedded store's clipping (orb's, Sutherland–Hodgman) keeps a polygon
// that leaves and comes back as one ring joined along the edge, where
// PostGIS (GEOS) makes two.
func farthest(a, b orb.Geometry) float64 {
	worst := 0.0
	for _, p := range vertices(a) {
		if onBufferEdge(p) {
			continue
		}
		worst = max(worst, math.Sqrt(distanceSquared(b, p)))
	}
	return worst
}

func vertices(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch g := g.(type) {
	case orb.Point:
		out = append(out, g)
	case orb.MultiPoint:
		out = append(out, g...)
	case orb.LineString:
		out = append(out, g...)
	case orb.MultiLineString:
		for _, ls := range g {
			out = append(out, ls...)
		}
	case orb.Ring:
		out = append(out, g...)
	case orb.Polygon:
		for _, r := range g {
			out = append(out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				out = append(out, r...)
			}
		}
	}
	return out
}

func distanceSquared(g orb.Geometry, p orb.Point) float64 {
	switch g.Dimensions() {
	case 0:
		best := math.Inf(1)
		for _, q := range vertices(g) {
			best = min(best, planar.DistanceSquared(p, q))
		}
		return best
	}
	d := planar.DistanceFrom(g, p)
	return d * d
}

func onBufferEdge(p orb.Point) bool {
	const lo, hi = -geo.TileBuffer, geo.TileExtent + geo.TileBuffer
	return p[0] == lo || p[0] == hi || p[1] == lo || p[1] == hi
}

// unmarshal decodes a tile, empty or not, leaving out the polygons of no
// more than 2 units across: whether such a speck survives being snapped
// and made valid is a detail of GEOS the embedded store does not copy.
func unmarshal(tile []byte) (mvt.Layers, error) {
	if len(tile) == 0 {
		return nil, nil
	}
	layers, err := mvt.Unmarshal(tile)
	if err != nil {
		return nil, err
	}
	out := layers[:0]
	for _, l := range layers {
		if l = withoutSpecks(l); len(l.Features) > 0 {
			out = append(out, l)
		}
	}
	return out, nil
}

func withoutSpecks(l *mvt.Layer) *mvt.Layer {
	kept := l.Features[:0]
	for _, f := range l.Features {
		b := f.Geometry.Bound()
		if f.Geometry.Dimensions() < 2 || b.Max[0]-b.Min[0] > 2 || b.Max[1]-b.Min[1] > 2 {
			kept = append(kept, f)
		}
	}
	l.Features = kept
	return l
}

// BenchmarkTile runs the prepared tile statement of the counties (the
// densest outlines) at zoom 10 and 14 over Hongta.
func BenchmarkTile(b *testing.B) {
	s, _ := newSeeded(b)
	ctx := context.Background()
	for _, z := range []int{10, 14} {
		x, y, _, _ := geo.TileRange(orb.Bound{Min: orb.Point{102.53, 24.38}, Max: orb.Point{102.53, 24.38}}, z)
		b.Run(fmt.Sprintf("z%d", z), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Tile(ctx, geo.Counties, z, x, y, geo.TileFilter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

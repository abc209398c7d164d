package memory

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// TestLayerEncoder checks the tiles' own encoder against orb's: each tile
// decodes (with orb's decoder) to what orb's mvt.Marshal writes of the same
// features given as GeoJSON with their properties, as tiles were built
// before, and comes out the same bytes when built again.
func TestLayerEncoder(t *testing.T) {
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Synthesize(20, 3000, 1); err != nil {
		t.Fatal(err)
	}
	s, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	hongta := slices.IndexFunc(d.Parks, func(p geo.Park) bool { return p.ID == "hongta" })
	zone := d.Parks[hongta].Geometry.Bound()
	for _, def := range []*geo.Collection{geo.Parks, geo.Projects, geo.Counties, geo.Parcels} {
		for _, z := range []int{8, 10, 12, 14, 16} {
			x0, y0, x1, y1 := geo.TileRange(zone, z)
			for _, xy := range [][2]int{{x0, y0}, {x1, y1}, {(x0 + x1) / 2, (y0 + y1) / 2}} {
				t.Run(fmt.Sprintf("%s/%d/%d/%d", def.ID, z, xy[0], xy[1]), func(t *testing.T) {
					tile, err := s.Tile(ctx, def, z, xy[0], xy[1], geo.TileFilter{})
					if err != nil {
						t.Fatal(err)
					}
					again, err := s.Tile(ctx, def, z, xy[0], xy[1], geo.TileFilter{})
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(tile, again) {
						t.Error("built twice, the tile differs")
					}
					want := orbTile(t, s, def, z, xy[0], xy[1])
					if len(want) == 0 {
						if len(tile) != 0 {
							t.Errorf("%d bytes, want an empty tile", len(tile))
						}
						return
					}
					got, err := mvt.Unmarshal(tile)
					if err != nil {
						t.Fatal(err)
					}
					wantLayers, err := mvt.Unmarshal(want)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(wantLayers, got); diff != "" {
						t.Errorf("(-orb's +ours):\n%s", diff)
					}
				})
			}
		}
	}
}

// orbTile builds the tile with orb's mvt.Marshal from GeoJSON features.
func orbTile(t *testing.T, s *Store, def *geo.Collection, z, x, y int) []byte {
	t.Helper()
	c, err := s.collection(def)
	if err != nil {
		t.Fatal(err)
	}
	search := geo.TileLonLatBound(z, x, y, float64(geo.TileBuffer)/geo.TileExtent)
	var found []int
	c.index.Search(search.Min, search.Max, func(_, _ [2]float64, i int) bool {
		found = append(found, i)
		return true
	})
	slices.Sort(found)
	p := newTileProjection(z, x, y)
	layer := &mvt.Layer{Name: def.ID, Version: 2, Extent: geo.TileExtent}
	for _, i := range found {
		it := &c.items[i]
		g := p.geometry(c.tiles.items[i].mercator)
		if g == nil {
			continue
		}
		props := geojson.Properties{}
		if def.Index(def.IDProperty) < 0 {
			props[def.IDProperty] = it.ID
		}
		for k, prop := range def.Properties {
			if v, ok := geo.TileValue(prop, it.Values[k]); ok {
				props[prop.Name] = v
			}
		}
		layer.Features = append(layer.Features, &geojson.Feature{Geometry: orb.Clone(g), Properties: props})
	}
	if len(layer.Features) == 0 {
		return nil
	}
	tile, err := mvt.Marshal(mvt.Layers{layer})
	if err != nil {
		t.Fatal(err)
	}
	return tile
}

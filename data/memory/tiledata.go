package memory

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt/vectortile"
	"github.com/paulmach/orb/project"

	"github.com/parkmap/parkmap/geo"
)

// tileData is what a collection's tiles need of its items, computed once
// when the collection is added rather than on every tile: each key a tile
// may carry, each distinct value encoded as MVT holds it, and for each
// item its tags and its geometry in EPSG:3857. A tile writes only the keys
// and values its features use (see layerEncoder). It is kept beside the
// items rather than in them, so that the scans of pages do not step over it.
type tileData struct {
	keys   []string
	values [][]byte   // each an encoded vectortile.Tile_Value
	items  []tileItem // lined up with the collection's items
}

// tileItem is what tiles need of one item.
type tileItem struct {
	// tags are the item's properties as a tile carries them: pairs of a
	// key's and a value's positions in the tileData's lists.
	tags []uint32
	// mercator is the item's geometry in EPSG:3857, which every tile
	// projects to: projected once here rather than on each tile.
	mercator orb.Geometry
}

// newTileData computes the tile data of a collection's items. The tags
// hold the id first when the definition has no id property (tiles carry
// it as one), then every property a tile carries (geo.TileValue), in the
// definition's order.
func newTileData(def *geo.Collection, items []item) (*tileData, error) {
	d := &tileData{items: make([]tileItem, len(items))}
	idAsProperty := def.Index(def.IDProperty) < 0
	if idAsProperty {
		d.keys = append(d.keys, def.IDProperty)
	}
	for _, p := range def.Properties {
		d.keys = append(d.keys, p.Name)
	}
	seen := map[any]uint32{} // value -> position in d.values
	var tags []uint32        // every item's, one after another
	ends := make([]int, len(items))
	for n := range items {
		it := &items[n]
		add := func(key int, v any) error {
			i, ok := seen[v]
			if !ok {
				tv := &vectortile.Tile_Value{}
				switch v := v.(type) {
				case string:
					tv.StringValue = &v
				case int64:
					tv.SintValue = &v
				case float64:
					tv.DoubleValue = &v
				case bool:
					tv.BoolValue = &v
				default:
					return fmt.Errorf("memory: %s %s: a tile cannot carry %s's %T", def.ID, it.ID, d.keys[key], v)
				}
				b, err := tv.Marshal()
				if err != nil {
					return err
				}
				i = uint32(len(d.values))
				d.values = append(d.values, b)
				seen[v] = i
			}
			tags = append(tags, uint32(key), i)
			return nil
		}
		k := 0
		if idAsProperty {
			if err := add(0, it.ID); err != nil {
				return nil, err
			}
			k = 1
		}
		for i, prop := range def.Properties {
			if v, ok := geo.TileValue(prop, it.Values[i]); ok {
				if err := add(k+i, v); err != nil {
					return nil, err
				}
			}
		}
		ends[n] = len(tags)
		if it.Geometry != nil {
			d.items[n].mercator = project.Geometry(orb.Clone(it.Geometry), geo.Mercator)
		}
	}
	start := 0
	for n, end := range ends {
		d.items[n].tags = tags[start:end:end]
		start = end
	}
	return d, nil
}

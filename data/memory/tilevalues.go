package memory

import (
	"fmt"

	"github.com/paulmach/orb/encoding/mvt/vectortile"

	"github.com/parkmap/parkmap/geo"
)

// tileDictionary is what a collection's tiles say of its features'
// properties, computed once when the collection is added rather than on
// every tile: each key a tile may carry, each distinct value as MVT holds
// it, and each item's tags (key and value positions in these lists, in
// pairs). A tile writes only the keys and values its features use (see
// layerEncoder).
type tileDictionary struct {
	keys   []string
	values [][]byte // each an encoded vectortile.Tile_Value
}

// tileTags returns the tags of the item with record r: its id first when
// the definition has no id property (tiles carry it as one), then every
// property a tile carries (geo.TileValue), in the definition's order. seen
// maps each value already in d to its position.
func (d *tileDictionary) tileTags(def *geo.Collection, r *geo.Record, seen map[any]uint32, tags []uint32) ([]uint32, error) {
	add := func(key uint32, v any) error {
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
				return fmt.Errorf("memory: %s %s: a tile cannot carry %s's %T", def.ID, r.ID, d.keys[key], v)
			}
			b, err := tv.Marshal()
			if err != nil {
				return err
			}
			i = uint32(len(d.values))
			d.values = append(d.values, b)
			seen[v] = i
		}
		tags = append(tags, key, i)
		return nil
	}
	k := uint32(0)
	if def.Index(def.IDProperty) < 0 {
		if err := add(0, r.ID); err != nil {
			return nil, err
		}
		k = 1
	}
	for i, prop := range def.Properties {
		if v, ok := geo.TileValue(prop, r.Values[i]); ok {
			if err := add(k+uint32(i), v); err != nil {
				return nil, err
			}
		}
	}
	return tags, nil
}

// newTileDictionary returns the keys of a collection's tiles, with no
// values yet.
func newTileDictionary(def *geo.Collection) *tileDictionary {
	d := &tileDictionary{}
	if def.Index(def.IDProperty) < 0 {
		d.keys = append(d.keys, def.IDProperty)
	}
	for _, p := range def.Properties {
		d.keys = append(d.keys, p.Name)
	}
	return d
}

package memory

import (
	"github.com/gogo/protobuf/proto"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt/vectortile"

	"github.com/parkmap/parkmap/geo"
)

// layerEncoder writes one tile's layer straight into orb's protobuf
// message (vectortile), from the tags and the tile geometry of each
// feature: orb's mvt.Marshal takes GeoJSON features with a map of
// properties each, and looks each key and value up again in maps of its
// own (by reflection for the values) on every tile, which made most of a
// tile's time and garbage. The key and value dictionaries hold what the
// tile's features use, in the order they first use it, so a tile is the
// same bytes on every run.
type layerEncoder struct {
	dict     *tileDictionary
	keys     []uint32          // dictionary key -> 1 + position in the tile's keys, 0 for none yet
	values   map[uint32]uint32 // dictionary value -> position in the tile's values
	layer    vectortile.Tile_Layer
	features []vectortile.Tile_Feature
	tags     []uint32 // every feature's tags, one after another
	geometry []uint32 // every feature's commands, one after another
}

// The geometry types, pointed to by every feature of their type (protobuf
// optional fields are pointers).
var (
	mvtPoint   = vectortile.Tile_POINT
	mvtLine    = vectortile.Tile_LINESTRING
	mvtPolygon = vectortile.Tile_POLYGON
)

// MVT's geometry commands (section 4.3 of the specification).
const (
	cmdMoveTo    = 1
	cmdLineTo    = 2
	cmdClosePath = 7
)

func newLayerEncoder(name string, dict *tileDictionary, features int) *layerEncoder {
	version, extent := uint32(2), uint32(geo.TileExtent)
	return &layerEncoder{
		dict:     dict,
		keys:     make([]uint32, len(dict.keys)),
		values:   make(map[uint32]uint32),
		layer:    vectortile.Tile_Layer{Name: &name, Version: &version, Extent: &extent},
		features: make([]vectortile.Tile_Feature, 0, features),
	}
}

// add writes a feature with the item's tags (see tileDictionary) and g,
// already on the tile's grid. g is not kept.
func (e *layerEncoder) add(tags []uint32, g orb.Geometry) {
	start := len(e.tags)
	for i := 0; i < len(tags); i += 2 {
		k := e.keys[tags[i]]
		if k == 0 {
			e.layer.Keys = append(e.layer.Keys, e.dict.keys[tags[i]])
			k = uint32(len(e.layer.Keys))
			e.keys[tags[i]] = k
		}
		v, ok := e.values[tags[i+1]]
		if !ok {
			v = uint32(len(e.layer.Values))
			e.layer.Values = append(e.layer.Values, e.dict.values[tags[i+1]])
			e.values[tags[i+1]] = v
		}
		e.tags = append(e.tags, k-1, v)
	}
	gs := len(e.geometry)
	var typ *vectortile.Tile_GeomType
	var x, y int32 // the cursor: each point is written from the last one
	points := func(cmd uint32, ps []orb.Point) {
		e.geometry = append(e.geometry, uint32(len(ps))<<3|cmd)
		for _, p := range ps {
			dx, dy := int32(p[0])-x, int32(p[1])-y
			x, y = int32(p[0]), int32(p[1])
			e.geometry = append(e.geometry, uint32(dx<<1^dx>>31), uint32(dy<<1^dy>>31))
		}
	}
	line := func(ls []orb.Point) {
		points(cmdMoveTo, ls[:1])
		points(cmdLineTo, ls[1:])
	}
	ring := func(r orb.Ring) {
		line(r[:len(r)-1]) // the last point is the first: a closing command draws it
		e.geometry = append(e.geometry, 1<<3|cmdClosePath)
	}
	switch g := g.(type) {
	case orb.Point:
		typ = &mvtPoint
		points(cmdMoveTo, []orb.Point{g})
	case orb.MultiPoint:
		typ = &mvtPoint
		points(cmdMoveTo, g)
	case orb.LineString:
		typ = &mvtLine
		line(g)
	case orb.MultiLineString:
		typ = &mvtLine
		for _, ls := range g {
			line(ls)
		}
	case orb.Polygon:
		typ = &mvtPolygon
		for _, r := range g {
			ring(r)
		}
	case orb.MultiPolygon:
		typ = &mvtPolygon
		for _, p := range g {
			for _, r := range p {
				ring(r)
			}
		}
	}
	// Capped, so that appending the next feature cannot reach into this one.
	e.features = append(e.features, vectortile.Tile_Feature{
		Tags:     e.tags[start:len(e.tags):len(e.tags)],
		Type:     typ,
		Geometry: e.geometry[gs:len(e.geometry):len(e.geometry)],
	})
}

// marshal returns the tile holding the layer, empty when no feature was
// added.
func (e *layerEncoder) marshal() ([]byte, error) {
	if len(e.features) == 0 {
		return []byte{}, nil
	}
	e.layer.Features = make([]*vectortile.Tile_Feature, len(e.features))
	for i := range e.features {
		e.layer.Features[i] = &e.features[i]
	}
	return proto.Marshal(&vectortile.Tile{Layers: []*vectortile.Tile_Layer{&e.layer}})
}

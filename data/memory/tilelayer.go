package memory

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt/vectortile"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/parkmap/parkmap/geo"
)

// layerEncoder writes one tile's layer as protobuf, feature by feature,
// from the tags and the tile geometry of each: orb's mvt.Marshal takes
// GeoJSON features with a map of properties each and looks every key and
// value up again in maps of its own (by reflection for the values), and
// the protobuf code it calls (gogo's, generated) makes two scratch buffers
// ten times the size of each feature's tags and geometry; together they
// made most of a tile's time and garbage. Values come encoded from the
// dictionary. The message is vector_tile.proto's (orb's vectortile, whose
// decoder TestLayerEncoder reads it with). The key and value dictionaries
// hold what the tile's features use, in the order they first use it, so a
// tile is the same bytes on every run.
type layerEncoder struct {
	name       string
	dict       *tileData
	keys       []uint32          // dictionary key -> 1 + position in the tile's keys, 0 for none yet
	values     map[uint32]uint32 // dictionary value -> position in the tile's values
	keyOrder   []uint32          // the tile's keys, as dictionary positions
	valueOrder []uint32          // the tile's values, as dictionary positions
	features   []byte            // every feature written, each a layer field
	tags, cmds []uint32          // the feature being written
}

// The fields of vector_tile.proto that tiles use.
const (
	tileLayers       = 3
	layerName        = 1
	layerFeatures    = 2
	layerKeys        = 3
	layerValues      = 4
	layerExtent      = 5
	layerVersion     = 15
	featureTags      = 2
	featureType      = 3
	featureGeometry  = 4
	mvtVersion       = 2
	cmdMoveTo        = 1 // MVT's geometry commands (section 4.3 of the specification)
	cmdLineTo        = 2
	cmdClosePath     = 7
	closePathCommand = 1<<3 | cmdClosePath
)

func newLayerEncoder(name string, dict *tileData) *layerEncoder {
	return &layerEncoder{name: name, dict: dict, keys: make([]uint32, len(dict.keys)), values: make(map[uint32]uint32)}
}

// add writes a feature with the item's tags (see tileItem) and g,
// already on the tile's grid. g is not kept.
func (e *layerEncoder) add(tags []uint32, g orb.Geometry) {
	e.tags = e.tags[:0]
	for i := 0; i < len(tags); i += 2 {
		k := e.keys[tags[i]]
		if k == 0 {
			e.keyOrder = append(e.keyOrder, tags[i])
			k = uint32(len(e.keyOrder))
			e.keys[tags[i]] = k
		}
		v, ok := e.values[tags[i+1]]
		if !ok {
			v = uint32(len(e.valueOrder))
			e.valueOrder = append(e.valueOrder, tags[i+1])
			e.values[tags[i+1]] = v
		}
		e.tags = append(e.tags, k-1, v)
	}
	e.cmds = e.cmds[:0]
	var x, y int32 // the cursor: each point is written from the last one
	points := func(cmd uint32, ps []orb.Point) {
		e.cmds = append(e.cmds, uint32(len(ps))<<3|cmd)
		for _, p := range ps {
			dx, dy := int32(p[0])-x, int32(p[1])-y
			x, y = int32(p[0]), int32(p[1])
			e.cmds = append(e.cmds, uint32(dx<<1^dx>>31), uint32(dy<<1^dy>>31))
		}
	}
	line := func(ls []orb.Point) {
		points(cmdMoveTo, ls[:1])
		points(cmdLineTo, ls[1:])
	}
	ring := func(r orb.Ring) {
		line(r[:len(r)-1]) // the last point is the first: closing the path draws it
		e.cmds = append(e.cmds, closePathCommand)
	}
	var typ vectortile.Tile_GeomType
	switch g := g.(type) {
	case orb.Point:
		typ = vectortile.Tile_POINT
		points(cmdMoveTo, []orb.Point{g})
	case orb.MultiPoint:
		typ = vectortile.Tile_POINT
		points(cmdMoveTo, g)
	case orb.LineString:
		typ = vectortile.Tile_LINESTRING
		line(g)
	case orb.MultiLineString:
		typ = vectortile.Tile_LINESTRING
		for _, ls := range g {
			line(ls)
		}
	case orb.Polygon:
		typ = vectortile.Tile_POLYGON
		for _, r := range g {
			ring(r)
		}
	case orb.MultiPolygon:
		typ = vectortile.Tile_POLYGON
		for _, p := range g {
			for _, r := range p {
				ring(r)
			}
		}
	}
	tagsSize, cmdsSize := packedSize(e.tags), packedSize(e.cmds)
	size := protowire.SizeTag(featureType) + protowire.SizeVarint(uint64(typ)) +
		protowire.SizeTag(featureGeometry) + protowire.SizeBytes(cmdsSize)
	if len(e.tags) > 0 {
		size += protowire.SizeTag(featureTags) + protowire.SizeBytes(tagsSize)
	}
	b := protowire.AppendTag(e.features, layerFeatures, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(size))
	if len(e.tags) > 0 {
		b = appendPacked(b, featureTags, tagsSize, e.tags)
	}
	b = protowire.AppendTag(b, featureType, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(typ))
	e.features = appendPacked(b, featureGeometry, cmdsSize, e.cmds)
}

// marshal returns the tile holding the layer, empty when no feature was
// added.
func (e *layerEncoder) marshal() []byte {
	if len(e.features) == 0 {
		return []byte{}
	}
	size := protowire.SizeTag(layerName) + protowire.SizeBytes(len(e.name)) + len(e.features) +
		protowire.SizeTag(layerExtent) + protowire.SizeVarint(geo.TileExtent) +
		protowire.SizeTag(layerVersion) + protowire.SizeVarint(mvtVersion)
	for _, k := range e.keyOrder {
		size += protowire.SizeTag(layerKeys) + protowire.SizeBytes(len(e.dict.keys[k]))
	}
	for _, v := range e.valueOrder {
		size += protowire.SizeTag(layerValues) + protowire.SizeBytes(len(e.dict.values[v]))
	}
	b := make([]byte, 0, protowire.SizeTag(tileLayers)+protowire.SizeBytes(size))
	b = protowire.AppendTag(b, tileLayers, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(size))
	b = protowire.AppendTag(b, layerName, protowire.BytesType)
	b = protowire.AppendString(b, e.name)
	b = append(b, e.features...)
	for _, k := range e.keyOrder {
		b = protowire.AppendTag(b, layerKeys, protowire.BytesType)
		b = protowire.AppendString(b, e.dict.keys[k])
	}
	for _, v := range e.valueOrder {
		b = protowire.AppendTag(b, layerValues, protowire.BytesType)
		b = protowire.AppendBytes(b, e.dict.values[v])
	}
	b = protowire.AppendTag(b, layerExtent, protowire.VarintType)
	b = protowire.AppendVarint(b, geo.TileExtent)
	b = protowire.AppendTag(b, layerVersion, protowire.VarintType)
	return protowire.AppendVarint(b, mvtVersion)
}

// packedSize is the size of vs as a packed repeated field's content.
func packedSize(vs []uint32) int {
	n := 0
	for _, v := range vs {
		n += protowire.SizeVarint(uint64(v))
	}
	return n
}

// appendPacked appends vs, of packed size size, as field num.
func appendPacked(b []byte, num protowire.Number, size int, vs []uint32) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(size))
	for _, v := range vs {
		b = protowire.AppendVarint(b, uint64(v))
	}
	return b
}

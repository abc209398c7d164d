package api

import (
	"encoding/json"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"github.com/parkmap/parkmap/geo"
)

// gcjTile serves tile z/x/y of the GCJ-02 grid that Gaode and Tencent
// draw their base maps on: the features whose offset geometry falls in
// it. A store's tiles are cut on the WGS 84 grid, so these are built here,
// from the features of the WGS 84 area the tile comes from, on both stores
// alike: offset, projected to the tile, clipped to its buffer. f keeps the
// features the items' filters keep, as on the WGS 84 grid.
func (s *server) gcjTile(c *gin.Context, def *geo.Collection, z, x, y int, off *offset, f geo.TileFilter) error {
	margin := float64(geo.TileBuffer) / geo.TileExtent
	gcj := geo.TileLonLatBound(z, x, y, margin)
	// The offset changes little across a tile: the WGS 84 points of its
	// corners bound the area, widened by a margin for the change.
	var search orb.Bound
	for i, p := range []orb.Point{gcj.Min, gcj.Max, {gcj.Min[0], gcj.Max[1]}, {gcj.Max[0], gcj.Min[1]}} {
		w := geo.GCJ02ToWGS84(p)
		if i == 0 {
			search = orb.Bound{Min: w, Max: w}
		}
		search = search.Extend(w)
	}
	pad := 0.01*(search.Max[0]-search.Min[0]) + 1e-5
	search.Min = orb.Point{search.Min[0] - pad, search.Min[1] - pad}
	search.Max = orb.Point{search.Max[0] + pad, search.Max[1] + pad}
	fs := &featureStream{ctx: c.Request.Context(), store: s.store, def: def, all: true,
		q: geo.FeatureQuery{BBox: &search, Limit: exportPage, Where: f.Where, Filter: f.Filter, Datetime: f.Datetime}}
	if err := fs.fetch(); err != nil {
		return err
	}
	idAsProperty := def.Index(def.IDProperty) < 0
	layer := &mvt.Layer{Name: def.ID, Version: 2, Extent: geo.TileExtent}
	err := fs.each(func(raw json.RawMessage) error {
		f, err := readExportFeature(raw)
		if err != nil || f.Geometry == nil {
			return err
		}
		props := geojson.Properties{}
		if idAsProperty {
			props[def.IDProperty] = f.ID
		}
		for _, p := range def.Properties {
			var v any
			if err := json.Unmarshal(f.Properties[p.Name], &v); err != nil {
				continue // absent
			}
			if list, ok := v.([]any); ok {
				ss := make([]string, len(list))
				for i, e := range list {
					ss[i], _ = e.(string)
				}
				v = ss
			}
			if tv, ok := geo.TileValue(p, v); ok {
				props[p.Name] = tv
			}
		}
		layer.Features = append(layer.Features, &geojson.Feature{Geometry: geo.ToGCJ02(f.Geometry), Properties: props})
		return nil
	})
	if err != nil {
		return err
	}
	layer.ProjectToTile(maptile.New(uint32(x), uint32(y), maptile.Zoom(z)))
	buf := float64(geo.TileBuffer)
	layer.Clip(orb.Bound{Min: orb.Point{-buf, -buf}, Max: orb.Point{geo.TileExtent + buf, geo.TileExtent + buf}})
	layer.RemoveEmpty(0, 0)
	off.label(c)
	if len(layer.Features) == 0 {
		c.Header("Cache-Control", "no-cache")
		c.Status(204)
		return nil
	}
	tile, err := mvt.Marshal(mvt.Layers{layer})
	if err != nil {
		return err
	}
	writeBody(c, contentMVT, tile, nil)
	return nil
}

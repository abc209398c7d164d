package memory

import (
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// crsGeometries holds a collection's geometries transformed to other CRSs,
// each the first time a page asks for it: PROJ takes about 5 µs a vertex
// (60 ms for a page of the bundled counties), and the items never change
// (Add replaces the whole collection, cache included). At most one copy
// per CRS offered, the size of the data.
type crsGeometries struct {
	byCRS sync.Map // *geo.CRS -> []atomic.Pointer[orb.Geometry], one per item
}

// geometryIn returns item i's geometry in crs, transformed by pj.
func (c *collection) geometryIn(i int, crs *geo.CRS, pj geo.Projector) orb.Geometry {
	v, ok := c.crsGeometries.byCRS.Load(crs)
	if !ok {
		v, _ = c.crsGeometries.byCRS.LoadOrStore(crs, make([]atomic.Pointer[orb.Geometry], len(c.items)))
	}
	slot := &v.([]atomic.Pointer[orb.Geometry])[i]
	if g := slot.Load(); g != nil {
		return *g
	}
	g := crs.Transform(pj, c.items[i].Geometry)
	slot.Store(&g)
	return g
}

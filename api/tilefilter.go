package api

import (
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// A tile takes the items' filters, so that a map can draw as tiles the
// features it counts as a page: the same parameters select the same
// features (TestTileFilters).
var tileParams = []string{"datetime", "filter", "filter-lang", "filter-crs"}

// tileParamsOf lists every parameter the collection's tiles accept: the
// filters, coordsys (tiles on the GCJ-02 grid, gcjtile.go) and the
// queryable properties.
func tileParamsOf(c *geo.Collection) []string {
	return append(append(slices.Clone(tileParams), "coordsys"), queryableParams(c)...)
}

// tileFilter reads a tile's filters, checked as the items' are.
func (s *server) tileFilter(c *gin.Context, def *geo.Collection) (geo.TileFilter, error) {
	var f geo.TileFilter
	if err := checkParams(c.Request.URL.Query(), tileParamsOf(def)); err != nil {
		return f, err
	}
	var err error
	if f.Datetime, err = datetimeParam(c); err != nil {
		return f, err
	}
	if f.Filter, err = filterParam(c, def, s.cfg.Projector); err != nil {
		return f, err
	}
	f.Where, err = s.conditions(c, def)
	return f, err
}

// tileCacheControl is the Cache-Control of a tile, empty or not: any cache
// may keep it for TileMaxAge, then revalidate it by its ETag.
func (s *server) tileCacheControl() string {
	if s.cfg.TileMaxAge <= 0 {
		return "no-cache"
	}
	return "public, max-age=" + strconv.Itoa(int(s.cfg.TileMaxAge.Seconds()))
}

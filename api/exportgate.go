package api

import (
	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// defaultMaxExports is how many exports stream at once by default. An
// export of 100,000 parcels streams for seconds to a minute and keeps a
// core busy encoding (CSV, KML, GeoPackage); a handful at once leaves the
// rest of a small server's CPU, and the database, to the map.
const defaultMaxExports = 4

// errExportsBusy answers an export that finds every export slot taken.
var errExportsBusy = &geo.Error{Code: geo.EUnavailable, Message: "the server is busy: too many exports are streaming at once; retry later, or ask for one page with limit"}

// exportGate bounds the exports that stream at once, apart from the
// requests MaxInFlight bounds. An export reads its first page as any
// request does, in its MaxInFlight slot (a bad query or a store that is
// down still gets its JSON error); before it streams the rest, it takes an
// export slot and gives the other back, so that slow downloads hold no
// slot the map's requests wait for. An export that finds no export slot is
// refused at once rather than queued: it would wait holding the slot it
// came in with, and a download is easily retried.
type exportGate struct {
	slots chan struct{}
}

func newExportGate(n int) *exportGate {
	return &exportGate{slots: make(chan struct{}, n)}
}

// enter takes an export slot and gives back the request's MaxInFlight
// slot; the function returned gives the export slot back. errExportsBusy
// when every slot is taken.
func (g *exportGate) enter(c *gin.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
	default:
		return nil, errExportsBusy
	}
	release(c)
	return func() { <-g.slots }, nil
}

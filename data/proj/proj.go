// Package proj is geo.Projector on PROJ, through github.com/twpayne/go-proj
// (cgo, libproj-dev): it carries coordinates between CRS84 and each CRS of
// geo.SupportedCRS. It is kept out of geo because PROJ reads its
// definitions from disk (proj.db) and needs cgo; geo and whatever imports
// only geo build without either.
package proj

import (
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/paulmach/orb"
	goproj "github.com/twpayne/go-proj/v11"

	"github.com/parkmap/parkmap/geo"
)

var _ geo.Projector = (*Projector)(nil)

// Projector holds PROJ's transformation from CRS84 to each CRS offered,
// keyed by URI (CRS84 and EPSG:4326 share a code, not an axis order),
// each built on first use: building one reads proj.db for 0.3 to 0.6 s
// (4490, 4543, 4522), which a process that serves only CRS84 need not
// pay. It is safe for concurrent use: go-proj locks its context around
// each call.
type Projector struct {
	transforms map[string]*transform
}

// transform is one CRS's PROJ transformation, built once.
type transform struct {
	code int
	once sync.Once
	pj   *goproj.PJ
	err  error
}

// New returns a Projector for geo.SupportedCRS. It builds the cheapest
// transformation (to EPSG:4326, about 25 ms) at once, so that a PROJ
// without its database fails here and not on a request.
func New() (*Projector, error) {
	p := &Projector{transforms: map[string]*transform{}}
	for _, c := range geo.SupportedCRS {
		if !c.IsCRS84() {
			p.transforms[c.URI] = &transform{code: c.EPSG}
		}
	}
	for _, c := range geo.SupportedCRS {
		if !c.IsCRS84() && c.EPSG == 4326 {
			if _, err := p.transforms[c.URI].get(); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// get builds, once, PROJ's transformation from CRS84. PROJ writes and
// reads coordinates in the CRS's own axis order; CGCS2000 and WGS 84 are
// taken as the same frame, as PROJ does without a published shift.
func (t *transform) get() (*goproj.PJ, error) {
	t.once.Do(func() {
		t.pj, t.err = goproj.NewCRSToCRS("OGC:CRS84", "EPSG:"+strconv.Itoa(t.code), nil)
		if t.err != nil {
			t.err = fmt.Errorf("proj: CRS84 to EPSG:%d: %w", t.code, t.err)
		}
	})
	return t.pj, t.err
}

// Shared returns one Projector for the process: the transformations never
// change, and each costs PROJ a read of proj.db.
var Shared = sync.OnceValues(New)

// Forward maps a run of CRS84 points into c in place, in one call to PROJ;
// all NaNs when PROJ fails on any, or for a CRS it has no transformation
// to (one not offered, or one PROJ could not build).
func (p *Projector) Forward(c *geo.CRS, ps []orb.Point) {
	p.trans(goproj.DirectionFwd, c, ps)
}

// Inverse maps a run of points given in c to CRS84 in place, as Forward
// does the other way.
func (p *Projector) Inverse(c *geo.CRS, ps []orb.Point) {
	p.trans(goproj.DirectionInv, c, ps)
}

func (p *Projector) trans(dir goproj.Direction, c *geo.CRS, ps []orb.Point) {
	if c.IsCRS84() || len(ps) == 0 {
		return
	}
	var pj *goproj.PJ
	if t := p.transforms[c.URI]; t != nil {
		pj, _ = t.get()
	}
	coords := make([]goproj.Coord, len(ps))
	for i, q := range ps {
		coords[i] = goproj.NewCoord(q[0], q[1], 0, 0)
	}
	if pj == nil || pj.TransArray(dir, coords) != nil {
		for i := range ps {
			ps[i] = orb.Point{math.NaN(), math.NaN()}
		}
		return
	}
	for i, q := range coords {
		ps[i] = orb.Point{q.X(), q.Y()}
	}
}

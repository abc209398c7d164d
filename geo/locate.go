package geo

import "github.com/paulmach/orb"

// Location answers "where is this point?": the county and zone containing
// it, and the zones nearest to it.
type Location struct {
	County  *CountyRef     `json:"county"` // nil outside every county
	Park    *string        `json:"park"`   // the zone containing the point, nil when none does
	Nearest []ParkDistance `json:"nearest"`
}

// CountyRef names a county without its geometry.
type CountyRef struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
}

// ParkDistance is a zone's geodesic distance from a point, 0 inside.
type ParkDistance struct {
	Park      string  `json:"park"`
	NameZH    string  `json:"name_zh"`
	NameEN    string  `json:"name_en"`
	DistanceM float64 `json:"distance_m"`
}

// ParkIndex finds the zones nearest a point among many: an R-tree of their
// bounds searched best first, measuring only the zones whose bounds could
// be nearer than the n-th nearest found so far.
type ParkIndex struct {
	parks []Park
	index *boundIndex
}

// NewParkIndex indexes the zones; it keeps parks, which must not change.
func NewParkIndex(parks []Park) *ParkIndex {
	bounds := make([]orb.Bound, len(parks))
	for i, p := range parks {
		bounds[i] = p.Geometry.Bound()
	}
	return &ParkIndex{parks: parks, index: newBoundIndex(bounds)}
}

// Nearest returns the n zones nearest to p, nearest first, ties by id, and
// the id of the zone containing p (the first at 0 m, boundary included),
// nil when none does: what measuring to every zone and sorting would give.
// n < 0 is taken as 0.
func (x *ParkIndex) Nearest(p orb.Point, n int) (containing *string, nearest []ParkDistance) {
	k := max(n, 1) // one at least, to tell the containing zone
	top := make([]ParkDistance, 0, k)
	before := func(a, b ParkDistance) bool {
		return a.DistanceM < b.DistanceM || (a.DistanceM == b.DistanceM && a.Park < b.Park)
	}
	x.index.nearby(orb.Bound{Min: p, Max: p}, func(i int, bound float64) bool {
		if len(top) == k && bound > top[k-1].DistanceM {
			return false
		}
		z := &x.parks[i]
		pd := ParkDistance{Park: z.ID, NameZH: z.NameZH, NameEN: z.NameEN, DistanceM: DistanceTo(p, z.Geometry)}
		if len(top) == k && !before(pd, top[k-1]) {
			return true
		}
		at := len(top)
		for at > 0 && before(pd, top[at-1]) {
			at--
		}
		if len(top) < k {
			top = append(top, ParkDistance{})
		}
		copy(top[at+1:], top[at:len(top)-1])
		top[at] = pd
		return true
	})
	if len(top) > 0 && top[0].DistanceM == 0 {
		id := top[0].Park
		containing = &id
	}
	return containing, top[:min(max(n, 0), len(top))]
}

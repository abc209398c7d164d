package geo

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Weights set how much each component counts in a siting score. Only their
// ratios matter; Near counts only when a point is given.
type Weights struct {
	Assigned  float64 `json:"assigned"`
	Suppliers float64 `json:"suppliers"`
	Customers float64 `json:"customers"`
	Near      float64 `json:"near"`
}

// DefaultWeights favour the plan (where the city wants the segment), then
// the material links, then the investor's own point.
var DefaultWeights = Weights{Assigned: 0.4, Suppliers: 0.25, Customers: 0.25, Near: 0.1}

// Validate rejects weights that cannot rank: negative, not finite, or all 0.
func (w Weights) Validate() error {
	sum := 0.0
	for _, v := range []float64{w.Assigned, w.Suppliers, w.Customers, w.Near} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || v > 1000 {
			return Errorf(EInvalid, "weights must be numbers from 0 to 1000; got %v", v)
		}
		sum += v
	}
	if sum == 0 {
		return Errorf(EInvalid, "at least one weight must be above 0")
	}
	return nil
}

// reservedPlan is what a zone reserved for the chain, with no segment
// assigned yet, earns on the plan: the city wants the chain there but has
// not said which link, so it counts a quarter of an assignment and a zone
// hosting the segment's customers or suppliers can outrank it.
const reservedPlan = 0.25

// Decay lengths: a link this far away counts 1/e of one inside the zone.
const (
	linkDecayM  = 50_000 // material moved between zones by truck within Yuxi
	pointDecayM = 25_000 // an investor's point of interest
)

// Link is one supplier or customer segment seen from a candidate zone.
type Link struct {
	Segment string `json:"segment"`
	// Park is where the link is: the candidate itself, or the nearest zone
	// hosting it; "" when no zone hosts it (a gap).
	Park string `json:"park"`
	// DistanceM is the geodesic distance between the zones' boundaries, 0
	// for the candidate itself; nil for a gap.
	DistanceM *float64 `json:"distance_m"`
	Here      bool     `json:"here"`
}

// LinkSet is the suppliers or customers of the segment, from one zone.
type LinkSet struct {
	Total int `json:"total"`
	Here  int `json:"here"` // hosted by the candidate zone itself
	Gaps  int `json:"gaps"` // hosted by no zone
	// Scored is false when no zone hosts any of them (or there are none):
	// then the side says nothing about a zone and its weight is left out.
	Scored bool    `json:"scored"`
	Score  float64 `json:"score"`
	Links  []Link  `json:"links"`
}

// SiteComponents are the parts a zone's score is made of.
type SiteComponents struct {
	Assigned  bool    `json:"assigned"` // the plan gives this segment to the zone
	Reserved  bool    `json:"reserved"` // reserved for the segment's chain, nothing assigned yet
	Plan      float64 `json:"plan"`     // 1 assigned, reservedPlan reserved, 0 otherwise
	Suppliers LinkSet `json:"suppliers"`
	Customers LinkSet `json:"customers"`
	// NearM is the distance from the investor's point, 0 inside; nil
	// without a point.
	NearM     *float64 `json:"near_m"`
	NearScore *float64 `json:"near_score"`
}

// Site is one zone's ranking for a segment.
type Site struct {
	Park       Park
	Score      float64 // 0–100
	Components SiteComponents
}

// SitingQuery asks where a plant of Segment fits.
type SitingQuery struct {
	Segment string
	Near    *orb.Point
	Weights Weights
}

// Rank scores every zone of the segment's chain for q and orders them best
// first, ties by id. It is deterministic and explains itself: each Site
// carries the components its score was made of. The nearest zone hosting
// each supplier and customer is found through an index of the zones by
// bounds, so that many zones cost n log n rather than n²; Rank gives up with
// ctx's error when ctx ends, checking it every few zones.
func Rank(ctx context.Context, chain *Chain, parks []Park, q SitingQuery) ([]Site, error) {
	return rank(ctx, chain, parks, q, newHostIndex)
}

// rankCheckEvery is how many zones Rank scores between looks at its
// context: a fraction of a millisecond's work.
const rankCheckEvery = 64

// nearestHost returns the zone nearest to zone z (positions in zones) that
// hosts seg, other than z itself, and the distance between them: the first
// in zones' order among equally near ones; ok is false when none does.
type nearestHost func(z int, seg string) (o int, d float64, ok bool)

func rank(ctx context.Context, chain *Chain, parks []Park, q SitingQuery,
	index func(zones []Park, segments []string) nearestHost) ([]Site, error) {
	if _, ok := chain.Segment(q.Segment); !ok {
		return nil, Errorf(EInvalid, "segment %q is not in chain %s", q.Segment, chain.Slug)
	}
	if err := q.Weights.Validate(); err != nil {
		return nil, err
	}
	var candidates []Park
	for _, p := range parks {
		if p.Chain == chain.Slug {
			candidates = append(candidates, p)
		}
	}
	suppliers, customers := chain.Suppliers(q.Segment), chain.Customers(q.Segment)
	nearest := index(candidates, append(slices.Clip(suppliers), customers...))
	sites := make([]Site, 0, len(candidates))
	for i, z := range candidates {
		if i%rankCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c := SiteComponents{
			Assigned:  z.Hosts(q.Segment),
			Suppliers: links(i, candidates, suppliers, nearest),
			Customers: links(i, candidates, customers, nearest),
		}
		c.Reserved = !c.Assigned && z.Status == StatusReserved
		switch {
		case c.Assigned:
			c.Plan = 1
		case c.Reserved:
			c.Plan = reservedPlan
		}
		w := q.Weights
		sum, total := w.Assigned*c.Plan, w.Assigned
		for _, side := range []struct {
			set LinkSet
			w   float64
		}{{c.Suppliers, w.Suppliers}, {c.Customers, w.Customers}} {
			if side.set.Scored {
				sum += side.w * side.set.Score
				total += side.w
			}
		}
		if q.Near != nil {
			d := DistanceTo(*q.Near, z.Geometry)
			s := math.Exp(-d / pointDecayM)
			c.NearM, c.NearScore = &d, &s
			sum += w.Near * s
			total += w.Near
		}
		score := 0.0
		if total > 0 {
			score = math.Round(1000*sum/total) / 10
		}
		sites = append(sites, Site{Park: z, Score: score, Components: c})
	}
	slices.SortStableFunc(sites, func(a, b Site) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Park.ID, b.Park.ID)
	})
	return sites, nil
}

// links describes the segments of one side (suppliers or customers) from
// zone z: each hosted by z itself, by the nearest other zone, or by none.
// Its score is the mean over the segments some zone hosts of 1 for here and
// exp(-distance/50 km) for elsewhere; gaps do not count against a zone,
// since no zone can offer them.
func links(z int, zones []Park, segments []string, nearest nearestHost) LinkSet {
	return linkSet(zones[z], segments, func(seg string) (string, float64, bool) {
		o, d, ok := nearest(z, seg)
		if !ok {
			return "", 0, false
		}
		return zones[o].ID, d, true
	})
}

// linkSet scores the segments of one side from home, which may itself
// host some: elsewhere gives the zone hosting a segment nearest to the
// candidate (a zone or a parcel of it) and its distance, if any does.
func linkSet(home Park, segments []string, elsewhere func(seg string) (park string, distanceM float64, ok bool)) LinkSet {
	set := LinkSet{Total: len(segments), Links: []Link{}}
	sum, counted := 0.0, 0
	for _, seg := range segments {
		l := Link{Segment: seg}
		if home.Hosts(seg) {
			zero := 0.0
			l.Park, l.DistanceM, l.Here = home.ID, &zero, true
			set.Here++
		} else if park, d, ok := elsewhere(seg); ok {
			l.Park, l.DistanceM = park, &d
		}
		if l.DistanceM == nil {
			set.Gaps++
		} else {
			sum += math.Exp(-*l.DistanceM / linkDecayM)
			counted++
		}
		set.Links = append(set.Links, l)
	}
	if counted > 0 {
		set.Scored, set.Score = true, sum/float64(counted)
	}
	return set
}

// newHostIndex indexes, for each of the segments, the zones hosting it by
// their bounds, and finds the nearest host by a best-first search that
// stops once boundGap, a lower bound of every distance still to come, is
// beyond the nearest found: the same answer as measuring to every host.
func newHostIndex(zones []Park, segments []string) nearestHost {
	bounds := make([]orb.Bound, len(zones))
	for i, z := range zones {
		bounds[i] = z.Geometry.Bound()
	}
	type hosts struct {
		zones []int // positions in zones, in zones' order
		index *boundIndex
	}
	bySeg := map[string]*hosts{}
	for _, seg := range segments {
		if _, ok := bySeg[seg]; ok {
			continue
		}
		h := &hosts{}
		var hb []orb.Bound
		for i, z := range zones {
			if z.Hosts(seg) {
				h.zones = append(h.zones, i)
				hb = append(hb, bounds[i])
			}
		}
		h.index = newBoundIndex(hb)
		bySeg[seg] = h
	}
	return func(z int, seg string) (int, float64, bool) {
		h := bySeg[seg]
		if h == nil {
			return 0, 0, false
		}
		best, found := math.Inf(1), -1
		h.index.nearby(bounds[z], func(k int, bound float64) bool {
			if bound > best {
				return false
			}
			o := h.zones[k]
			if zones[o].ID == zones[z].ID {
				return true
			}
			d := DistanceBetween(zones[z].Geometry, zones[o].Geometry)
			if d < best || (d == best && o < found) {
				best, found = d, o
			}
			return true
		})
		return found, best, found >= 0
	}
}

// String is for test failures.
func (s Site) String() string { return fmt.Sprintf("%s %.1f", s.Park.ID, s.Score) }

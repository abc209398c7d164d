package geo

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// ZoneIndex is a dataset's zones and chains with what the domain endpoints
// would otherwise recompute on every request: the zones hosting each
// segment, each chain's coverage, the nearest zone hosting each linked
// segment from every zone, the plan, supplier and customer scores of every
// zone for every segment, the zones sorted by each of them, and R-trees of
// the zones and of each segment's hosts. A store builds it when its data
// changes (the embedded store at load, PostGIS when a write moves its
// version), so that /api/chain, /api/coverage, /api/siting and /api/locate
// read it rather than scan every zone. It is immutable and safe for
// concurrent use.
type ZoneIndex struct {
	chains []Chain
	parks  []Park // by id
	byID   map[string]int
	all    *ParkIndex
	chain  map[string]*chainZones // by chain slug
	hosts  map[string][]string    // segment → ids of every zone hosting it
}

// chainZones is one chain's part of the index. Positions ("local") are in
// zones, the chain's zones in id order, as Rank takes its candidates.
type chainZones struct {
	chain    *Chain
	zones    []Park
	pos      map[string]int // id → local position
	bounds   []orb.Bound
	tree     *boundIndex            // the zones' bounds, by local position
	hosts    map[string][]int       // segment → local positions hosting it
	hostTree map[string]*boundIndex // segment → its hosts' bounds, by position in hosts
	// nearest[seg][k] is the zone nearest to zone k hosting seg, other
	// than k; zone -1 when none does. Only for the segments some flow
	// links, and not filled for the hosts themselves (they are "here").
	nearest  map[string][]hostAt
	segments map[string]*segmentScores
	coverage Coverage
}

type hostAt struct {
	zone int32
	d    float64
}

// segmentScores are, for one segment, each zone's plan, supplier and
// customer scores, computed as Rank computes them, and the zones sorted by
// each, best first (ties by position), for the threshold search of
// zoneStream.
type segmentScores struct {
	suppliers, customers []string
	supScored, cusScored bool
	plan, sup, cus       []float64
	byPlan, bySup, byCus []int32
}

// NewZoneIndex indexes the zones of the chains. It keeps neither slice's
// elements from changing: it copies what it sorts. It honours ctx between
// zones, since a city of ten thousand zones takes seconds.
func NewZoneIndex(ctx context.Context, chains []Chain, parks []Park) (*ZoneIndex, error) {
	return newZoneIndex(ctx, chains, parks, func(_ *Chain, zones []Park, linked []string) (nearestHost, error) {
		return newHostIndex(zones, linked), nil
	})
}

// hostSearch returns the nearest-host search of a chain's zones for the
// segments linked: the R-tree search of newHostIndex, or a lookup in links
// a store kept.
type hostSearch func(chain *Chain, zones []Park, linked []string) (nearestHost, error)

func newZoneIndex(ctx context.Context, chains []Chain, parks []Park, search hostSearch) (*ZoneIndex, error) {
	parks = slices.Clone(parks)
	slices.SortStableFunc(parks, func(a, b Park) int { return cmp.Compare(a.ID, b.ID) })
	x := &ZoneIndex{chains: chains, parks: parks, byID: make(map[string]int, len(parks)),
		all: NewParkIndex(parks), chain: map[string]*chainZones{}}
	x.hosts = map[string][]string{}
	for i, p := range parks {
		if _, dup := x.byID[p.ID]; !dup {
			x.byID[p.ID] = i
		}
		for _, seg := range p.Segments {
			x.hosts[seg] = append(x.hosts[seg], p.ID)
		}
	}
	for i := range chains {
		cz, err := newChainZones(ctx, &chains[i], parks, search)
		if err != nil {
			return nil, err
		}
		x.chain[chains[i].Slug] = cz
	}
	return x, nil
}

func newChainZones(ctx context.Context, chain *Chain, parks []Park, search hostSearch) (*chainZones, error) {
	cz := &chainZones{chain: chain, pos: map[string]int{}, hosts: map[string][]int{}, hostTree: map[string]*boundIndex{},
		nearest: map[string][]hostAt{}, segments: map[string]*segmentScores{}}
	for _, p := range parks {
		if p.Chain == chain.Slug {
			cz.pos[p.ID] = len(cz.zones)
			cz.zones = append(cz.zones, p)
			cz.bounds = append(cz.bounds, p.Geometry.Bound())
		}
	}
	cz.tree = newBoundIndex(cz.bounds)
	cz.coverage = CoverageOf(chain, cz.zones)
	for _, seg := range chain.Segments {
		var hb []orb.Bound
		for k, z := range cz.zones {
			if z.Hosts(seg.Slug) {
				cz.hosts[seg.Slug] = append(cz.hosts[seg.Slug], k)
				hb = append(hb, cz.bounds[k])
			}
		}
		cz.hostTree[seg.Slug] = newBoundIndex(hb)
	}
	var linked []string
	for _, f := range chain.Flows {
		for _, s := range []string{f.From, f.To} {
			if !slices.Contains(linked, s) {
				linked = append(linked, s)
			}
		}
	}
	nearest, err := search(chain, cz.zones, linked)
	if err != nil {
		return nil, err
	}
	for _, seg := range linked {
		near := make([]hostAt, len(cz.zones))
		for k, z := range cz.zones {
			if k%rankCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			near[k] = hostAt{zone: -1}
			if z.Hosts(seg) {
				continue
			}
			if o, d, ok := nearest(k, seg); ok {
				near[k] = hostAt{zone: int32(o), d: d}
			}
		}
		cz.nearest[seg] = near
	}
	for _, seg := range chain.Segments {
		cz.segments[seg.Slug] = cz.scores(seg.Slug)
	}
	return cz, nil
}

// scores computes a segment's per-zone components as rank does, to the bit.
func (cz *chainZones) scores(seg string) *segmentScores {
	n := len(cz.zones)
	ss := &segmentScores{suppliers: cz.chain.Suppliers(seg), customers: cz.chain.Customers(seg),
		plan: make([]float64, n), sup: make([]float64, n), cus: make([]float64, n)}
	for k, z := range cz.zones {
		switch {
		case z.Hosts(seg):
			ss.plan[k] = 1
		case z.Status == StatusReserved:
			ss.plan[k] = reservedPlan
		}
		var sup, cus LinkSet
		sup, cus = cz.links(k, ss.suppliers, false), cz.links(k, ss.customers, false)
		ss.sup[k], ss.cus[k] = sup.Score, cus.Score
		// A side is scored when some zone hosts one of its segments: the
		// same for every zone, so one flag holds for all.
		ss.supScored, ss.cusScored = ss.supScored || sup.Scored, ss.cusScored || cus.Scored
	}
	order := func(v []float64) []int32 {
		o := make([]int32, n)
		for i := range o {
			o[i] = int32(i)
		}
		slices.SortStableFunc(o, func(a, b int32) int { return cmp.Compare(v[b], v[a]) })
		return o
	}
	ss.byPlan, ss.bySup, ss.byCus = order(ss.plan), order(ss.sup), order(ss.cus)
	return ss
}

// links is rank's links from the precomputed nearest hosts: the LinkSet of
// zone k for the segments, with each Link when detail is set.
func (cz *chainZones) links(k int, segments []string, detail bool) LinkSet {
	set := LinkSet{Total: len(segments), Links: []Link{}}
	sum, counted := 0.0, 0
	for _, seg := range segments {
		l := Link{Segment: seg}
		if cz.zones[k].Hosts(seg) {
			zero := 0.0
			l.Park, l.DistanceM, l.Here = cz.zones[k].ID, &zero, true
			set.Here++
		} else if h := cz.nearest[seg][k]; h.zone >= 0 {
			d := h.d
			l.Park, l.DistanceM = cz.zones[h.zone].ID, &d
		}
		if l.DistanceM == nil {
			set.Gaps++
		} else {
			sum += math.Exp(-*l.DistanceM / linkDecayM)
			counted++
		}
		if detail {
			set.Links = append(set.Links, l)
		}
	}
	if counted > 0 {
		set.Scored, set.Score = true, sum/float64(counted)
	}
	return set
}

// Chains returns the chains indexed, as given.
func (x *ZoneIndex) Chains() []Chain { return x.chains }

// Parks returns every zone, ordered by id. Callers must not modify it.
func (x *ZoneIndex) Parks() []Park { return x.parks }

// Park returns the zone with the id.
func (x *ZoneIndex) Park(id string) (Park, bool) {
	i, ok := x.byID[id]
	if !ok {
		return Park{}, false
	}
	return x.parks[i], true
}

// Hosts returns the ids of the zones hosting the segment, whatever their
// chain, in id order; empty for an unknown segment.
func (x *ZoneIndex) Hosts(segment string) []string {
	return slices.Clip(x.hosts[segment])
}

// ChainOf returns the chain a segment belongs to.
func (x *ZoneIndex) ChainOf(segment string) (*Chain, bool) {
	for i := range x.chains {
		if _, ok := x.chains[i].Segment(segment); ok {
			return &x.chains[i], true
		}
	}
	return nil, false
}

// Coverage returns a chain's coverage by the zones allocated to it, as
// CoverageOf computes it; ok is false for an unknown chain.
func (x *ZoneIndex) Coverage(chain string) (Coverage, bool) {
	cz, ok := x.chain[chain]
	if !ok {
		return Coverage{}, false
	}
	return cz.coverage, true
}

// ChainZones returns the zones allocated to or reserved for a chain, in id
// order.
func (x *ZoneIndex) ChainZones(chain string) []Park {
	if cz, ok := x.chain[chain]; ok {
		return cz.zones
	}
	return nil
}

// Nearest is ParkIndex.Nearest over every zone: the zone containing p and
// the n zones nearest to it.
func (x *ZoneIndex) Nearest(p orb.Point, n int) (*string, []ParkDistance) {
	return x.all.Nearest(p, n)
}

package geo

import (
	"container/heap"
	"context"
	"iter"
	"math"

	"github.com/paulmach/orb"
)

// zoneStream yields a chain's zones for a siting query best first, as Rank
// orders them, without scoring every zone: Fagin's threshold algorithm
// over the zones sorted by plan, by supplier and by customer score (sorted
// once, in the index) and by distance from the point (the R-tree, best
// first). It reads the lists in turn, scores each zone the first time it
// appears, and gives out the best zone scored once no zone still unread
// could beat it: every unread zone scores at most the threshold, the score
// made of the last value read from each list. Scores are rounded to a
// tenth before they are compared, as Rank's are, and ties go by id, so a
// zone tied with the threshold waits until the lists move past it.
type zoneStream struct {
	ctx context.Context
	cz  *chainZones
	ss  *segmentScores
	q   SitingQuery
	// plan is always read; sup and cus only when they count (nil else).
	plan, sup, cus *sortedList
	near           *nearList
	seen           []bool
	done           bool // every zone has been read
	best           scoredZones
	steps          int
	// measured counts the distances measured to the point, for the test
	// that holds the stream to measuring few.
	measured int
	from     gapFrom
	// keep, when set, passes over the zones it refuses: they are read
	// from the lists but never scored nor given out.
	keep func(k int) bool
}

// sortedList is one precomputed order: bound is the value of the last zone
// read, which no zone still unread exceeds.
type sortedList struct {
	order  []int32
	values []float64
	at     int
	bound  float64
}

// nearList is the zones by their distance from the point, through the
// R-tree: bound is the near score of the lower bound of the distance of the
// last zone read, which no zone still unread exceeds.
type nearList struct {
	next  func() (int, float64, bool)
	stop  func()
	bound float64
}

type scoredZone struct {
	k     int
	score float64
	nearM float64
	// exact is false while score is an upper bound, from the lower bound
	// of the distance to the zone's box: the distance itself is measured
	// only when the zone comes to the top.
	exact bool
}

// scoredZones is a heap of zones, best first.
type scoredZones []scoredZone

func (h scoredZones) Len() int { return len(h) }
func (h scoredZones) Less(i, j int) bool {
	return h[i].score > h[j].score || (h[i].score == h[j].score && h[i].k < h[j].k)
}
func (h scoredZones) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *scoredZones) Push(x any)   { *h = append(*h, x.(scoredZone)) }
func (h *scoredZones) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// stream starts a zoneStream; the caller must Close it.
func (x *ZoneIndex) stream(ctx context.Context, q SitingQuery) (*zoneStream, *Chain, error) {
	chain, ok := x.ChainOf(q.Segment)
	if !ok {
		return nil, nil, Errorf(EInvalid, "segment %q is in no chain", q.Segment)
	}
	if err := q.Weights.Validate(); err != nil {
		return nil, nil, err
	}
	if q.Near != nil && !validLonLat(*q.Near) {
		return nil, nil, Errorf(EInvalid, "point (%g, %g) is outside lon -180..180, lat -90..90", q.Near[0], q.Near[1])
	}
	cz := x.chain[chain.Slug]
	ss := cz.segments[q.Segment]
	s := &zoneStream{ctx: ctx, cz: cz, ss: ss, q: q, seen: make([]bool, len(cz.zones))}
	if q.Near != nil {
		s.from = newGapFrom(orb.Bound{Min: *q.Near, Max: *q.Near})
	}
	// The plan's list is read whatever its weight, so that the stream
	// moves on when every weight that counts is 0 for these zones.
	s.plan = &sortedList{order: ss.byPlan, values: ss.plan, bound: 1}
	if ss.supScored && q.Weights.Suppliers > 0 {
		s.sup = &sortedList{order: ss.bySup, values: ss.sup, bound: 1}
	}
	if ss.cusScored && q.Weights.Customers > 0 {
		s.cus = &sortedList{order: ss.byCus, values: ss.cus, bound: 1}
	}
	if q.Near != nil && q.Weights.Near > 0 {
		p := *q.Near
		seq := func(yield func(int, float64) bool) {
			cz.tree.nearby(orb.Bound{Min: p, Max: p}, func(i int, bound float64) bool { return yield(i, bound) })
		}
		next, stop := iter.Pull2(iter.Seq2[int, float64](seq))
		s.near = &nearList{next: next, stop: stop, bound: 1}
	}
	if len(cz.zones) == 0 {
		s.done = true
	}
	return s, chain, nil
}

// direct makes the stream give out only these zones (ids; those of other
// chains are left out), scoring them all at once: the lists are not read.
func (s *zoneStream) direct(ids []string) {
	for _, id := range ids {
		if k, ok := s.cz.pos[id]; ok {
			s.visit(k)
		}
	}
	s.done = true
}

// Close releases the R-tree search.
func (s *zoneStream) Close() {
	if s.near != nil {
		s.near.stop()
	}
}

// score is rank's score of zone k, from the same values in the same order
// of operations, so that the two agree to the bit; plan, sup, cus and near
// are the zone's values, or the lists' bounds for the threshold.
func (s *zoneStream) score(plan, sup, cus float64, near *float64) float64 {
	w := s.q.Weights
	sum, total := w.Assigned*plan, w.Assigned
	if s.ss.supScored {
		sum += w.Suppliers * sup
		total += w.Suppliers
	}
	if s.ss.cusScored {
		sum += w.Customers * cus
		total += w.Customers
	}
	if s.q.Near != nil {
		sum += w.Near * *near
		total += w.Near
	}
	if total > 0 {
		return math.Round(1000*sum/total) / 10
	}
	return 0
}

// threshold is the best score a zone not yet read can have.
func (s *zoneStream) threshold() float64 {
	// A list not read has a weight of 0 or is not scored: its bound, 1,
	// then adds nothing.
	bound := func(l *sortedList) float64 {
		if l == nil {
			return 1
		}
		return l.bound
	}
	near := 1.0
	if s.near != nil {
		near = s.near.bound
	}
	return s.score(s.plan.bound, bound(s.sup), bound(s.cus), &near)
}

// visit scores zone k the first time it is read: exactly without a point,
// else as an upper bound until it comes to the top.
func (s *zoneStream) visit(k int) {
	if s.seen[k] {
		return
	}
	s.seen[k] = true
	if s.keep != nil && !s.keep(k) {
		return
	}
	sz := scoredZone{k: k, exact: s.q.Near == nil}
	var nearScore *float64
	if s.q.Near != nil {
		ns := math.Exp(-s.from.gap(s.cz.bounds[k]) / pointDecayM)
		nearScore = &ns
	}
	sz.score = s.score(s.ss.plan[k], s.ss.sup[k], s.ss.cus[k], nearScore)
	heap.Push(&s.best, sz)
}

// measure replaces the top zone's bound by its exact score.
func (s *zoneStream) measure() {
	sz := heap.Pop(&s.best).(scoredZone)
	s.measured++
	sz.nearM = DistanceTo(*s.q.Near, s.cz.zones[sz.k].Geometry)
	ns := math.Exp(-sz.nearM / pointDecayM)
	sz.score, sz.exact = s.score(s.ss.plan[sz.k], s.ss.sup[sz.k], s.ss.cus[sz.k], &ns), true
	heap.Push(&s.best, sz)
}

// step reads one zone from each list.
func (s *zoneStream) step() {
	for _, l := range []*sortedList{s.plan, s.sup, s.cus} {
		if l == nil {
			continue
		}
		if l.at == len(l.order) {
			s.done = true
			return
		}
		k := int(l.order[l.at])
		l.at++
		l.bound = l.values[k]
		s.visit(k)
	}
	if s.near != nil {
		k, bound, ok := s.near.next()
		if !ok {
			s.done = true
			return
		}
		s.near.bound = math.Exp(-bound / pointDecayM)
		s.visit(k)
	}
}

// Next returns the next best zone, false when there is none left or the
// context ended (then Err says why).
func (s *zoneStream) Next() (scoredZone, bool) {
	for {
		if s.best.Len() > 0 && !s.best[0].exact {
			// The top's bound is above every exact score below it: measure it.
			s.measure()
			continue
		}
		if s.best.Len() > 0 && (s.done || s.best[0].score > s.threshold()) {
			return heap.Pop(&s.best).(scoredZone), true
		}
		if s.done {
			return scoredZone{}, false
		}
		if s.steps++; s.steps%rankCheckEvery == 0 && s.ctx.Err() != nil {
			return scoredZone{}, false
		}
		s.step()
	}
}

// Err is the context's error once Next stopped for it.
func (s *zoneStream) Err() error { return s.ctx.Err() }

// peek returns the score of the zone Next would return, without taking it.
func (s *zoneStream) peek() (float64, bool) {
	z, ok := s.Next()
	if !ok {
		return 0, false
	}
	heap.Push(&s.best, z)
	return z.score, true
}

// site builds the Site of a zone the stream gave, its links in detail.
func (s *zoneStream) site(z scoredZone) Site {
	cz, k := s.cz, z.k
	c := SiteComponents{
		Assigned:  s.ss.plan[k] == 1,
		Suppliers: cz.links(k, s.ss.suppliers, true),
		Customers: cz.links(k, s.ss.customers, true),
	}
	c.Reserved = !c.Assigned && cz.zones[k].Status == StatusReserved
	c.Plan = s.ss.plan[k]
	if s.q.Near != nil {
		d := z.nearM
		ns := math.Exp(-d / pointDecayM)
		c.NearM, c.NearScore = &d, &ns
	}
	return Site{Park: cz.zones[k], Score: z.score, Components: c}
}

// Rank ranks the zones of q.Segment's chain as the function Rank does, best
// first, ties by id, but from the index: it scores only the zones it must
// to be sure of the first limit (all of them when limit <= 0), and measures
// no distance between zones. An unknown segment or bad weights are
// EInvalid; it stops with ctx's error when ctx ends.
func (x *ZoneIndex) Rank(ctx context.Context, q SitingQuery, limit int) ([]Site, error) {
	s, _, err := x.stream(ctx, q)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var out []Site
	for limit <= 0 || len(out) < limit {
		z, ok := s.Next()
		if !ok {
			break
		}
		out = append(out, s.site(z))
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Count returns how many zones a ranking for the segment holds: the zones
// of its chain.
func (x *ZoneIndex) Count(segment string) int {
	chain, ok := x.ChainOf(segment)
	if !ok {
		return 0
	}
	return len(x.chain[chain.Slug].zones)
}

func validLonLat(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

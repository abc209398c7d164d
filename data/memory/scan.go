package memory

import (
	"math"
	"sort"
	"sync"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// countCap is where numberMatched stops being an exact count, as in the
// PostgreSQL store (postgis.DefaultCountCap, which a test holds equal):
// counting the tens of thousands of parcels of a zone's box cost a hundred
// times the page itself.
const countCap = 1_000

// scanRuns are the lengths of the runs of items, consecutive in id order,
// that share one bound in the scan index, longest first, each a multiple
// of the next. A run whose bound misses the box is passed over whole, as
// PostgreSQL's BRIN passes over a block range, and one lying inside it is
// counted whole; only where a box's edge crosses a run of the shortest
// length are its items tested one by one. The longest pass over the zones
// a box misses at once; the shortest leave few items to test along an
// edge across parcels laid out in rows.
var scanRuns = [...]int{1024, 32, scanSub}

// scanSub is the shortest of the scan index's runs.
const scanSub = 8

// histSide is the number of cells on each side of the histogram that
// estimates how many items a box holds.
const histSide = 128

// scanIndex serves the pages in id order of a box holding many items: it
// walks the items in id order (they are held sorted by id) and stops at
// the page's end, rather than collecting, testing and sorting every match.
type scanIndex struct {
	levels   [len(scanRuns)]level // of runs of each of scanRuns' lengths
	extent   orb.Bound            // of the placed items
	cells    []int32              // histSide² counts of items by their bound's centre
	unplaced int
}

// level is one grouping of the items in runs of one length.
type level struct {
	bounds     []orb.Bound // each run's placed items' bounds; Min > Max when none
	unplacedIn []bool      // runs holding an item without a geometry
	solid      []bool      // full runs whose every item has a geometry with a vertex
}

// lazyScan builds the scan index at the first page that needs it, so that
// loading pays nothing for it.
type lazyScan struct {
	once sync.Once
	idx  *scanIndex
}

func (c *collection) scanIndex() *scanIndex {
	c.scan.once.Do(func() { c.scan.idx = newScanIndex(c.items) })
	return c.scan.idx
}

var emptyBound = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}

func newScanIndex(items []item) *scanIndex {
	x := &scanIndex{extent: emptyBound, cells: make([]int32, histSide*histSide)}
	for l, size := range scanRuns {
		x.levels[l] = newLevel(items, size)
	}
	for i := range items {
		if items[i].Geometry == nil {
			x.unplaced++
			continue
		}
		x.extent = union(x.extent, items[i].bound)
	}
	for i := range items {
		if items[i].Geometry != nil {
			cx, cy := x.cell(items[i].bound.Center())
			x.cells[cy*histSide+cx]++
		}
	}
	return x
}

func newLevel(items []item, size int) level {
	n := (len(items) + size - 1) / size
	l := level{bounds: make([]orb.Bound, n), unplacedIn: make([]bool, n), solid: make([]bool, n)}
	for k := range l.bounds {
		l.bounds[k] = emptyBound
		l.solid[k] = (k+1)*size <= len(items)
	}
	for i := range items {
		it := &items[i]
		k := i / size
		l.solid[k] = l.solid[k] && it.Geometry != nil && it.vertex
		if it.Geometry == nil {
			l.unplacedIn[k] = true
			continue
		}
		l.bounds[k] = union(l.bounds[k], it.bound)
	}
	return l
}

// inside tells whether every item of run k lies in the box (when there is
// one): the run is full, each of its items has a geometry with a vertex,
// and their bound lies inside one half of the box.
func (l *level) inside(k int, halves []orb.Bound) bool {
	return halves == nil || l.solid[k] && insideAny(l.bounds[k], halves)
}

// misses tells whether no item of run k meets the box.
func (l *level) misses(k int, halves []orb.Bound) bool {
	return halves != nil && !l.unplacedIn[k] && !meetsAny(l.bounds[k], halves)
}

func union(a, b orb.Bound) orb.Bound {
	return orb.Bound{
		Min: orb.Point{min(a.Min[0], b.Min[0]), min(a.Min[1], b.Min[1])},
		Max: orb.Point{max(a.Max[0], b.Max[0]), max(a.Max[1], b.Max[1])},
	}
}

// cell is the histogram cell of a point inside the extent.
func (x *scanIndex) cell(p orb.Point) (int, int) {
	at := func(v, lo, hi float64) int {
		if hi <= lo {
			return 0
		}
		return min(histSide-1, max(0, int((v-lo)/(hi-lo)*histSide)))
	}
	return at(p[0], x.extent.Min[0], x.extent.Max[0]), at(p[1], x.extent.Min[1], x.extent.Max[1])
}

// estimate is how many items the box (both halves of one across the
// antimeridian) may hold: the cells it covers, each in
// proportion to the share of it the box covers.
func (x *scanIndex) estimate(halves []orb.Bound) int {
	share := func(lo, hi, cellLo, cellHi float64) float64 {
		if cellHi <= cellLo {
			return 1
		}
		return max(0, min(hi, cellHi)-max(lo, cellLo)) / (cellHi - cellLo)
	}
	total := float64(x.unplaced)
	w := (x.extent.Max[0] - x.extent.Min[0]) / histSide
	h := (x.extent.Max[1] - x.extent.Min[1]) / histSide
	for _, b := range halves {
		if !meets(b, x.extent) {
			continue
		}
		x0, y0 := x.cell(b.Min)
		x1, y1 := x.cell(b.Max)
		for cy := y0; cy <= y1; cy++ {
			lo := x.extent.Min[1] + float64(cy)*h
			fy := share(b.Min[1], b.Max[1], lo, lo+h)
			for cx := x0; cx <= x1; cx++ {
				if n := x.cells[cy*histSide+cx]; n > 0 {
					lo := x.extent.Min[0] + float64(cx)*w
					total += float64(n) * fy * share(b.Min[0], b.Max[0], lo, lo+w)
				}
			}
		}
	}
	return int(math.Round(total))
}

func meets(a, b orb.Bound) bool {
	return a.Min[0] <= b.Max[0] && b.Min[0] <= a.Max[0] && a.Min[1] <= b.Max[1] && b.Min[1] <= a.Max[1]
}

// scannable tells whether a query's page may come from a walk in id order:
// its order is the id's, it has no CQL2 filter (whose cost and selectivity
// are the caller's), and its box likely holds more than the count cap, so
// that the R-tree's candidates would cost more than the walk. A bulk
// read's page in id order always may: it counts nothing, so the walk stops
// at the page's end, and page after page reads each item once, where
// gathering every match would read them all again for each page.
func (c *collection) scannable(q geo.FeatureQuery) (halves []orb.Bound, estimate int, ok bool) {
	if !q.Bulk && (q.Filter != nil || len(c.items) <= countCap) {
		return nil, 0, false
	}
	switch {
	case len(q.SortBy) == 0:
	case len(q.SortBy) == 1 && q.SortBy[0].Property == c.def.IDProperty && !q.SortBy[0].Descending:
	default:
		return nil, 0, false
	}
	if q.BBox == nil {
		return nil, len(c.items), true
	}
	halves = splitAntimeridian(*q.BBox)
	if q.Bulk {
		return halves, 0, true
	}
	estimate = c.scanIndex().estimate(halves)
	return halves, estimate, estimate > countCap
}

// scanPage serves a page by walking the items in id order from the page's
// start, counting the matches up to the count cap and estimating past it
// (a bulk page counts nothing). Its cost follows offset, limit and the
// cap, not the matches.
func (c *collection) scanPage(q geo.FeatureQuery, where func(*item) bool, halves []orb.Bound, estimate int, pj geo.Projector) (geo.FeaturePage, error) {
	if q.Bulk {
		return c.bulkPage(q, where, halves, pj)
	}
	x := c.scanIndex()
	start, skip := 0, q.Offset
	if q.After != nil {
		if len(q.After.Values) != len(q.SortBy) || !geo.KeysetPageable(c.def, q.SortBy) {
			return geo.FeaturePage{}, geo.Errorf(geo.EInvalid, "the cursor does not fit this query's sortby")
		}
		start = sort.Search(len(c.items), func(i int) bool { return c.compareKeyset(i, q.SortBy, *q.After) > 0 })
		skip = 0
	}
	keep := func(it *item) bool { return where(it) && c.inTime(it, q.Datetime) }
	// Without conditions besides the box, a block of items lying inside it
	// is counted whole.
	whole := len(q.Where) == 0 && (q.Datetime == nil || c.temporal < 0)
	n, inBox := len(c.items), 0
	// Before the cursor, matches are only counted, and only to past the cap.
	i, counted := c.countPast(x, halves, keep, whole, 0, start, 0, &inBox)
	exact := i == start
	i, skipped := c.count(x, halves, keep, whole, start, n, skip, &inBox)
	counted += skipped
	var onPage []int
	for len(onPage) < q.Limit {
		if i = c.nextMatch(x, halves, keep, i, n, &inBox); i == n {
			break
		}
		if onPage == nil {
			onPage = make([]int, 0, min(q.Limit, 1024))
		}
		onPage = append(onPage, i)
		counted++
		i++
	}
	// Past the page: at least one more match, so that numberMatched tells
	// there is a next page, and on to past the cap.
	if i < n {
		var more int
		i, more = c.countPast(x, halves, keep, whole, i, n, counted, &inBox)
		counted += more
		exact = exact && i == n
	}
	page := geo.FeaturePage{Matched: counted}
	if !exact {
		// The box's estimate, narrowed by the share of the items in the box
		// that the other conditions kept; never fewer than were seen.
		if inBox > 0 {
			estimate = int(float64(estimate) * float64(counted) / float64(inBox))
		}
		page.Matched, page.Estimated = max(estimate, counted), true
	}
	if err := c.fill(&page, onPage, q, pj); err != nil {
		return geo.FeaturePage{}, err
	}
	return page, nil
}

// countPast counts the matches from from (before to) until counted and
// they are past the count cap, and at least one; it returns the position
// past the last counted (before to when it stopped short of it) and how
// many it counted. With whole, the runs lying inside the box are looked
// at first: when they alone hold enough, that is the count, a lower bound
// found without testing one item, and the rest is left to the estimate.
func (c *collection) countPast(x *scanIndex, halves []orb.Bound, keep func(*item) bool, whole bool, from, to, counted int, inBox *int) (int, int) {
	need := max(1, countCap+1-counted)
	if whole && from < to {
		if over, held := x.wholeOver(halves, from, to, need-1); over {
			*inBox += held
			return from, held
		}
	}
	return c.count(x, halves, keep, whole, from, to, need, inBox)
}

// count counts the matches from from (before to) until there are stop of
// them, and returns the position past the last counted, or to. With whole,
// the box is the only condition and a run lying inside it counts whole;
// only the items of the shortest runs the box's edge crosses are tested
// one by one.
func (c *collection) count(x *scanIndex, halves []orb.Bound, keep func(*item) bool, whole bool, from, to, stop int, inBox *int) (int, int) {
	i, n := from, 0
	for i < to && n < stop {
		how, size := x.classify(i, halves)
		if how == runMisses {
			i = min(to, (i/size+1)*size)
			continue
		}
		if whole && how == runInside {
			if size := x.insideRun(i, halves, min(to-i, stop-n)); size > 0 {
				i, n = i+size, n+size
				*inBox += size
				continue
			}
		}
		for end := min(to, (i/scanSub+1)*scanSub); i < end && n < stop; i++ {
			if it := &c.items[i]; how == runInside || inHalves(it, halves) {
				*inBox++
				if keep(it) {
					n++
				}
			}
		}
	}
	return i, n
}

// What a box makes of a run of items (classify).
const (
	runMisses  = iota // no item of it meets the box
	runInside         // every item of it lies in the box
	runCrossed        // a run of the shortest length the box's edge may cross
)

// classify tells what the box makes of the longest run holding i that it
// misses or holds wholly, and that run's length; of the shortest run
// holding i when there is none.
func (x *scanIndex) classify(i int, halves []orb.Bound) (how, size int) {
	for l := range x.levels {
		size = scanRuns[l]
		if x.levels[l].misses(i/size, halves) {
			return runMisses, size
		}
		if x.levels[l].inside(i/size, halves) {
			return runInside, size
		}
	}
	return runCrossed, size
}

// insideRun is the length of the longest run of at most room items
// starting at i that lies inside the box; 0 when none does.
func (x *scanIndex) insideRun(i int, halves []orb.Bound, room int) int {
	for l := range x.levels {
		if size := scanRuns[l]; i%size == 0 && size <= room && x.levels[l].inside(i/size, halves) {
			return size
		}
	}
	return 0
}

// wholeOver tells whether the runs from from to to (past from's own
// shortest run when from is inside one) lying wholly inside the box hold
// more than need items, and how many they hold as far as it looked. It
// tests no item, only bounds: a box holding more than the count cap in
// such runs is told apart from one that does not without testing the
// items its edges cross one by one, as count would.
func (x *scanIndex) wholeOver(halves []orb.Bound, from, to, need int) (bool, int) {
	n := 0
	i := (from + scanSub - 1) / scanSub * scanSub
next:
	for i+scanSub <= to {
		for l := range x.levels {
			size := scanRuns[l]
			if i%size != 0 || i+size > to {
				continue
			}
			if x.levels[l].misses(i/size, halves) {
				i += size
				continue next
			}
			if x.levels[l].inside(i/size, halves) {
				if n += size; n > need {
					return true, n
				}
				i += size
				continue next
			}
		}
		i += scanSub
	}
	return false, n
}

func insideAny(b orb.Bound, halves []orb.Bound) bool {
	for _, h := range halves {
		if h.Contains(b.Min) && h.Contains(b.Max) {
			return true
		}
	}
	return false
}

// nextMatch is the position of the first item from from (before to) that
// lies in the box and that keep keeps; to when there is none. inBox counts
// the items found in the box. A run whose bound misses the box is passed
// over, and the items of one lying inside it are not tested against it.
func (c *collection) nextMatch(x *scanIndex, halves []orb.Bound, keep func(*item) bool, from, to int, inBox *int) int {
	for i := from; i < to; {
		how, size := x.classify(i, halves)
		end := min(to, (i/size+1)*size)
		if how == runMisses {
			i = end
			continue
		}
		for ; i < end; i++ {
			it := &c.items[i]
			if how != runInside && !inHalves(it, halves) {
				continue
			}
			*inBox++
			if keep(it) {
				return i
			}
		}
	}
	return to
}

func meetsAny(b orb.Bound, halves []orb.Bound) bool {
	for _, h := range halves {
		if meets(b, h) {
			return true
		}
	}
	return false
}

// inHalves tells whether an item meets the box: any item without a
// geometry does; one whose bound lies inside the box does without testing
// its geometry (when it has a vertex).
func inHalves(it *item, halves []orb.Bound) bool {
	if halves == nil || it.Geometry == nil {
		return true
	}
	for _, h := range halves {
		if !meets(it.bound, h) {
			continue
		}
		if it.vertex && h.Contains(it.bound.Min) && h.Contains(it.bound.Max) {
			return true
		}
		if vertexIn(it.Geometry, h) {
			return true
		}
		if geo.Intersects(it.Geometry, h) {
			return true
		}
	}
	return false
}

// vertexIn tells whether a polygon has a vertex in the box: most of those
// on a box's edge do, and finding one costs less than geo.Intersects.
func vertexIn(g orb.Geometry, b orb.Bound) bool {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	default:
		return false
	}
	for _, poly := range mp {
		for _, ring := range poly {
			for _, p := range ring {
				if b.Contains(p) {
					return true
				}
			}
		}
	}
	return false
}

func hasVertex(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Point:
		return true
	case orb.Polygon:
		return len(g) > 0 && len(g[0]) > 0
	case orb.MultiPolygon:
		return len(g) > 0 && len(g[0]) > 0 && len(g[0][0]) > 0
	}
	return false
}

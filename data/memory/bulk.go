package memory

import (
	"sort"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

// bulkPage serves a page of a bulk read (geo.FeatureQuery.Bulk) in id
// order: a walk from the page's start, past q.Offset matches or from
// q.After, to the page's end, counting nothing. The CQL2 filter, which an
// interactive page leaves to the R-tree's candidates, is tested here on
// the items the walk meets.
func (c *collection) bulkPage(q geo.FeatureQuery, where func(*item) bool, halves []orb.Bound, pj geo.Projector) (geo.FeaturePage, error) {
	start := 0
	if q.After != nil {
		if len(q.After.Values) != len(q.SortBy) || !geo.KeysetPageable(c.def, q.SortBy) {
			return geo.FeaturePage{}, geo.Errorf(geo.EInvalid, "the cursor does not fit this query's sortby")
		}
		start = sort.Search(len(c.items), func(i int) bool { return c.compareKeyset(i, q.SortBy, *q.After) > 0 })
	}
	var failed error
	keep := func(it *item) bool {
		if failed != nil || !where(it) || !c.inTime(it, q.Datetime) {
			return false
		}
		if q.Filter == nil {
			return true
		}
		ok, err := cql2.Eval(q.Filter, c.def.CQL2Record(&it.Record))
		if err != nil {
			failed = geo.Errorf(geo.EInvalid, "filter: %v", err)
			return false
		}
		return ok
	}
	x := c.scanIndex()
	n, inBox := len(c.items), 0
	skip := 0
	if q.After == nil {
		skip = q.Offset
	}
	var onPage []int
	for i := start; i < n && len(onPage) < q.Limit; i++ {
		if i = c.nextMatch(x, halves, keep, i, n, &inBox); i == n {
			break
		}
		if skip > 0 {
			skip--
			continue
		}
		onPage = append(onPage, i)
	}
	if failed != nil {
		return geo.FeaturePage{}, failed
	}
	var page geo.FeaturePage
	if err := c.fill(&page, onPage, q, pj); err != nil {
		return geo.FeaturePage{}, err
	}
	return page, nil
}

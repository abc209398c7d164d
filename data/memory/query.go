package memory

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

// compile turns conditions into one predicate over items, checking each
// property against the definition.
func (c *collection) compile(where []geo.Condition) (func(*item) bool, error) {
	type cond struct {
		at    int
		anyOf []any
	}
	conds := make([]cond, 0, len(where))
	for _, w := range where {
		at := c.def.Index(w.Property)
		if at < 0 {
			return nil, geo.Errorf(geo.EInvalid, "collection %s has no property %q", c.def.ID, w.Property)
		}
		conds = append(conds, cond{at, w.AnyOf})
	}
	return func(it *item) bool {
		for _, w := range conds {
			if !holdsAny(it.Values[w.at], w.anyOf) {
				return false
			}
		}
		return true
	}, nil
}

// holdsAny reports whether v equals one of the values or, for a list, holds
// one of them. A null holds nothing, as in SQL.
func holdsAny(v any, anyOf []any) bool {
	if list, ok := v.([]string); ok {
		for _, s := range list {
			if slices.Contains(anyOf, any(s)) {
				return true
			}
		}
		return false
	}
	return v != nil && slices.Contains(anyOf, v)
}

// inTime reports whether the item's temporal value lies in the interval; a
// collection without a temporal property keeps every item, an item with a
// null date none.
func (c *collection) inTime(it *item, iv *geo.Interval) bool {
	if iv == nil || c.temporal < 0 {
		return true
	}
	t, ok := asTime(it.Values[c.temporal])
	return ok && iv.Contains(t)
}

func asTime(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v, true
	case string:
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return t, true
		}
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// sort orders positions by the keys, nulls last, then by id (the position,
// as items are in id order). Strings compare byte by byte, as the
// PostgreSQL store's COLLATE "C".
func (c *collection) sort(positions []int, keys []geo.SortKey) error {
	at := make([]int, len(keys))
	for k, key := range keys {
		if at[k] = c.def.Index(key.Property); at[k] < 0 && key.Property != c.def.IDProperty {
			return geo.Errorf(geo.EInvalid, "collection %s has no property %q", c.def.ID, key.Property)
		}
	}
	slices.SortStableFunc(positions, func(a, b int) int {
		for k, key := range keys {
			var va, vb any = c.items[a].ID, c.items[b].ID
			if at[k] >= 0 {
				va, vb = c.items[a].Values[at[k]], c.items[b].Values[at[k]]
			}
			if r := compareValues(va, vb, key.Descending); r != 0 {
				return r
			}
		}
		return cmp.Compare(a, b)
	})
	return nil
}

// compareValues orders two values of one property, nulls last whatever
// the direction.
func compareValues(a, b any, descending bool) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	var r int
	switch a := a.(type) {
	case string:
		r = strings.Compare(a, b.(string))
	case float64:
		r = cmp.Compare(a, b.(float64))
	case bool:
		r = cmp.Compare(boolRank(a), boolRank(b.(bool)))
	case time.Time:
		r = a.Compare(b.(time.Time))
	}
	if descending {
		return -r
	}
	return r
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// matcher returns the predicate of a tile's filter: the conditions, the
// interval and the CQL2 filter, as Features applies them to a page.
func (c *collection) matcher(f geo.TileFilter) (func(*item) (bool, error), error) {
	where, err := c.compile(f.Where)
	if err != nil {
		return nil, err
	}
	return func(it *item) (bool, error) {
		if !where(it) || !c.inTime(it, f.Datetime) {
			return false, nil
		}
		if f.Filter == nil {
			return true, nil
		}
		ok, err := cql2.Eval(f.Filter, c.def.CQL2Record(&it.Record))
		if err != nil {
			return false, geo.Errorf(geo.EInvalid, "filter: %v", err)
		}
		return ok, nil
	}, nil
}

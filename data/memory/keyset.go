package memory

import (
	"sort"
	"strings"

	"github.com/parkmap/parkmap/geo"
)

// after returns where, in positions sorted by keys (then id), the first
// item past the keyset lies: a binary search, so a deep page costs what
// the first does, as in the PostgreSQL store.
func (c *collection) after(positions []int, keys []geo.SortKey, at geo.Keyset) (int, error) {
	if len(at.Values) != len(keys) || !geo.KeysetPageable(c.def, keys) {
		return 0, geo.Errorf(geo.EInvalid, "the cursor does not fit this query's sortby")
	}
	return sort.Search(len(positions), func(n int) bool {
		return c.compareKeyset(positions[n], keys, at) > 0
	}), nil
}

// compareKeyset orders item i against a keyset: by the keys, nulls last,
// then by id byte by byte.
func (c *collection) compareKeyset(i int, keys []geo.SortKey, at geo.Keyset) int {
	it := &c.items[i]
	for n, key := range keys {
		var v any = it.ID
		if key.Property != c.def.IDProperty {
			v = it.Values[c.def.Index(key.Property)]
		}
		if r := compareValues(v, at.Values[n], key.Descending); r != 0 {
			return r
		}
	}
	return strings.Compare(it.ID, at.ID)
}

// keyset is item i's position in the order keys.
func (c *collection) keyset(i int, keys []geo.SortKey) *geo.Keyset {
	ks := &geo.Keyset{ID: c.items[i].ID, Values: make([]any, len(keys))}
	for n, key := range keys {
		if key.Property == c.def.IDProperty {
			ks.Values[n] = c.items[i].ID
			continue
		}
		ks.Values[n] = c.items[i].Values[c.def.Index(key.Property)]
	}
	return ks
}

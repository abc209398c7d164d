package geo

// Keyset is where a page starts in keyset paging: the sort keys' values of
// the last feature of the page before it, and that feature's id. A page
// after a keyset costs what the first page costs, however deep it is,
// where an offset makes the store walk past every feature before it.
//
// Values holds one value per FeatureQuery.SortBy key, in order: a string,
// a float64 (numbers and integers), a bool, or nil for null. Features are
// ordered by the keys (nulls last whichever the direction) and then by id,
// so (Values, ID) names one position in that order.
type Keyset struct {
	Values []any
	ID     string
}

// KeysetPageable reports whether a collection's pages in the order keys
// can be cut by a Keyset: every key must be of a type Keyset.Values holds
// and the ids must be text, compared byte by byte in both stores.
func KeysetPageable(c *Collection, keys []SortKey) bool {
	if !c.Builtin && !c.Table.TextID {
		return false
	}
	for _, k := range keys {
		if k.Property == c.IDProperty {
			continue
		}
		p, ok := c.Property(k.Property)
		if !ok {
			return false
		}
		switch p.Type {
		case TypeString, TypeNumber, TypeInteger, TypeBoolean:
		default:
			return false
		}
	}
	return true
}

package api

import (
	"net/url"
	"slices"
	"strings"
)

// linkQuery is a request's query string as its links repeat it: every
// parameter but a few that each link sets for itself, escaped once and
// sorted by name, so that a page's self, next and previous links cost
// one pass over the query rather than a copy and an encoding each. What
// it writes is what url.Values.Encode writes for the same values.
type linkQuery []queryPair

// queryPair is one name=value, escaped; name is the raw name, to sort by.
type queryPair struct{ name, enc string }

// newLinkQuery keeps the parameters of query not named in drop.
func newLinkQuery(query url.Values, drop ...string) linkQuery {
	n := 0
	for name, values := range query {
		if !slices.Contains(drop, name) {
			n += len(values)
		}
	}
	lq := make(linkQuery, 0, n)
	for name, values := range query {
		if slices.Contains(drop, name) {
			continue
		}
		key := url.QueryEscape(name) + "="
		for _, v := range values {
			lq = append(lq, queryPair{name, key + url.QueryEscape(v)})
		}
	}
	// Stable, so that a name's values keep their order.
	slices.SortStableFunc(lq, func(a, b queryPair) int { return strings.Compare(a.name, b.name) })
	return lq
}

// with is the query string with each of set, name then value, in its
// place; set's names must be among those dropped.
func (lq linkQuery) with(set ...string) string {
	extra := make(linkQuery, 0, len(set)/2)
	size := 0
	for i := 0; i+1 < len(set); i += 2 {
		p := queryPair{set[i], url.QueryEscape(set[i]) + "=" + url.QueryEscape(set[i+1])}
		extra = append(extra, p)
		size += len(p.enc) + 1
	}
	slices.SortFunc(extra, func(a, b queryPair) int { return strings.Compare(a.name, b.name) })
	for _, p := range lq {
		size += len(p.enc) + 1
	}
	var b strings.Builder
	b.Grow(size)
	add := func(p queryPair) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.enc)
	}
	i := 0
	for _, e := range extra {
		for ; i < len(lq) && lq[i].name < e.name; i++ {
			add(lq[i])
		}
		add(e)
	}
	for ; i < len(lq); i++ {
		add(lq[i])
	}
	return b.String()
}

package geo

import (
	"cmp"
	"context"
	"slices"
)

// ZoneLink is one entry of the table of nearest hosts a ZoneIndex is built
// on, the part of a build that costs seconds at ten thousand zones: for a
// zone of a chain and a segment some flow of the chain links, the nearest
// other zone of the chain hosting the segment, and the geodesic distance
// between their boundaries. A zone hosting the segment itself, or with no
// other zone hosting it, has no entry.
type ZoneLink struct {
	Chain, Segment, Zone, Host string
	DistanceM                  float64
}

// Links returns the index's table of nearest hosts, ordered by chain,
// segment and zone: what a store keeps beside the zones it was computed
// from, so that a reader builds the index again with
// NewZoneIndexFromLinks rather than search every zone's neighbours.
func (x *ZoneIndex) Links() []ZoneLink {
	var out []ZoneLink
	for slug, cz := range x.chain {
		for seg, near := range cz.nearest {
			for k, h := range near {
				if h.zone >= 0 {
					out = append(out, ZoneLink{Chain: slug, Segment: seg, Zone: cz.zones[k].ID, Host: cz.zones[h.zone].ID, DistanceM: h.d})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b ZoneLink) int {
		return cmp.Or(cmp.Compare(a.Chain, b.Chain), cmp.Compare(a.Segment, b.Segment), cmp.Compare(a.Zone, b.Zone))
	})
	return out
}

// NewZoneIndexFromLinks is NewZoneIndex with the nearest hosts read from
// links (the Links of an index of the same chains and zones) rather than
// searched: the same index, built in a fraction of the time. It cannot
// tell links computed from other zones, so the caller must know they
// belong together (a store keeps them under the version of the data); a
// link that cannot be one of these zones' (a zone or host not of the
// chain, a host not hosting the segment, a zone hosting it) is EInternal.
func NewZoneIndexFromLinks(ctx context.Context, chains []Chain, parks []Park, links []ZoneLink) (*ZoneIndex, error) {
	type key struct{ chain, segment string }
	byChain := map[key]map[string]ZoneLink{}
	for _, l := range links {
		k := key{l.Chain, l.Segment}
		if byChain[k] == nil {
			byChain[k] = map[string]ZoneLink{}
		}
		byChain[k][l.Zone] = l
	}
	return newZoneIndex(ctx, chains, parks, func(chain *Chain, zones []Park, linked []string) (nearestHost, error) {
		pos := make(map[string]int, len(zones))
		for k, z := range zones {
			pos[z.ID] = k
		}
		type host struct {
			k int
			d float64
		}
		near := map[string][]host{} // segment → by position; k -1 for none
		for _, seg := range linked {
			hs := make([]host, len(zones))
			for i := range hs {
				hs[i].k = -1
			}
			for id, l := range byChain[key{chain.Slug, seg}] {
				z, zok := pos[id]
				h, hok := pos[l.Host]
				if !zok || !hok || zones[z].Hosts(seg) || !zones[h].Hosts(seg) || z == h {
					return nil, Errorf(EInternal, "zone link %s→%s for %s in chain %s is not one of these zones'", id, l.Host, seg, chain.Slug)
				}
				hs[z] = host{h, l.DistanceM}
			}
			near[seg] = hs
		}
		return func(z int, seg string) (int, float64, bool) {
			hs := near[seg]
			if hs == nil || hs[z].k < 0 {
				return 0, 0, false
			}
			return hs[z].k, hs[z].d, true
		}, nil
	})
}

package geo

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"

	"github.com/paulmach/orb"
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

// LinkDigest is a digest of what a zone's links depend on: its chain (the
// flows, which name the segments linked), its own segments and its
// geometry. A store keeps it beside the links, so that a writer finds the
// zones changed since the links were computed, whoever changed them, and
// hands them to UpdateZoneLinks. chain is nil for a zone of no chain.
func LinkDigest(chain *Chain, p Park) []byte {
	h := sha256.New()
	var buf []byte
	str := func(s string) { buf = binary.AppendUvarint(buf, uint64(len(s))); buf = append(buf, s...) }
	str(p.Chain)
	if chain != nil {
		buf = binary.AppendUvarint(buf, uint64(len(chain.Flows)))
		for _, f := range chain.Flows {
			str(f.From)
			str(f.To)
		}
	}
	segs := slices.Sorted(slices.Values(p.Segments))
	buf = binary.AppendUvarint(buf, uint64(len(segs)))
	for _, s := range segs {
		str(s)
	}
	h.Write(buf)
	buf = buf[:0]
	for _, poly := range p.Geometry {
		buf = binary.AppendUvarint(buf, uint64(len(poly)))
		for _, ring := range poly {
			buf = binary.AppendUvarint(buf, uint64(len(ring)))
			for _, pt := range ring {
				buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(pt[0]))
				buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(pt[1]))
			}
		}
		h.Write(buf)
		buf = buf[:0]
	}
	return h.Sum(nil)
}

// UpdateZoneLinks returns the Links of an index of the chains and zones
// from old, the links of the zones as they were, and changed, the ids of
// the zones added, removed or changed since (their LinkDigest differs):
// what no changed zone can alter is kept, and only the rest is searched.
// A zone's nearest host is searched again when the zone changed or its
// host did; an unchanged zone whose host is unchanged keeps it unless a
// changed zone hosting the segment is as near (searched among those only).
// Hosts that did not change were all there before, and the old host was
// the nearest of them, so the answer is the full search's, to the bit.
// It honours ctx between zones.
func UpdateZoneLinks(ctx context.Context, chains []Chain, parks []Park, old []ZoneLink, changed map[string]bool) ([]ZoneLink, error) {
	// The old links of each chain and segment, by zone id, to be walked
	// beside the zones: a store gives them grouped so, and sorted.
	type key struct{ chain, segment string }
	runs := map[key][]ZoneLink{}
	for i := 0; i < len(old); {
		j := i + 1
		for j < len(old) && old[j].Chain == old[i].Chain && old[j].Segment == old[i].Segment {
			j++
		}
		k := key{old[i].Chain, old[i].Segment}
		runs[k] = append(runs[k], old[i:j]...)
		i = j
	}
	byZone := func(a, b ZoneLink) int { return cmp.Compare(a.Zone, b.Zone) }
	for _, run := range runs {
		if !slices.IsSortedFunc(run, byZone) {
			slices.SortFunc(run, byZone)
		}
	}
	parks = slices.Clone(parks)
	slices.SortStableFunc(parks, func(a, b Park) int { return cmp.Compare(a.ID, b.ID) })
	order := make([]*Chain, len(chains))
	for i := range chains {
		order[i] = &chains[i]
	}
	slices.SortFunc(order, func(a, b *Chain) int { return cmp.Compare(a.Slug, b.Slug) })
	var out []ZoneLink
	for _, chain := range order {
		var zones []Park
		pos := map[string]int{}
		for _, p := range parks {
			if p.Chain == chain.Slug {
				pos[p.ID] = len(zones)
				zones = append(zones, p)
			}
		}
		bounds := make([]orb.Bound, len(zones))
		moved := make([]bool, len(zones)) // changed, by position
		for k, z := range zones {
			bounds[k], moved[k] = z.Geometry.Bound(), changed[z.ID]
		}
		var linked []string
		for _, f := range chain.Flows {
			for _, s := range []string{f.From, f.To} {
				if !slices.Contains(linked, s) {
					linked = append(linked, s)
				}
			}
		}
		search := newHostIndex(zones, linked)
		slices.Sort(linked)
		for _, seg := range linked {
			// The changed zones hosting seg, by their bounds.
			var fresh []int
			var fb []orb.Bound
			for k, z := range zones {
				if moved[k] && z.Hosts(seg) {
					fresh, fb = append(fresh, k), append(fb, bounds[k])
				}
			}
			freshIndex := newBoundIndex(fb)
			run := runs[key{chain.Slug, seg}]
			for k, z := range zones {
				if k%rankCheckEvery == 0 {
					if err := ctx.Err(); err != nil {
						return nil, err
					}
				}
				for len(run) > 0 && run[0].Zone < z.ID {
					run = run[1:]
				}
				if z.Hosts(seg) {
					continue
				}
				best, found := math.Inf(1), -1
				had := len(run) > 0 && run[0].Zone == z.ID
				h, hok := -1, false
				if had {
					h, hok = pos[run[0].Host]
				}
				switch {
				case moved[k] || (had && (!hok || moved[h])):
					if o, d, ok := search(k, seg); ok {
						best, found = d, o
					}
				default:
					if had {
						best, found = run[0].DistanceM, h
					}
					if len(fresh) == 0 {
						break
					}
					freshIndex.nearby(bounds[k], func(i int, bound float64) bool {
						if bound > best {
							return false
						}
						o := fresh[i]
						d := DistanceBetween(z.Geometry, zones[o].Geometry)
						if d < best || (d == best && o < found) {
							best, found = d, o
						}
						return true
					})
				}
				if found >= 0 {
					out = append(out, ZoneLink{Chain: chain.Slug, Segment: seg, Zone: z.ID, Host: zones[found].ID, DistanceM: best})
				}
			}
		}
	}
	return out, nil
}

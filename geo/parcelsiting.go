package geo

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Parcel is a land parcel as siting reads it.
type Parcel struct {
	ID       string
	Park     string
	LandUse  string
	Status   ParcelStatus
	AreaHa   float64
	Accuracy Accuracy
	Sources  []string // citations, as the collection publishes them
	Geometry orb.Polygon
}

// ParcelFromRecord reads a record of Parcels.
func ParcelFromRecord(r Record) Parcel {
	str := func(name string) string { s, _ := Parcels.Value(r, name).(string); return s }
	area, _ := Parcels.Value(r, "area_ha").(float64)
	sources, _ := Parcels.Value(r, "sources").([]string)
	poly, _ := r.Geometry.(orb.Polygon)
	return Parcel{ID: r.ID, Park: str("park"), LandUse: str("land_use"), Status: ParcelStatus(str("status")),
		AreaHa: area, Accuracy: Accuracy(str("geometry_accuracy")), Sources: sources, Geometry: poly}
}

// Bounds of a parcel query: a larger limit is a download, not a ranking;
// no zone holds a single parcel of a million hectares.
const (
	MaxParcelResults = 1000
	MaxParcelAreaHa  = 1e6
)

// ParcelQuery asks for the available parcels of at least MinAreaHa where
// a plant of Segment fits best, the Limit best of them.
type ParcelQuery struct {
	SitingQuery
	MinAreaHa float64
	Limit     int
}

// Validate rejects an area or a limit out of range.
func (q ParcelQuery) Validate() error {
	if math.IsNaN(q.MinAreaHa) || q.MinAreaHa < 0 || q.MinAreaHa > MaxParcelAreaHa {
		return Errorf(EInvalid, "the least area must be from 0 to %g ha; got %v", float64(MaxParcelAreaHa), q.MinAreaHa)
	}
	if q.Limit < 1 || q.Limit > MaxParcelResults {
		return Errorf(EInvalid, "the number of parcels must be from 1 to %d; got %d", MaxParcelResults, q.Limit)
	}
	return nil
}

// ParcelSite is one parcel's ranking: its zone's, and its own score with
// the links and the point measured from the parcel rather than the zone.
type ParcelSite struct {
	Parcel Parcel
	Zone   Site
	// ZoneRank is the zone's place among the zones that have an available
	// parcel of the area asked for, 1 the best.
	ZoneRank   int
	Score      float64 // 0–100
	Components SiteComponents
}

// ParcelFinder returns the parcels available (status available) with an
// area of at least minAreaHa in the zones named, in any order. A store
// answers it from an index on the zone and the area.
type ParcelFinder func(ctx context.Context, zones []string, minAreaHa float64) ([]Parcel, error)

// directZones is how many zones with a parcel big enough RankParcels
// scores all at once rather than through the threshold search: with this
// few, scoring each costs less than reading the sorted lists.
const directZones = 256

// RankParcels ranks the available parcels of at least q.MinAreaHa in the
// zones of q.Segment's chain, best first, ties by their zone's place and
// then by id: each scored as its zone is (Rank), with the zone's plan, but
// with the nearest supplier and customer zones and the point measured from
// the parcel itself. A parcel lies in its zone, so it is no nearer than its
// zone to anything and scores at most its zone's score: the zones that have
// a parcel big enough (areas, the store's) are taken best first, from the
// index or, when they are few, scored all at once, a few at a time, and
// the search stops once the next zone's score is no better than the last
// parcel kept. So the parcels of a few zones are read and measured, not
// every parcel, and a zone without a parcel big enough is not read at all.
// ZoneRank is the zone's place among the zones with a parcel big enough.
func (x *ZoneIndex) RankParcels(ctx context.Context, q ParcelQuery, areas *ParcelAreas, find ParcelFinder) ([]ParcelSite, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	s, _, err := x.stream(ctx, q.SitingQuery)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.keep = func(k int) bool { return areas.Largest(s.cz.zones[k].ID) >= q.MinAreaHa }
	if few := areas.atLeast(q.MinAreaHa); len(few) <= directZones {
		s.direct(few)
	}
	var top []ParcelSite
	rank, batch := 0, 4
	for {
		var zones []Site
		var ranks []int
		var ids []string
		for len(zones) < batch {
			next, ok := s.peek()
			// A parcel of the next zone scores at most the zone's score and,
			// tied, comes after every parcel kept, its zone being ranked lower.
			if !ok || (len(top) == q.Limit && next <= top[q.Limit-1].Score) {
				break
			}
			z, _ := s.Next()
			rank++
			zones, ranks, ids = append(zones, s.site(z)), append(ranks, rank), append(ids, s.cz.zones[z.k].ID)
		}
		if err := s.Err(); err != nil {
			return nil, err
		}
		if len(zones) == 0 {
			return top, nil
		}
		parcels, err := find(ctx, ids, q.MinAreaHa)
		if err != nil {
			return nil, err
		}
		for _, p := range parcels {
			i := slices.Index(ids, p.Park)
			if i < 0 || p.Status != ParcelAvailable || p.AreaHa < q.MinAreaHa {
				continue // not asked for: a finder's slip must not reach the ranking
			}
			if len(top) == q.Limit && s.parcelBound(p, zones[i]) < top[q.Limit-1].Score {
				continue // cannot make the list: not worth measuring
			}
			ps := s.parcelSite(p, zones[i], ranks[i])
			at, _ := slices.BinarySearchFunc(top, ps, compareParcelSites)
			if at < q.Limit {
				top = slices.Insert(top, at, ps)
				top = top[:min(len(top), q.Limit)]
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		batch = min(2*batch, 256)
	}
}

func compareParcelSites(a, b ParcelSite) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	if c := cmp.Compare(a.ZoneRank, b.ZoneRank); c != 0 {
		return c
	}
	return cmp.Compare(a.Parcel.ID, b.Parcel.ID)
}

// parcelBound is a bound of a parcel's score that costs no geodesic: its
// zone's supplier and customer scores (the parcel is no nearer to any
// zone than its zone is) and the point at the lower bound of its distance
// to the parcel's box.
func (s *zoneStream) parcelBound(p Parcel, zone Site) float64 {
	var near *float64
	if s.q.Near != nil {
		ns := math.Exp(-s.from.gap(p.Geometry.Bound()) / pointDecayM)
		near = &ns
	}
	return s.score(zone.Components.Plan, zone.Components.Suppliers.Score, zone.Components.Customers.Score, near)
}

// parcelSite scores a parcel of a zone the stream gave.
func (s *zoneStream) parcelSite(p Parcel, zone Site, rank int) ParcelSite {
	mp := orb.MultiPolygon{p.Geometry}
	b := p.Geometry.Bound()
	c := SiteComponents{Assigned: zone.Components.Assigned, Reserved: zone.Components.Reserved, Plan: zone.Components.Plan,
		Suppliers: s.linksFrom(zone.Park, mp, b, s.ss.suppliers),
		Customers: s.linksFrom(zone.Park, mp, b, s.ss.customers)}
	var near *float64
	if s.q.Near != nil {
		d := DistanceTo(*s.q.Near, mp)
		ns := math.Exp(-d / pointDecayM)
		c.NearM, c.NearScore, near = &d, &ns, &ns
	}
	score := s.score(c.Plan, c.Suppliers.Score, c.Customers.Score, near)
	return ParcelSite{Parcel: p, Zone: zone, ZoneRank: rank, Score: score, Components: c}
}

// linksFrom is links measured from a parcel of zone: a segment its zone
// hosts is here; any other is at the nearest zone hosting it.
func (s *zoneStream) linksFrom(zone Park, mp orb.MultiPolygon, b orb.Bound, segments []string) LinkSet {
	return linkSet(zone, segments, func(seg string) (string, float64, bool) {
		k, d, ok := s.cz.nearestFrom(mp, b, seg)
		if !ok {
			return "", 0, false
		}
		return s.cz.zones[k].ID, d, true
	})
}

// nearestFrom finds the zone hosting seg nearest to the geometry mp of
// bounds b, through the R-tree of its hosts, the first by id among equals.
func (cz *chainZones) nearestFrom(mp orb.MultiPolygon, b orb.Bound, seg string) (int, float64, bool) {
	hosts := cz.hosts[seg]
	best, found := math.Inf(1), -1
	cz.hostTree[seg].nearby(b, func(i int, bound float64) bool {
		if bound > best {
			return false
		}
		k := hosts[i]
		d := DistanceBetween(mp, cz.zones[k].Geometry)
		if d < best || (d == best && k < found) {
			best, found = d, k
		}
		return true
	})
	return found, best, found >= 0
}

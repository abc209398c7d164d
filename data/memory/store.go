// Package memory is the embedded store: the bundled seed data (or a data
// folder) held in memory, each feature encoded once at load and indexed in
// an R-tree. It is read-only and the default when no database is set.
package memory

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"github.com/parkmap/parkmap/data/proj"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

var _ geo.Store = (*Store)(nil)

// Store serves a seed.Dataset from memory. It is safe for concurrent use:
// nothing changes after New.
type Store struct {
	data        *seed.Dataset
	collections map[string]*collection
	domains     map[geo.Domain][]string
	zones       zoneIndex // for Locate (locate.go)
	zoneIndex   *geo.ZoneIndex
	available   availableIndex // of the parcels collection (siting.go)
	areas       *geo.ParcelAreas
	proj        geo.Projector // to the CRSs pages and features are asked in
	tileCache   tileCache
}

// collection is one feature collection, ordered by id.
type collection struct {
	def      *geo.Collection
	items    []item
	byID     map[string]int
	index    rtree.RTreeG[int] // bounds -> position in items
	unplaced []int             // items without a geometry: any bbox matches them
	temporal int               // position of the temporal property, -1 for none
	scan     lazyScan          // for the pages of boxes holding many items (scan.go)
	crsGeometries
	tiles *tileData // what tiles need of the items (tiledata.go)
}

type item struct {
	geo.Record
	encoded json.RawMessage
	bound   orb.Bound
	// vertex tells that the geometry has a vertex (hasVertex), so that an
	// item whose bound lies in a box is known to meet it without reading
	// its geometry, held elsewhere in memory.
	vertex bool
}

// New indexes the dataset and encodes every feature once.
func New(d *seed.Dataset) (*Store, error) {
	pj, err := proj.Shared()
	if err != nil {
		return nil, err
	}
	s := &Store{data: d, collections: map[string]*collection{}, domains: map[geo.Domain][]string{}, proj: pj}
	s.SetTileCache(DefaultTileCache)
	cite := geo.NewCiter(d.Sources)
	var parks, projects, counties []geo.Record
	for _, p := range d.Parks {
		c, _ := d.Chain(p.Chain)
		parks = append(parks, geo.ParkRecord(p, c, cite))
	}
	for _, p := range d.Projects {
		projects = append(projects, geo.ProjectRecord(p, cite))
	}
	for _, c := range d.Counties {
		counties = append(counties, geo.CountyRecord(c, cite))
		s.domains[geo.DomainCounties] = append(s.domains[geo.DomainCounties], c.Code)
	}
	for _, c := range d.Chains {
		for _, sg := range c.Segments {
			s.domains[geo.DomainSegments] = append(s.domains[geo.DomainSegments], sg.Slug)
		}
		for _, st := range c.Stages {
			if !slices.Contains(s.domains[geo.DomainStages], st.Slug) {
				s.domains[geo.DomainStages] = append(s.domains[geo.DomainStages], st.Slug)
			}
		}
	}
	for _, add := range []struct {
		def     *geo.Collection
		records []geo.Record
	}{{geo.Parks, parks}, {geo.Projects, projects}, {geo.Counties, counties}, {geo.Parcels, d.Parcels}} {
		if err := s.Add(add.def, add.records); err != nil {
			return nil, err
		}
	}
	if s.zoneIndex, err = geo.NewZoneIndex(context.Background(), d.Chains, d.Parks); err != nil {
		return nil, err
	}
	return s, nil
}

// Add holds a collection's records, replacing any it held under the same
// id: the built-in ones come from New, others from a caller's definition.
func (s *Store) Add(def *geo.Collection, records []geo.Record) error {
	c := &collection{def: def, items: make([]item, len(records)), byID: make(map[string]int, len(records)), temporal: -1}
	if def.Temporal != "" {
		c.temporal = def.Index(def.Temporal)
	}
	for i, r := range records {
		if len(r.Values) != len(def.Properties) {
			return fmt.Errorf("memory: %s %s: %d values for %d properties", def.ID, r.ID, len(r.Values), len(def.Properties))
		}
		enc, err := encodeFeature(def, r, nil, false)
		if err != nil {
			return fmt.Errorf("memory: encode %s: %w", def.ID, err)
		}
		c.items[i] = item{Record: r, encoded: enc}
		if r.Geometry != nil {
			c.items[i].bound = r.Geometry.Bound()
			c.items[i].vertex = hasVertex(r.Geometry)
		}
	}
	slices.SortFunc(c.items, func(a, b item) int { return strings.Compare(a.ID, b.ID) })
	for i, it := range c.items {
		if _, dup := c.byID[it.ID]; dup {
			return fmt.Errorf("memory: %s: two features with id %q", def.ID, it.ID)
		}
		c.byID[it.ID] = i
		if it.Geometry != nil {
			c.index.Insert(it.bound.Min, it.bound.Max, i)
		} else {
			c.unplaced = append(c.unplaced, i)
		}
	}
	var err error
	if c.tiles, err = newTileData(def, c.items); err != nil {
		return err
	}
	s.collections[def.ID] = c
	s.tileCache.clear()
	if def == geo.Parcels {
		s.available, s.areas = newAvailableIndex(c)
	}
	return nil
}

func (s *Store) collection(def *geo.Collection) (*collection, error) {
	c, ok := s.collections[def.ID]
	if !ok {
		return nil, geo.Errorf(geo.ENotFound, "no collection %q", def.ID)
	}
	return c, nil
}

// Features returns one page of a collection, ordered as asked.
func (s *Store) Features(ctx context.Context, def *geo.Collection, q geo.FeatureQuery) (geo.FeaturePage, error) {
	c, err := s.collection(def)
	if err != nil {
		return geo.FeaturePage{}, err
	}
	if q.Limit < 0 || q.Offset < 0 {
		return geo.FeaturePage{}, geo.Errorf(geo.EInvalid, "limit and offset must not be negative")
	}
	where, err := c.compile(q.Where)
	if err != nil {
		return geo.FeaturePage{}, err
	}
	if halves, estimate, ok := c.scannable(q); ok {
		return c.scanPage(q, where, halves, estimate, s.proj)
	}
	var matched []int
	var halves []orb.Bound
	if q.BBox != nil {
		halves = splitAntimeridian(*q.BBox)
	}
	for _, i := range c.candidates(halves) {
		it := &c.items[i]
		if !where(it) || !c.inTime(it, q.Datetime) {
			continue
		}
		// The walk's test, which reads the item's bound and vertices before
		// geo.Intersects measures the geometry's bound again.
		if !inHalves(it, halves) {
			continue
		}
		if q.Filter != nil {
			ok, err := cql2.Eval(q.Filter, c.def.CQL2Record(&it.Record))
			if err != nil {
				return geo.FeaturePage{}, geo.Errorf(geo.EInvalid, "filter: %v", err)
			}
			if !ok {
				continue
			}
		}
		matched = append(matched, i)
	}
	if len(q.SortBy) > 0 {
		if err := c.sort(matched, q.SortBy); err != nil {
			return geo.FeaturePage{}, err
		}
	}
	page := geo.FeaturePage{Features: []json.RawMessage{}, Matched: len(matched)}
	start := q.Offset
	if q.After != nil {
		if start, err = c.after(matched, q.SortBy, *q.After); err != nil {
			return geo.FeaturePage{}, err
		}
	}
	if start < len(matched) {
		onPage := matched[start:min(len(matched), start+q.Limit)]
		if err := c.fill(&page, onPage, q, s.proj); err != nil {
			return geo.FeaturePage{}, err
		}
	}
	return page, nil
}

// fill puts the features at positions onPage on the page, shaped as the
// query asks, and the position of the last.
func (c *collection) fill(page *geo.FeaturePage, onPage []int, q geo.FeatureQuery, pj geo.Projector) error {
	page.Features = make([]json.RawMessage, 0, len(onPage))
	if geo.KeysetPageable(c.def, q.SortBy) && len(onPage) > 0 {
		page.Last = c.keyset(onPage[len(onPage)-1], q.SortBy)
	}
	for _, i := range onPage {
		f := c.items[i].encoded
		if q.Shaped() {
			r := c.items[i].Record
			if !q.CRS.IsCRS84() && !q.SkipGeometry {
				r.Geometry = c.geometryIn(i, q.CRS, pj)
			}
			// In lon/lat the stored geometry is the one to write.
			var geometry []byte
			if q.CRS.IsCRS84() && !q.SkipGeometry {
				geometry = storedGeometry(f)
			}
			var err error
			if f, err = encodeFeatureWith(c.def, r, q.Properties, q.SkipGeometry, geometry); err != nil {
				return err
			}
		}
		page.Features = append(page.Features, f)
	}
	return nil
}

// candidates returns, in id order, the items whose bounds meet the box
// (both halves of one across the antimeridian) and those without a
// geometry; every item when there is no box.
func (c *collection) candidates(halves []orb.Bound) []int {
	if halves == nil {
		all := make([]int, len(c.items))
		for i := range all {
			all[i] = i
		}
		return all
	}
	out := slices.Clone(c.unplaced)
	for _, half := range halves {
		c.index.Search(half.Min, half.Max, func(_, _ [2]float64, i int) bool {
			out = append(out, i)
			return true
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// splitAntimeridian returns the box, or its two halves when it crosses the
// antimeridian (west edge east of its east edge).
func splitAntimeridian(b orb.Bound) []orb.Bound {
	if b.Min[0] <= b.Max[0] {
		return []orb.Bound{b}
	}
	return []orb.Bound{
		{Min: b.Min, Max: orb.Point{180, b.Max[1]}},
		{Min: orb.Point{-180, b.Min[1]}, Max: b.Max},
	}
}

// Feature returns one encoded feature by id; in another CRS than CRS84 its
// geometry comes from the cache of transformed geometries pages use.
func (s *Store) Feature(ctx context.Context, def *geo.Collection, id string, crs *geo.CRS) (json.RawMessage, error) {
	c, err := s.collection(def)
	if err != nil {
		return nil, err
	}
	i, ok := c.byID[id]
	if !ok {
		return nil, geo.Errorf(geo.ENotFound, "no feature %q in collection %q", id, def.ID)
	}
	if crs.IsCRS84() {
		return c.items[i].encoded, nil
	}
	r := c.items[i].Record
	r.Geometry = c.geometryIn(i, crs, s.proj)
	return encodeFeature(c.def, r, nil, false)
}

// Extent returns the bounds of a collection's geometries.
func (s *Store) Extent(ctx context.Context, def *geo.Collection) (orb.Bound, bool, error) {
	c, err := s.collection(def)
	if err != nil {
		return orb.Bound{}, false, err
	}
	var b orb.Bound
	ok := false
	for _, it := range c.items {
		if it.Geometry == nil {
			continue
		}
		if !ok {
			b, ok = it.bound, true
		} else {
			b = b.Union(it.bound)
		}
	}
	return b, ok, nil
}

// Domain returns the valid values of a domain.
func (s *Store) Domain(ctx context.Context, d geo.Domain) ([]string, error) {
	return s.domains[d], nil
}

// Chains returns every chain.
func (s *Store) Chains(ctx context.Context) ([]geo.Chain, error) { return s.data.Chains, nil }

// Parks returns every zone, ordered by id.
func (s *Store) Parks(ctx context.Context) ([]geo.Park, error) { return s.data.Parks, nil }

// Projects returns every project, ordered by id.
func (s *Store) Projects(ctx context.Context) ([]geo.Project, error) { return s.data.Projects, nil }

// Sources returns every source, ordered by id.
func (s *Store) Sources(ctx context.Context) ([]geo.Source, error) { return s.data.Sources, nil }

// City returns the dataset's city.json, nil when it has none.
func (s *Store) City(ctx context.Context) (*geo.City, error) { return s.data.City, nil }

// Ping always succeeds: memory does not go away.
func (s *Store) Ping(ctx context.Context) error { return nil }

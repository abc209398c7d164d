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

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

var _ geo.Store = (*Store)(nil)

// Store serves a seed.Dataset from memory. It is safe for concurrent use:
// nothing changes after New.
type Store struct {
	data        *seed.Dataset
	collections map[string]*collection
}

// collection is one feature collection, ordered by id.
type collection struct {
	items []item
	byID  map[string]int
	index rtree.RTreeG[int] // bounds -> position in items
}

type item struct {
	id       string
	encoded  json.RawMessage
	geometry orb.Geometry // nil for a feature with a null geometry
	bound    orb.Bound
	segments []string
	stages   []string
	county   string
	status   geo.Status
}

// New indexes the dataset and encodes every feature once.
func New(d *seed.Dataset) (*Store, error) {
	s := &Store{data: d, collections: map[string]*collection{}}
	cite := newCiter(d.Sources)
	var parks, projects, counties []item
	for i := range d.Parks {
		p := &d.Parks[i]
		stages := []string{}
		if c, ok := d.Chain(p.Chain); ok {
			stages = c.StagesOf(p.Segments)
		}
		enc, err := parkFeature(*p, stages, cite)
		if err != nil {
			return nil, fmt.Errorf("encode zone %s: %w", p.ID, err)
		}
		parks = append(parks, item{id: p.ID, encoded: enc, geometry: p.Geometry, bound: p.Geometry.Bound(),
			segments: p.Segments, stages: stages, county: p.CountyCode, status: p.Status})
	}
	for _, p := range d.Projects {
		enc, err := projectFeature(p, cite)
		if err != nil {
			return nil, fmt.Errorf("encode project %s: %w", p.ID, err)
		}
		it := item{id: p.ID, encoded: enc, segments: p.Segments, county: p.CountyCode}
		if p.Location != nil {
			it.geometry, it.bound = *p.Location, p.Location.Bound()
		}
		projects = append(projects, it)
	}
	for _, c := range d.Counties {
		enc, err := countyFeature(c, cite)
		if err != nil {
			return nil, fmt.Errorf("encode county %s: %w", c.Code, err)
		}
		counties = append(counties, item{id: c.Code, encoded: enc, geometry: c.Geometry, bound: c.Geometry.Bound(), county: c.Code})
	}
	s.collections[geo.CollectionParks] = newCollection(parks)
	s.collections[geo.CollectionProjects] = newCollection(projects)
	s.collections[geo.CollectionCounties] = newCollection(counties)
	return s, nil
}

func newCollection(items []item) *collection {
	slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.id, b.id) })
	c := &collection{items: items, byID: make(map[string]int, len(items))}
	for i, it := range items {
		c.byID[it.id] = i
		if it.geometry != nil {
			c.index.Insert(it.bound.Min, it.bound.Max, i)
		}
	}
	return c
}

func (s *Store) collection(id string) (*collection, error) {
	c, ok := s.collections[id]
	if !ok {
		return nil, geo.Errorf(geo.ENotFound, "no collection %q", id)
	}
	return c, nil
}

// Features returns one page of a collection, ordered by id.
func (s *Store) Features(ctx context.Context, collectionID string, q geo.FeatureQuery) (geo.FeaturePage, error) {
	c, err := s.collection(collectionID)
	if err != nil {
		return geo.FeaturePage{}, err
	}
	var candidates []int
	if q.BBox != nil {
		c.index.Search(q.BBox.Min, q.BBox.Max, func(_, _ [2]float64, i int) bool {
			candidates = append(candidates, i)
			return true
		})
		slices.Sort(candidates)
	} else {
		candidates = make([]int, len(c.items))
		for i := range candidates {
			candidates[i] = i
		}
	}
	page := geo.FeaturePage{Features: []json.RawMessage{}}
	for _, i := range candidates {
		it := &c.items[i]
		if !matches(it, q) || q.BBox != nil && !geo.Intersects(it.geometry, *q.BBox) {
			continue
		}
		if page.Matched >= q.Offset && len(page.Features) < q.Limit {
			page.Features = append(page.Features, it.encoded)
		}
		page.Matched++
	}
	return page, nil
}

func matches(it *item, q geo.FeatureQuery) bool {
	if len(q.Segments) > 0 && !overlaps(it.segments, q.Segments) {
		return false
	}
	if len(q.Stages) > 0 && !overlaps(it.stages, q.Stages) {
		return false
	}
	if q.County != "" && it.county != q.County {
		return false
	}
	if q.Status != "" && it.status != q.Status {
		return false
	}
	return true
}

func overlaps(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// Feature returns one encoded feature by id.
func (s *Store) Feature(ctx context.Context, collectionID, id string) (json.RawMessage, error) {
	c, err := s.collection(collectionID)
	if err != nil {
		return nil, err
	}
	i, ok := c.byID[id]
	if !ok {
		return nil, geo.Errorf(geo.ENotFound, "no feature %q in collection %q", id, collectionID)
	}
	return c.items[i].encoded, nil
}

// Extent returns the bounds of a collection's geometries.
func (s *Store) Extent(ctx context.Context, collectionID string) (orb.Bound, bool, error) {
	c, err := s.collection(collectionID)
	if err != nil {
		return orb.Bound{}, false, err
	}
	var b orb.Bound
	ok := false
	for _, it := range c.items {
		switch {
		case it.geometry == nil:
		case !ok:
			b, ok = it.bound, true
		default:
			b = b.Union(it.bound)
		}
	}
	return b, ok, nil
}

// Chains returns every chain.
func (s *Store) Chains(ctx context.Context) ([]geo.Chain, error) { return s.data.Chains, nil }

// Parks returns every zone, ordered by id.
func (s *Store) Parks(ctx context.Context) ([]geo.Park, error) { return s.data.Parks, nil }

// Projects returns every project, ordered by id.
func (s *Store) Projects(ctx context.Context) ([]geo.Project, error) { return s.data.Projects, nil }

// Sources returns every source, ordered by id.
func (s *Store) Sources(ctx context.Context) ([]geo.Source, error) { return s.data.Sources, nil }

// Ping always succeeds: memory does not go away.
func (s *Store) Ping(ctx context.Context) error { return nil }

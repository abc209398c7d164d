package geo

import (
	"context"
	"encoding/json"

	"github.com/paulmach/orb"
)

// The feature collections every store serves.
const (
	CollectionParks    = "parks"
	CollectionProjects = "projects"
	CollectionCounties = "counties"
)

// Collections lists the collection ids in the order they are presented.
var Collections = []string{CollectionParks, CollectionProjects, CollectionCounties}

// FeatureQuery selects features of one collection. Property filters that do
// not apply to a collection are rejected by the API before a store sees them.
type FeatureQuery struct {
	BBox     *orb.Bound // nil: the whole collection
	Limit    int        // > 0
	Offset   int        // >= 0
	Segments []string   // parks hosting any of these
	Stages   []string   // parks hosting a segment of any of these stages
	County   string     // county code
	Status   Status
}

// FeaturePage is one page of a collection, each feature an encoded RFC 7946
// GeoJSON Feature, ordered by id.
type FeaturePage struct {
	Features []json.RawMessage
	Matched  int // features matching the query, all pages together
}

// Store is where parkmap's data lives. Both stores (data/memory and
// data/postgis) pass the same contract suite in data/storetest, so that the
// API serves the same bytes from either. Errors are *Error: ENotFound for an
// unknown id, EUnavailable when the backing database cannot be reached.
type Store interface {
	// Features returns one page of a collection as encoded GeoJSON features,
	// so that a store can encode where it is cheapest (PostGIS in SQL, the
	// embedded store once at load). Called by the OGC items handler.
	Features(ctx context.Context, collection string, q FeatureQuery) (FeaturePage, error)
	// Feature returns one encoded feature by id.
	Feature(ctx context.Context, collection, id string) (json.RawMessage, error)

	// Extent returns the bounds of a collection's geometries; ok is false
	// when the collection has none. Called for the collection metadata.
	Extent(ctx context.Context, collection string) (b orb.Bound, ok bool, err error)

	// Chains returns every chain with its stages, segments and flows.
	Chains(ctx context.Context) ([]Chain, error)
	// Parks returns every zone with its geometry, ordered by id. Called by
	// the domain endpoints (chain, coverage, siting). The slices returned
	// by these methods are shared: callers must not modify them.
	Parks(ctx context.Context) ([]Park, error)
	// Projects returns every project, ordered by id.
	Projects(ctx context.Context) ([]Project, error)
	// Sources returns every cited source, ordered by id.
	Sources(ctx context.Context) ([]Source, error)

	// Locate returns the county and zone containing p and the n zones
	// nearest to it, nearest first, ties by id. Called by /api/locate and
	// the siting panel.
	Locate(ctx context.Context, p orb.Point, n int) (Location, error)

	// Ping reports whether the store can serve reads now; /readyz calls it.
	Ping(ctx context.Context) error
}

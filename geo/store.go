package geo

import (
	"context"
	"encoding/json"
	"time"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo/cql2"
)

// FeatureQuery selects and shapes one page of a collection's features.
// The API checks every name in it against the collection's definition
// before a store sees it.
type FeatureQuery struct {
	// BBox is nil for the whole collection. A box whose Min[0] is greater
	// than its Max[0] crosses the antimeridian. Features without a
	// geometry match any box, as OGC API - Features requires.
	BBox   *orb.Bound
	Limit  int // > 0
	Offset int // >= 0
	// Where holds conditions that must all be met.
	Where []Condition
	// Filter is a CQL2 filter, checked against the collection's
	// queryables; nil for none.
	Filter cql2.Expr
	// Datetime keeps the features whose temporal property lies in the
	// interval; nil, or a collection without one, keeps every feature.
	Datetime *Interval
	// SortBy orders the page; the id breaks ties and orders the rest.
	SortBy []SortKey
	// Properties keeps only these properties, in the definition's order;
	// nil keeps all of them.
	Properties   []string
	SkipGeometry bool
	// CRS is the CRS the geometries are written in; nil is CRS84. BBox
	// stays in CRS84 whatever the client's bbox-crs.
	CRS *CRS
	// After starts the page after this position (keyset paging, with
	// Offset 0); nil starts at Offset. Only for a KeysetPageable order.
	After *Keyset
	// Bulk marks a page of a read that walks every match, page after page
	// (an export): the store need not count the matches (Matched and
	// Estimated may be left zero), and keeps the page in no cache meant
	// for pages asked for again. Its pages still say their Last.
	Bulk bool
}

// Condition holds when a property equals any of the values or, for a list
// property, holds any of them. Values are strings, float64s or bools, as
// the property's type.
type Condition struct {
	Property string
	AnyOf    []any
}

// SortKey orders by one property, nulls last.
type SortKey struct {
	Property   string
	Descending bool
}

// Interval is a closed interval of time; a nil end is open.
type Interval struct {
	Start, End *time.Time
}

// Contains reports whether t lies in the interval.
func (iv Interval) Contains(t time.Time) bool {
	return (iv.Start == nil || !t.Before(*iv.Start)) && (iv.End == nil || !t.After(*iv.End))
}

// Shaped reports whether the query leaves out properties or geometry, or
// asks for another CRS, so that a store cannot serve its features as
// encoded once.
func (q FeatureQuery) Shaped() bool {
	return q.Properties != nil || q.SkipGeometry || !q.CRS.IsCRS84()
}

// FeaturePage is one page of a collection, each feature an encoded RFC 7946
// GeoJSON Feature, ordered as asked (by id by default).
type FeaturePage struct {
	Features []json.RawMessage
	Matched  int // features matching the query, all pages together
	// Estimated is true when Matched is the planner's estimate rather
	// than a count: counting past a store's threshold costs more than the
	// page itself.
	Estimated bool
	// Last is the position of the page's last feature, for the next page's
	// After; nil when the page is empty or its order is not
	// KeysetPageable.
	Last *Keyset
}

// FeatureReader reads the features of the collections a store holds. Both
// stores (data/memory and data/postgis) pass the same contract suite in
// data/storetest, so that the API serves the same features from either.
// Errors are *Error: ENotFound for an unknown collection or id,
// EUnavailable when the backing database cannot be reached.
type FeatureReader interface {
	// Features returns one page of a collection as encoded GeoJSON features,
	// so that a store can encode where it is cheapest (PostGIS in SQL, the
	// embedded store once at load). Called by the OGC items handler.
	Features(ctx context.Context, c *Collection, q FeatureQuery) (FeaturePage, error)
	// Feature returns one encoded feature by id, its geometry in crs (nil
	// is CRS84), transformed where the store keeps it, as Features does.
	Feature(ctx context.Context, c *Collection, id string, crs *CRS) (json.RawMessage, error)
	// Extent returns the bounds of a collection's geometries; ok is false
	// when the collection has none. Called for the collection metadata.
	Extent(ctx context.Context, c *Collection) (b orb.Bound, ok bool, err error)
	// Ping reports whether the store can serve reads now; /readyz calls it.
	Ping(ctx context.Context) error
}

// DomainReader reads the domain: chains, zones, projects, sources. The
// slices returned are shared: callers must not modify them.
type DomainReader interface {
	// Chains returns every chain with its stages, segments and flows.
	Chains(ctx context.Context) ([]Chain, error)
	// Parks returns every zone with its geometry, ordered by id. Called by
	// the domain endpoints (chain, coverage, siting).
	Parks(ctx context.Context) ([]Park, error)
	// Projects returns every project, ordered by id.
	Projects(ctx context.Context) ([]Project, error)
	// Sources returns every cited source, ordered by id.
	Sources(ctx context.Context) ([]Source, error)
	// City returns what the dataset says of its city (city.json), or nil
	// when it says nothing. Called by the landing page, the OpenAPI
	// document, /api/city (the map's title and credits) and /api/chain
	// (the default chain).
	City(ctx context.Context) (*City, error)
	// Domain returns the valid values of a domain, in order: the chains'
	// segments or stages, the counties' codes. Called to check filters and
	// for the queryables' enums.
	Domain(ctx context.Context, d Domain) ([]string, error)
	// Locate returns the county and zone containing p and the n zones
	// nearest to it, nearest first, ties by id. Called by /api/locate and
	// the siting panel.
	Locate(ctx context.Context, p orb.Point, n int) (Location, error)
}

// SitingReader serves the domain endpoints from what a store computes when
// its data is written rather than on every read.
type SitingReader interface {
	// ZoneIndex returns the chains and zones indexed (NewZoneIndex) as the
	// store's data stands. Called by /api/chain, /api/coverage and
	// /api/siting, which read it rather than every zone.
	ZoneIndex(ctx context.Context) (*ZoneIndex, error)
	// AvailableParcels returns the parcels with status available and an
	// area of at least minAreaHa in the zones named, ordered by id; the
	// finder of RankParcels, called for a few zones at a time.
	AvailableParcels(ctx context.Context, zones []string, minAreaHa float64) ([]Parcel, error)
	// ParcelAreas returns each zone's largest available parcel, kept up
	// to date as parcels are written; RankParcels reads it.
	ParcelAreas(ctx context.Context) (*ParcelAreas, error)
}

// Store is what both of parkmap's stores offer: features and the domain.
type Store interface {
	FeatureReader
	DomainReader
	SitingReader
}

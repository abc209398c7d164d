package postgis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

// Siting's statements.
const (
	// qZonesVersion is bumped by every statement that writes a zone, its
	// segments or a chain (migration 0007's triggers).
	qZonesVersion = `SELECT version FROM data_versions WHERE name = 'zones'`

	// qParcelsVersion is bumped by every statement that writes a parcel.
	qParcelsVersion = `SELECT version FROM data_versions WHERE name = 'parcels'`

	// qLargestParcels finds each zone's largest available parcel with one
	// backward step on parcels_available_idx per zone.
	qLargestParcels = `
SELECT p.id, m.area_ha
FROM parks p
CROSS JOIN LATERAL (
	SELECT x.area_ha FROM parcels x
	WHERE x.status = 'available' AND x.park = p.id
	ORDER BY x.area_ha DESC LIMIT 1
) m`

	// qAvailableParcels: $1 zone ids, $2 least area in ha; on the partial
	// index parcels_available_idx (park, area_ha).
	qAvailableParcels = `
SELECT id, park, land_use, area_ha, geometry_accuracy, citations, ST_AsEWKB(ST_Multi(geom))
FROM parcels
WHERE status = 'available' AND park = ANY ($1::text[]) AND area_ha >= $2
ORDER BY id`
)

// zoneCache is the geo.ZoneIndex built from the version of the zones it
// holds. A request that finds the version moved starts a build, or waits
// for the one under way: the build is not the request's, so a request that
// gives up does not abandon it for the next to start again. A build reads
// the nearest hosts the writers keep (zonelinks.go), and searches again
// only around the zones changed since they were kept (a write from outside
// parkmap, or a database migrated since parkmap's last write).
type zoneCache struct {
	mu       sync.Mutex
	version  int64
	index    *geo.ZoneIndex
	building *zoneBuild // nil when none is under way
	// searched counts the builds that searched the nearest hosts
	// themselves, for the tests.
	searched int
}

type zoneBuild struct {
	done     chan struct{}
	version  int64
	index    *geo.ZoneIndex
	searched bool
	err      error
}

// ZoneIndex returns the chains and zones indexed as the database holds them
// now: one read of a counter when nothing changed since the last build;
// otherwise chains, zones and the links kept are read in one snapshot and
// indexed again.
func (s *Store) ZoneIndex(ctx context.Context) (*geo.ZoneIndex, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, qZonesVersion).Scan(&v); err != nil {
		return nil, wrap("zone index", err)
	}
	for {
		s.zones.mu.Lock()
		if s.zones.index != nil && s.zones.version >= v {
			index := s.zones.index
			s.zones.mu.Unlock()
			return index, nil
		}
		b := s.zones.building
		if b == nil {
			b = &zoneBuild{done: make(chan struct{})}
			s.zones.building = b
			go s.buildZoneIndex(context.WithoutCancel(ctx), b)
		}
		s.zones.mu.Unlock()
		select {
		case <-b.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if b.err != nil {
			return nil, b.err
		}
		if b.version >= v {
			return b.index, nil
		}
		// The build under way had begun before the write this request saw.
	}
}

// buildZoneIndex reads chains and zones in one snapshot, indexes them and
// keeps the index unless a newer one is kept already.
func (s *Store) buildZoneIndex(ctx context.Context, b *zoneBuild) {
	b.version, b.index, b.searched, b.err = s.readZoneIndex(ctx)
	s.zones.mu.Lock()
	if b.err == nil && (s.zones.index == nil || b.version > s.zones.version) {
		s.zones.version, s.zones.index = b.version, b.index
	}
	if b.searched {
		s.zones.searched++
	}
	s.zones.building = nil
	s.zones.mu.Unlock()
	close(b.done)
}

// readZoneIndex reads the zones' version, the chains, the zones and the
// kept links in one snapshot (on a replica as on the primary: the writer
// wrote the links in the transaction that wrote the zones), and indexes
// them. When the links kept are not those of the zones (a write from
// outside parkmap since its last), it brings them up to date around the
// zones whose digest changed, as a writer would, without writing them:
// searched says it had to search some nearest hosts.
func (s *Store) readZoneIndex(ctx context.Context) (int64, *geo.ZoneIndex, bool, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return 0, nil, false, wrap("zone index", err)
	}
	defer tx.Rollback()
	var kept, v int64
	if err := tx.QueryRowContext(ctx, qZoneLinksVersions).Scan(&kept, &v); err != nil {
		return 0, nil, false, wrap("zone index", err)
	}
	chains, err := readChains(ctx, tx)
	if err != nil {
		return 0, nil, false, err
	}
	parks, err := readParks(ctx, tx)
	if err != nil {
		return 0, nil, false, err
	}
	var (
		links    []geo.ZoneLink
		searched bool
	)
	if kept == v {
		links, err = readZoneLinks(ctx, tx)
	} else {
		var u zoneLinksUpdate
		u, err = updatedZoneLinks(ctx, tx, chains, parks)
		links, searched = u.links, len(u.changed) > 0
	}
	if err != nil {
		return 0, nil, false, err
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, false, wrap("zone index", err)
	}
	index, err := geo.NewZoneIndexFromLinks(ctx, chains, parks, links)
	var bad *geo.Error
	if err == nil || !errors.As(err, &bad) || bad.Code != geo.EInternal {
		return v, index, searched, err
	}
	s.logger.Warn("postgis: the zone links kept are not the zones'; searching", "error", err)
	index, err = geo.NewZoneIndex(ctx, chains, parks)
	return v, index, true, err
}

// areaCache is the largest available parcel of each zone as of a version
// of the parcels.
type areaCache struct {
	mu      sync.Mutex
	version int64
	areas   *geo.ParcelAreas
}

// ParcelAreas returns each zone's largest available parcel: one read of a
// counter when no parcel was written since the last time, else one index
// step per zone.
func (s *Store) ParcelAreas(ctx context.Context) (*geo.ParcelAreas, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, qParcelsVersion).Scan(&v); err != nil {
		return nil, wrap("parcel areas", err)
	}
	s.areas.mu.Lock()
	defer s.areas.mu.Unlock()
	if s.areas.areas != nil && s.areas.version == v {
		return s.areas.areas, nil
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, wrap("parcel areas", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, qParcelsVersion).Scan(&v); err != nil {
		return nil, wrap("parcel areas", err)
	}
	rows, err := tx.QueryContext(ctx, qLargestParcels)
	if err != nil {
		return nil, wrap("parcel areas", err)
	}
	defer rows.Close()
	largest := map[string]float64{}
	for rows.Next() {
		var id string
		var a float64
		if err := rows.Scan(&id, &a); err != nil {
			return nil, wrap("parcel areas", err)
		}
		largest[id] = a
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("parcel areas", err)
	}
	s.areas.version, s.areas.areas = v, geo.NewParcelAreas(largest)
	return s.areas.areas, nil
}

// AvailableParcels returns the available parcels of at least minAreaHa in
// the zones, ordered by id, in one query on the partial index.
func (s *Store) AvailableParcels(ctx context.Context, zones []string, minAreaHa float64) ([]geo.Parcel, error) {
	rows, err := s.db.QueryContext(ctx, qAvailableParcels, pq.StringArray(zones), minAreaHa)
	if err != nil {
		return nil, wrap("available parcels", err)
	}
	defer rows.Close()
	out := []geo.Parcel{}
	for rows.Next() {
		var (
			p        geo.Parcel
			accuracy string
			ewkb     []byte
		)
		if err := rows.Scan(&p.ID, &p.Park, &p.LandUse, &p.AreaHa, &accuracy, (*pq.StringArray)(&p.Sources), &ewkb); err != nil {
			return nil, wrap("available parcels", err)
		}
		p.Status, p.Accuracy, p.Sources = geo.ParcelAvailable, geo.Accuracy(accuracy), nonNil(p.Sources)
		mp, err := decodeMultiPolygon(ewkb)
		if err != nil || len(mp) != 1 {
			return nil, fmt.Errorf("postgis: parcel %s: not one polygon: %v", p.ID, err)
		}
		p.Geometry = mp[0]
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("available parcels", err)
	}
	return out, nil
}

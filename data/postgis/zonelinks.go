package postgis

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

// The zone links' statements (migration 0011).
const (
	// qZoneLinksVersions: the version of the zones the kept links were
	// computed from, and the zones' version.
	qZoneLinksVersions = `SELECT l.version, z.version FROM data_versions l, data_versions z
WHERE l.name = 'zone_links' AND z.name = 'zones'`

	// qZoneLinksLock queues writers that bring the links up to date.
	qZoneLinksLock = `SELECT version FROM data_versions WHERE name = 'zone_links' FOR UPDATE`

	qZoneLinks = `SELECT chain, segment, zones, hosts, distances_m FROM zone_links`

	// qZoneLinksDelete: $1 chain, $2 segment.
	qZoneLinksDelete = `DELETE FROM zone_links WHERE chain = $1 AND segment = $2`

	// qZoneLinksPut: $1 chain, $2 segment, $3 zones, $4 hosts, $5
	// distances.
	qZoneLinksPut = `INSERT INTO zone_links (chain, segment, zones, hosts, distances_m)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (chain, segment) DO UPDATE SET zones = excluded.zones, hosts = excluded.hosts,
	distances_m = excluded.distances_m`

	qZoneLinksKept = `UPDATE data_versions SET version = $1 WHERE name = 'zone_links'`

	qZoneDigests = `SELECT zone, digest FROM zone_link_digests`

	// qZoneDigestsDelete: $1 zones.
	qZoneDigestsDelete = `DELETE FROM zone_link_digests WHERE zone = ANY ($1::text[])`

	// qZoneDigestsPut: $1 zones, $2 digests.
	qZoneDigestsPut = `INSERT INTO zone_link_digests (zone, digest)
SELECT * FROM unnest($1::text[], $2::bytea[])
ON CONFLICT (zone) DO UPDATE SET digest = excluded.digest`
)

// refreshZoneLinks brings the kept zone links up to date in a write's
// transaction, just before it commits, when they are not those of the
// zones as the transaction leaves them: it finds the zones changed since
// they were computed (their digest differs from the one kept), searches
// again only the links those can alter (geo.UpdateZoneLinks: all of them
// after a seed, a few after an import of a zone), and writes the links
// and digests that changed. Every write path of the built-in tables calls
// it, as it calls refreshExtents: seed, import, gen. It builds no index:
// the writer is seldom a server (`parkmap import`), and a server builds
// its own from the links in a fraction of the search.
func refreshZoneLinks(ctx context.Context, tx *sql.Tx) error {
	var kept, zones int64
	if err := tx.QueryRowContext(ctx, qZoneLinksVersions).Scan(&kept, &zones); err != nil {
		return wrap("zone links", err)
	}
	if kept == zones {
		return nil
	}
	// Another writer may be bringing them up to date: take its result.
	if _, err := tx.ExecContext(ctx, qZoneLinksLock); err != nil {
		return wrap("zone links", err)
	}
	if err := tx.QueryRowContext(ctx, qZoneLinksVersions).Scan(&kept, &zones); err != nil {
		return wrap("zone links", err)
	}
	if kept == zones {
		return nil
	}
	chains, err := readChains(ctx, tx)
	if err != nil {
		return err
	}
	parks, err := readParks(ctx, tx)
	if err != nil {
		return err
	}
	u, err := updatedZoneLinks(ctx, tx, chains, parks)
	if err != nil {
		return err
	}
	if err := writeZoneLinks(ctx, tx, u.old, u.links); err != nil {
		return err
	}
	changed, digests := u.changed, u.digests
	var put struct {
		zones   pq.StringArray
		digests pq.ByteaArray
	}
	var gone pq.StringArray
	for id := range changed {
		if d, ok := digests[id]; ok {
			put.zones, put.digests = append(put.zones, id), append(put.digests, d)
		} else {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		if _, err := tx.ExecContext(ctx, qZoneDigestsDelete, gone); err != nil {
			return wrap("zone links", err)
		}
	}
	if len(put.zones) > 0 {
		if _, err := tx.ExecContext(ctx, qZoneDigestsPut, put.zones, put.digests); err != nil {
			return wrap("zone links", err)
		}
	}
	if _, err := tx.ExecContext(ctx, qZoneLinksKept, zones); err != nil {
		return wrap("zone links", err)
	}
	return nil
}

// zoneLinksUpdate is the zone links of the zones a transaction reads,
// from those kept: the links kept (old), the zones' digests now, the zones
// whose digest is not the one kept (changed), and the links brought up to
// date around those (links).
type zoneLinksUpdate struct {
	old, links []geo.ZoneLink
	digests    map[string][]byte
	changed    map[string]bool
}

// updatedZoneLinks brings the kept zone links up to date with chains and
// parks, as tx reads them, searching again only around the zones changed
// since the links were computed (all of them when none were). A writer
// writes the result; a reader (on a replica too) indexes it.
func updatedZoneLinks(ctx context.Context, tx *sql.Tx, chains []geo.Chain, parks []geo.Park) (zoneLinksUpdate, error) {
	u := zoneLinksUpdate{digests: make(map[string][]byte, len(parks))}
	for _, p := range parks {
		var chain *geo.Chain
		for i := range chains {
			if chains[i].Slug == p.Chain {
				chain = &chains[i]
			}
		}
		u.digests[p.ID] = geo.LinkDigest(chain, p)
	}
	var err error
	if u.changed, err = changedZones(ctx, tx, u.digests); err != nil {
		return u, err
	}
	if u.old, err = readZoneLinks(ctx, tx); err != nil {
		return u, err
	}
	u.links, err = geo.UpdateZoneLinks(ctx, chains, parks, u.old, u.changed)
	return u, err
}

// refreshZoneLinks brings the zone links up to date in a transaction of
// their own.
func (s *Store) refreshZoneLinks(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap("zone links", err)
	}
	defer tx.Rollback()
	if err := refreshZoneLinks(ctx, tx); err != nil {
		return err
	}
	return wrap("zone links", tx.Commit())
}

// changedZones returns the zones whose digest is not the one kept: added,
// removed or changed since the links were computed.
func changedZones(ctx context.Context, tx *sql.Tx, digests map[string][]byte) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, qZoneDigests)
	if err != nil {
		return nil, wrap("zone links", err)
	}
	defer rows.Close()
	changed := map[string]bool{}
	seen := make(map[string]bool, len(digests))
	for rows.Next() {
		var (
			id string
			d  []byte
		)
		if err := rows.Scan(&id, &d); err != nil {
			return nil, wrap("zone links", err)
		}
		seen[id] = true
		if now, ok := digests[id]; !ok || !bytes.Equal(now, d) {
			changed[id] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("zone links", err)
	}
	for id := range digests {
		if !seen[id] {
			changed[id] = true
		}
	}
	return changed, nil
}

// linkRow is the links of a chain and a segment, a row of zone_links.
type linkRow struct {
	zones, hosts pq.StringArray
	distances    pq.Float64Array
}

type linkKey struct{ chain, segment string }

func (a *linkRow) equal(b *linkRow) bool {
	return slices.Equal(a.zones, b.zones) && slices.Equal(a.hosts, b.hosts) && slices.Equal(a.distances, b.distances)
}

// linkRows groups links by chain and segment; a chain's segment's links
// come together, as readZoneLinks and geo give them.
func linkRows(links []geo.ZoneLink) map[linkKey]*linkRow {
	rows := map[linkKey]*linkRow{}
	var r *linkRow
	for i, l := range links {
		if i == 0 || l.Chain != links[i-1].Chain || l.Segment != links[i-1].Segment {
			k := linkKey{l.Chain, l.Segment}
			if r = rows[k]; r == nil {
				r = &linkRow{}
				rows[k] = r
			}
		}
		r.zones, r.hosts, r.distances = append(r.zones, l.Zone), append(r.hosts, l.Host), append(r.distances, l.DistanceM)
	}
	return rows
}

// readZoneLinks reads every kept link.
func readZoneLinks(ctx context.Context, db querier) ([]geo.ZoneLink, error) {
	rows, err := db.QueryContext(ctx, qZoneLinks)
	if err != nil {
		return nil, wrap("zone links", err)
	}
	defer rows.Close()
	var out []geo.ZoneLink
	for rows.Next() {
		var (
			k linkKey
			r linkRow
		)
		if err := rows.Scan(&k.chain, &k.segment, &r.zones, &r.hosts, &r.distances); err != nil {
			return nil, wrap("zone links", err)
		}
		if len(r.hosts) != len(r.zones) || len(r.distances) != len(r.zones) {
			return nil, fmt.Errorf("postgis: zone links of %s in %s: %d zones, %d hosts, %d distances",
				k.segment, k.chain, len(r.zones), len(r.hosts), len(r.distances))
		}
		for i, z := range r.zones {
			out = append(out, geo.ZoneLink{Chain: k.chain, Segment: k.segment, Zone: z, Host: r.hosts[i], DistanceM: r.distances[i]})
		}
	}
	return out, wrap("zone links", rows.Err())
}

// writeZoneLinks makes the kept links, old, into links: it writes only the
// rows (a chain's segment) that changed, so that a write moving a zone
// rewrites the rows of the few segments it hosts or is near a host of.
func writeZoneLinks(ctx context.Context, tx *sql.Tx, old, links []geo.ZoneLink) error {
	was := linkRows(old)
	for k, r := range linkRows(links) {
		w, ok := was[k]
		delete(was, k)
		if ok && w.equal(r) {
			continue
		}
		if _, err := tx.ExecContext(ctx, qZoneLinksPut, k.chain, k.segment, r.zones, r.hosts, r.distances); err != nil {
			return wrap("zone links", err)
		}
	}
	for k := range was {
		if _, err := tx.ExecContext(ctx, qZoneLinksDelete, k.chain, k.segment); err != nil {
			return wrap("zone links", err)
		}
	}
	return nil
}

package postgis

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lib/pq"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// Parcels are written in bulk: COPY into a temporary table, then one
// statement that inserts or brings up to date, so that a million parcels
// load in one transaction at COPY's pace rather than a round trip each.
const (
	qParcelsStage = `CREATE TEMP TABLE parcels_in (
	id text, park text, land_use text, status text, segment text, enterprise text,
	geom text, geometry_accuracy text, sources text[], citations text[]
) ON COMMIT DROP`

	qParcelsCopy = `COPY parcels_in (id, park, land_use, status, segment, enterprise, geom,
	geometry_accuracy, sources, citations) FROM STDIN`

	qParcelsMerge = `
INSERT INTO parcels AS t (id, park, land_use, status, segment, enterprise, geom,
	geometry_accuracy, sources, citations)
SELECT id, park, land_use, status, segment, enterprise, ST_ForcePolygonCCW(ST_GeomFromEWKB(decode(geom, 'hex'))),
	geometry_accuracy, sources, citations
FROM parcels_in
ON CONFLICT (id) DO UPDATE SET
	park = EXCLUDED.park, land_use = EXCLUDED.land_use, status = EXCLUDED.status,
	segment = EXCLUDED.segment, enterprise = EXCLUDED.enterprise, geom = EXCLUDED.geom,
	geometry_accuracy = EXCLUDED.geometry_accuracy, sources = EXCLUDED.sources,
	citations = EXCLUDED.citations, updated_at = now()
WHERE (t.park, t.land_use, t.status, t.segment, t.enterprise, ST_AsEWKB(t.geom),
		t.geometry_accuracy, t.sources, t.citations)
	IS DISTINCT FROM (EXCLUDED.park, EXCLUDED.land_use, EXCLUDED.status, EXCLUDED.segment,
		EXCLUDED.enterprise, ST_AsEWKB(EXCLUDED.geom), EXCLUDED.geometry_accuracy,
		EXCLUDED.sources, EXCLUDED.citations)`

	qDeleteSyntheticParcels = `DELETE FROM parcels WHERE geometry_accuracy = 'synthetic'`
)

// copyParcels writes parcels (records of geo.Parcels, sourceIDs(i) the ids
// the i-th cites) in the transaction, inserting new ones and updating the
// others; it returns the rows written.
func copyParcels(ctx context.Context, tx *sql.Tx, parcels []geo.Record, sourceIDs func(i int) []string) (int64, error) {
	if len(parcels) == 0 {
		return 0, nil
	}
	if _, err := tx.ExecContext(ctx, qParcelsStage); err != nil {
		return 0, wrap("parcels: stage", err)
	}
	stmt, err := tx.PrepareContext(ctx, qParcelsCopy)
	if err != nil {
		return 0, wrap("parcels: copy", err)
	}
	value := func(r geo.Record, name string) any {
		return geo.Parcels.Value(r, name)
	}
	for i, r := range parcels {
		poly, ok := r.Geometry.(orb.Polygon)
		if !ok {
			stmt.Close()
			return 0, geo.Errorf(geo.EInvalid, "parcel %s: geometry is not a Polygon", r.ID)
		}
		geom, err := ewkbHex(poly, srid)
		if err != nil {
			stmt.Close()
			return 0, fmt.Errorf("postgis: parcel %s: %w", r.ID, err)
		}
		citations, _ := value(r, "sources").([]string)
		if _, err := stmt.ExecContext(ctx, r.ID, value(r, "park"), value(r, "land_use"), value(r, "status"),
			value(r, "segment"), value(r, "enterprise"), geom, value(r, "geometry_accuracy"),
			pq.StringArray(nonNil(sourceIDs(i))), pq.StringArray(nonNil(citations))); err != nil {
			stmt.Close()
			return 0, wrap("parcels: copy "+r.ID, err)
		}
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		stmt.Close()
		return 0, wrap("parcels: copy", err)
	}
	if err := stmt.Close(); err != nil {
		return 0, wrap("parcels: copy", err)
	}
	res, err := tx.ExecContext(ctx, qParcelsMerge)
	if err != nil {
		return 0, wrap("parcels: merge", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// ReplaceSyntheticParcels swaps the generated parcels for these, in one
// transaction: parcels of any other accuracy (a planner's own) are kept.
// The synthetic source is written too. Called by `parkmap gen`.
func (s *Store) ReplaceSyntheticParcels(ctx context.Context, parcels []geo.Record) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap("gen", err)
	}
	defer tx.Rollback()
	src := geo.SyntheticSource
	for _, q := range []struct {
		query string
		args  []any
	}{
		{qNoStatementTimeout, nil},
		{qSeedSource, []any{src.ID, src.Title, src.Publisher, src.Date, src.URL, src.Note, src.Citation()}},
		{qDeleteSyntheticParcels, nil},
	} {
		if _, err := tx.ExecContext(ctx, q.query, q.args...); err != nil {
			return wrap("gen", err)
		}
	}
	ids := []string{src.ID}
	if _, err := copyParcels(ctx, tx, parcels, func(int) []string { return ids }); err != nil {
		return err
	}
	if err := analyze(ctx, tx, geo.Parcels); err != nil {
		return err
	}
	if err := refreshExtents(ctx, tx); err != nil {
		return err
	}
	if err := refreshZoneLinks(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return wrap("gen: commit", err)
	}
	s.logger.Info("postgis: synthetic parcels written", "parcels", len(parcels))
	return nil
}

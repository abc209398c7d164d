package postgis

import (
	"context"

	"github.com/parkmap/parkmap/geo"
)

const (
	qSourceRecords = `SELECT id, title, publisher, date, url, citation FROM sources ORDER BY id`
	qSetCitation   = `UPDATE sources SET citation = $2 WHERE id = $1 AND citation IS DISTINCT FROM $2`
	// The tables whose rows cite sources, each row's citations written again
	// where they are not its sources' (migration 0013's cited).
	qRecite = `
UPDATE parks SET citations = cited(sources) WHERE citations IS DISTINCT FROM cited(sources);
UPDATE projects SET citations = cited(sources) WHERE citations IS DISTINCT FROM cited(sources);
UPDATE counties SET citations = cited(sources) WHERE citations IS DISTINCT FROM cited(sources);
UPDATE parcels SET citations = cited(sources) WHERE citations IS DISTINCT FROM cited(sources)`
)

// refreshCitations writes each source's citation (geo.Source.Citation)
// where the database's differs: a source written before migration 0013, or
// one edited from outside parkmap. When one changed, the rows citing
// sources are cited again, so that what they serve follows the source.
func (s *Store) refreshCitations(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap("migrate: citations", err)
	}
	defer tx.Rollback()
	type record struct {
		src      geo.Source
		citation *string
	}
	var records []record
	rows, err := tx.QueryContext(ctx, qSourceRecords)
	if err != nil {
		return wrap("migrate: citations", err)
	}
	for rows.Next() {
		var r record
		if err := rows.Scan(&r.src.ID, &r.src.Title, &r.src.Publisher, &r.src.Date, &r.src.URL, &r.citation); err != nil {
			rows.Close()
			return wrap("migrate: citations", err)
		}
		records = append(records, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap("migrate: citations", err)
	}
	changed := false
	for _, r := range records {
		if c := r.src.Citation(); r.citation == nil || *r.citation != c {
			if _, err := tx.ExecContext(ctx, qSetCitation, r.src.ID, c); err != nil {
				return wrap("migrate: citations", err)
			}
			changed = true
		}
	}
	if !changed {
		return nil
	}
	if _, err := tx.ExecContext(ctx, qNoStatementTimeout); err != nil {
		return wrap("migrate: citations", err)
	}
	if _, err := tx.ExecContext(ctx, qRecite); err != nil {
		return wrap("migrate: citations", err)
	}
	return wrap("migrate: citations", tx.Commit())
}

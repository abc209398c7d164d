package postgis

import (
	"context"

	"github.com/lib/pq"
)

const (
	// $1 source ids, $2 their citations (geo.Source.Citation).
	qSetCitations = `
UPDATE sources s SET citation = u.citation
FROM unnest($1::text[], $2::text[]) AS u(id, citation)
WHERE s.id = u.id AND s.citation IS DISTINCT FROM u.citation`
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
	sources, err := s.Sources(ctx)
	if err != nil {
		return err
	}
	ids := make(pq.StringArray, len(sources))
	citations := make(pq.StringArray, len(sources))
	for i, src := range sources {
		ids[i], citations[i] = src.ID, src.Citation()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap("migrate: citations", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, qSetCitations, ids, citations)
	if err != nil {
		return wrap("migrate: citations", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return wrap("migrate: citations", err)
	}
	for _, q := range []string{qNoStatementTimeout, qRecite} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return wrap("migrate: citations", err)
		}
	}
	return wrap("migrate: citations", tx.Commit())
}

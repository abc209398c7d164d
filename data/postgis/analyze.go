package postgis

import (
	"context"
	"database/sql"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

// analyze refreshes the planner's statistics of the collections' tables
// inside a bulk write's transaction, so they are current when it commits.
// Without it the first minutes after a COPY of 100,000 parcels were
// planned on an empty table's statistics: a 0.1° box holding 28,088
// parcels was estimated at 129, and its page walked the whole box.
func analyze(ctx context.Context, tx *sql.Tx, defs ...*geo.Collection) error {
	for _, c := range defs {
		table := pq.QuoteIdentifier(c.Table.Name)
		if c.Table.Schema != "" {
			table = pq.QuoteIdentifier(c.Table.Schema) + "." + table
		}
		if _, err := tx.ExecContext(ctx, "ANALYZE "+table); err != nil {
			return wrap("analyze "+c.ID, err)
		}
	}
	return nil
}

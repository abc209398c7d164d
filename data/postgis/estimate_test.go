package postgis

import (
	"context"
	"testing"

	"github.com/parkmap/parkmap/geo"
)

// TestStatisticsAfterGen checks that a bulk write leaves the planner
// statistics of what it wrote: right after gen's COPY, a page over a box
// crowded with parcels was planned on an empty table's statistics until
// autovacuum came by, a minute or more later.
func TestStatisticsAfterGen(t *testing.T) {
	s, _ := newSeeded(t)
	ctx := context.Background()
	zones, err := s.Parks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	parcels, err := geo.GenerateParcels(zones, 2000, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceSyntheticParcels(ctx, parcels); err != nil {
		t.Fatal(err)
	}
	var tuples float64
	var geomStats bool
	if err := s.db.QueryRowContext(ctx, `SELECT c.reltuples,
		EXISTS (SELECT 1 FROM pg_statistic s WHERE s.starelid = c.oid
			AND s.staattnum = (SELECT attnum FROM pg_attribute WHERE attrelid = c.oid AND attname = 'geom'))
		FROM pg_class c WHERE c.oid = 'parcels'::regclass`).Scan(&tuples, &geomStats); err != nil {
		t.Fatal(err)
	}
	if int(tuples) != len(parcels) || !geomStats {
		t.Errorf("after gen the planner sees %v parcels (want %d) and geometry statistics %v (want true)", tuples, len(parcels), geomStats)
	}
}

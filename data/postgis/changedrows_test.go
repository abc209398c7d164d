package postgis

import (
	"context"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/data/storetest"
)

// TestStatementsThatChangeNothing: a statement that changes no row
// announces nothing (the page caches keep their pages), moves no data
// version (the siting index is not read again) and leaves the extents
// exact; a statement that changes one row does all three.
func TestStatementsThatChangeNothing(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s, url := seededAt(t, d)
	ctx := context.Background()
	l := pq.NewListener(url, 100*time.Millisecond, time.Second, nil)
	t.Cleanup(func() { l.Close() })
	if err := l.Listen(notifyChannel); err != nil {
		t.Fatal(err)
	}
	// The state the triggers write: every data version, and which extents
	// are stale.
	state := func() string {
		t.Helper()
		var v string
		if err := s.db.QueryRowContext(ctx, `SELECT
			(SELECT string_agg(name || '=' || version, ' ' ORDER BY name) FROM data_versions) || ' stale:' ||
			(SELECT coalesce(string_agg(relation, ' ' ORDER BY relation), '') FROM collection_extent WHERE stale)`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// heard returns the payloads announced up to the marker, which a
	// plain NOTIFY sends after the statement: notifications come in the
	// order their transactions commit.
	heard := func() []string {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, `SELECT pg_notify($1, 'marker')`, notifyChannel); err != nil {
			t.Fatal(err)
		}
		var got []string
		for {
			select {
			case n := <-l.Notify:
				if n == nil {
					continue // the listener reconnected
				}
				if n.Extra == "marker" {
					return got
				}
				got = append(got, n.Extra)
			case <-time.After(10 * time.Second):
				t.Fatal("the marker was not heard in 10 s")
			}
		}
	}
	for _, tt := range []struct {
		name, sql string
		changes   bool
	}{
		{"an update matching nothing", `UPDATE parks SET name_en = 'Nobody' WHERE id = 'no such zone'`, false},
		{"a delete matching nothing", `DELETE FROM parcels WHERE id = 'no such parcel'`, false},
		{"an insert of nothing", `INSERT INTO park_segments SELECT * FROM park_segments WHERE false`, false},
		{"an insert meeting only conflicts", `INSERT INTO park_segments SELECT * FROM park_segments ON CONFLICT DO NOTHING`, false},
		{"a transaction of such statements", `BEGIN; UPDATE chains SET slug = slug WHERE false; DELETE FROM counties WHERE false; COMMIT`, false},
		{"an update of one zone", `UPDATE parks SET note_en = 'changed' WHERE id = 'alpha'`, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := state()
			if _, err := s.db.ExecContext(ctx, tt.sql); err != nil {
				t.Fatal(err)
			}
			got, after := heard(), state()
			if !tt.changes {
				if len(got) > 0 {
					t.Errorf("announced %q", got)
				}
				if after != before {
					t.Errorf("the triggers wrote: %s, was %s", after, before)
				}
				return
			}
			if len(got) != 1 || got[0] != "parks" {
				t.Errorf("announced %q, want [parks]", got)
			}
			if after == before {
				t.Errorf("no version moved and no extent is stale: %s", after)
			}
		})
	}
}

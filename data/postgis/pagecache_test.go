package postgis

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// cachedStore is a store on a fresh database seeded with d, its page cache
// on and listening; db is another client of the same database.
func cachedStore(t *testing.T, d *seed.Dataset) (s *Store, db *sql.DB) {
	t.Helper()
	url := postgistest.NewDatabase(t)
	s = open(t, url)
	ctx := context.Background()
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := s.EnablePageCache(ctx, url, 1<<20); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the listener", func() bool { return s.pages.listening.Load() })
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return s, db
}

// waitFor polls until ok, failing after 10 s.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
	}
}

// TestContractCached: the contract suite on a store serving pages from its
// cache.
func TestContractCached(t *testing.T) {
	storetest.Run(t, func(t *testing.T, d *seed.Dataset) geo.Store {
		s, _ := cachedStore(t, d)
		return s
	})
}

// TestPageCacheSeesWrites: a page is served from the cache until another
// client writes; once the write's notification is in, the next read has it,
// whatever the table, and COPY, TRUNCATE and a lost listener included.
func TestPageCacheSeesWrites(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s, db := cachedStore(t, d)
	ctx := context.Background()
	q := geo.FeatureQuery{Limit: 10}
	read := func() string {
		t.Helper()
		page, err := s.Features(ctx, geo.Parks, q)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, f := range page.Features {
			b.Write(f)
		}
		return b.String()
	}
	before := read()
	if s.pages.lru.Len() != 1 {
		t.Fatalf("%d pages kept, want 1", s.pages.lru.Len())
	}
	if again := read(); again != before {
		t.Fatal("the cached page differs")
	}

	for _, tt := range []struct {
		name, sql, want string
	}{
		{"update", `UPDATE parks SET name_en = 'Renamed Park' WHERE id = 'alpha'`, "Renamed Park"},
		{"in a transaction", `BEGIN; UPDATE parks SET note_en = 'first'; UPDATE parks SET note_en = 'Noted twice'; COMMIT`, "Noted twice"},
		{"another table's change reaches parks' pages", `UPDATE sources SET title = title`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := s.pages.version.Load()
			if _, err := db.ExecContext(ctx, tt.sql); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the notification", func() bool { return s.pages.version.Load() != v })
			if s.pages.lru.Len() != 0 {
				t.Errorf("%d pages kept after a change", s.pages.lru.Len())
			}
			if got := read(); !strings.Contains(got, tt.want) {
				t.Errorf("the next read lacks %q", tt.want)
			}
		})
	}

	t.Run("lost listener", func(t *testing.T) {
		read()
		v := s.pages.version.Load()
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = current_database() AND query LIKE 'LISTEN%'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("terminating the listener: %d, %v", n, err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE parks SET name_en = 'While deaf' WHERE id = 'alpha'`); err != nil {
			t.Fatal(err)
		}
		// Lost, then back: the cache was emptied and the write is read.
		waitFor(t, "the listener to come back", func() bool { return s.pages.version.Load() > v+1 && s.pages.listening.Load() })
		if got := read(); !strings.Contains(got, "While deaf") {
			t.Error("a write made while the listener was down is not read")
		}
	})

	t.Run("no triggers, no cache", func(t *testing.T) {
		url := postgistest.NewDatabase(t)
		bare := open(t, url)
		if err := bare.EnablePageCache(ctx, url, 1<<20); err != nil {
			t.Fatal(err)
		}
		if bare.pages != nil {
			t.Error("a page cache on a database that announces no changes")
		}
	})

	t.Run("a change during a read is not kept", func(t *testing.T) {
		v, _ := s.pages.start()
		page, err := s.readPage(ctx, geo.Parks, q, mustPageSQL(t, s, q), nil)
		if err != nil {
			t.Fatal(err)
		}
		s.pages.changed() // as if a write committed while the query ran
		s.pages.put("k", v, page)
		if _, ok := s.pages.get("k"); ok {
			t.Error("a page read before a change was kept")
		}
	})
}

func mustPageSQL(t *testing.T, s *Store, q geo.FeatureQuery) pageStatement {
	t.Helper()
	st, err := pageSQL(geo.Parks, q, s.cql, s.countCap)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestTileCacheSeesWrites: an unfiltered tile is kept beside the pages and
// served again from memory until another client writes; a filtered one is
// read each time.
func TestTileCacheSeesWrites(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s, db := cachedStore(t, d)
	ctx := context.Background()
	mem, err := memory.New(d)
	if err != nil {
		t.Fatal(err)
	}
	// A tile with zone alpha in it.
	var at []int
	for _, xyz := range tilesOver(ctx, t, mem, geo.Parks) {
		if b, err := mem.Tile(ctx, geo.Parks, xyz[0], xyz[1], xyz[2], geo.TileFilter{}); err == nil && bytes.Contains(b, []byte("alpha")) {
			at = xyz[:]
			break
		}
	}
	if at == nil {
		t.Fatal("no tile has zone alpha")
	}
	tile := func(f geo.TileFilter) []byte {
		t.Helper()
		b, err := s.Tile(ctx, geo.Parks, at[0], at[1], at[2], f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Fatalf("tile %v is empty", at)
		}
		return b
	}
	first := tile(geo.TileFilter{})
	if s.pages.lru.Len() != 1 {
		t.Fatalf("%d entries kept, want the tile", s.pages.lru.Len())
	}
	if again := tile(geo.TileFilter{}); &again[0] != &first[0] {
		t.Error("the tile was read again, not served from the cache")
	}
	filter := geo.TileFilter{Where: []geo.Condition{{Property: "status", AnyOf: []any{string(geo.StatusOperating)}}}}
	if a, b := tile(filter), tile(filter); &a[0] == &b[0] || s.pages.lru.Len() != 1 {
		t.Errorf("a filtered tile was kept (%d entries)", s.pages.lru.Len())
	}

	v := s.pages.version.Load()
	if _, err := db.ExecContext(ctx, `UPDATE parks SET name_en = 'Renamed in QGIS' WHERE id = 'alpha'`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the notification", func() bool { return s.pages.version.Load() != v })
	if after := tile(geo.TileFilter{}); bytes.Equal(after, first) || !bytes.Contains(after, []byte("Renamed in QGIS")) {
		t.Error("after a write the tile is not read again")
	}
}

package postgis

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one versioned SQL file, NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		prefix, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", base)
		}
		raw, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(base, ".sql"), sql: string(raw)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// Migrate brings the schema up to date: it applies, in version order, each
// embedded migration not yet recorded in schema_migrations, each in its own
// transaction together with its record, so that a failed one leaves nothing
// half done; then it brings the sources' citations (citations.go) and the
// zone links (zonelinks.go) up to date. A session advisory lock makes
// concurrent runs (two replicas starting at once) wait for each other
// instead of racing. Called by
// `parkmap migrate` and by tests; safe to run again.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("postgis: migrate: %w", err)
	}
	// The advisory lock belongs to a session: hold one connection throughout.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return wrap("migrate", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, qLock, lockMigrate); err != nil {
		return wrap("migrate: lock", err)
	}
	defer func() {
		// A fresh context: the lock must go even when ctx is done. Closing
		// the session would release it too.
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), qUnlock, lockMigrate); err != nil {
			s.logger.Warn("postgis: migrate: unlock", "err", err)
		}
	}()
	if _, err := conn.ExecContext(ctx, qCreateMigrations); err != nil {
		return wrap("migrate: schema_migrations", err)
	}
	applied, err := appliedVersions(ctx, conn)
	if err != nil {
		return err
	}
	for _, v := range applied {
		if !slices.ContainsFunc(ms, func(m migration) bool { return m.version == v }) {
			s.logger.Warn("postgis: the database has a migration this binary does not know: is it older than the schema?", "version", v)
		}
	}
	for _, m := range ms {
		if slices.Contains(applied, m.version) {
			continue
		}
		if err := apply(ctx, conn, m); err != nil {
			return err
		}
		s.logger.Info("postgis: applied migration", "version", m.version, "name", m.name)
	}
	// The sources' citations of a database written before migration 0013,
	// or a source edited from outside parkmap, and the rows that cite them.
	if err := s.refreshCitations(ctx); err != nil {
		return err
	}
	// The zone links of a database written before migration 0011, or from
	// outside parkmap since its last write, are computed here rather than
	// by the servers' reads.
	if err := s.refreshZoneLinks(ctx); err != nil {
		return err
	}
	// A migration may have brought what CQL2 filters use (unaccent). Migrate
	// runs before the store serves, so nothing reads s.cql meanwhile.
	if s.cql, err = DetectCQLOptions(ctx, s.db); err != nil {
		return err
	}
	return nil
}

func appliedVersions(ctx context.Context, conn *sql.Conn) ([]int, error) {
	rows, err := conn.QueryContext(ctx, qAppliedMigrations)
	if err != nil {
		return nil, wrap("migrate: read versions", err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, wrap("migrate: read versions", err)
		}
		vs = append(vs, v)
	}
	return vs, wrap("migrate: read versions", rows.Err())
}

func apply(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return wrap("migrate "+m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, qNoStatementTimeout); err != nil {
		return wrap("migrate "+m.name, err)
	}
	// No arguments: lib/pq sends the file as one simple query, which may
	// hold many statements.
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return wrap("migrate "+m.name, err)
	}
	if _, err := tx.ExecContext(ctx, qRecordMigration, m.version, m.name); err != nil {
		return wrap("migrate "+m.name, err)
	}
	return wrap("migrate "+m.name, tx.Commit())
}

package postgis

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// Seed loads a dataset (seed.Bundled, or a data folder read with seed.Load)
// in one transaction: every source, chain, county, zone and project it
// holds is inserted or brought up to date, and a chain's stages, segments
// and flows and a zone's or project's segments are made to match it. Rows
// that already match are not written, so seeding twice changes nothing
// (not even updated_at). Rows the dataset does not name are left alone: they
// may be a planner's own. Concurrent runs queue on an advisory lock. Called
// by `parkmap seed` and by tests, after Migrate.
func (s *Store) Seed(ctx context.Context, d *seed.Dataset) error {
	return s.seed(ctx, d, false)
}

// Replace swaps the database's whole dataset for d in one transaction:
// every zone, project, county, parcel, chain and source, and the city,
// go; d's come in.
// Readers see the old dataset or the new one, never half of each. Called by
// `parkmap seed --replace`.
func (s *Store) Replace(ctx context.Context, d *seed.Dataset) error {
	return s.seed(ctx, d, true)
}

// Empty reports whether the database holds no dataset (no source, chain,
// zone, county or parcel), so that seed can refuse to merge into one.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var empty bool
	if err := s.db.QueryRowContext(ctx, qEmpty).Scan(&empty); err != nil {
		return false, wrap("empty", err)
	}
	return empty, nil
}

func (s *Store) seed(ctx context.Context, d *seed.Dataset, replace bool) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return wrap("seed", err)
	}
	defer tx.Rollback()
	sd := seeder{ctx: ctx, tx: tx}
	if replace {
		sd.exec("lock", qSeedLock, lockSeed)
		sd.exec("replace", qDeleteDataset)
	}
	cite := geo.NewCiter(d.Sources)
	sd.exec("lock", qSeedLock, lockSeed)
	sd.exec("timeout", qNoStatementTimeout)
	for _, src := range d.Sources {
		sd.exec("source "+src.ID, qSeedSource, src.ID, src.Title, src.Publisher, src.Date, src.URL, src.Note, src.Citation())
	}
	for i, c := range d.Chains {
		sd.chain(i, c)
	}
	sd.city(d.City, d.CountyAttribution)
	for _, c := range d.Counties {
		g, err := encodeMultiPolygon(c.Geometry)
		if err != nil {
			return fmt.Errorf("postgis: seed county %s: %w", c.Code, err)
		}
		sd.exec("county "+c.Code, qSeedCounty, c.Code, c.NameZH, c.NameEN, g, pq.StringArray(nonNil(c.Sources)))
		r := geo.CountyRecord(c, cite)
		sd.exec("county "+c.Code+" derived", qSeedCountyDerived, c.Code, derived(geo.Counties, r, "sources"))
	}
	for _, p := range d.Parks {
		g, err := encodeMultiPolygon(p.Geometry)
		if err != nil {
			return fmt.Errorf("postgis: seed zone %s: %w", p.ID, err)
		}
		sd.exec("zone "+p.ID, qSeedPark, p.ID, p.NameZH, p.NameEN, p.CountyCode, string(p.Status), p.Chain, g,
			string(p.Accuracy), p.PlannedAreaKM2, p.NoteZH, p.NoteEN, pq.StringArray(nonNil(p.Sources)))
		// Its stages are the database's to compute (migration 0012).
		r := geo.ParkRecord(p, nil, cite)
		sd.exec("zone "+p.ID+" derived", qSeedParkDerived, p.ID, derived(geo.Parks, r, "segments"),
			derived(geo.Parks, r, "sources"))
	}
	for _, p := range d.Projects {
		g, err := encodePoint(p.Location)
		if err != nil {
			return fmt.Errorf("postgis: seed project %s: %w", p.ID, err)
		}
		sd.exec("project "+p.ID, qSeedProject, p.ID, p.EnterpriseZH, p.EnterpriseEN, p.Chain, p.Park, p.CountyCode,
			p.CapacityZH, p.CapacityEN, p.InvestmentYi, g, string(p.Accuracy), p.NoteZH, p.NoteEN,
			pq.StringArray(nonNil(p.Sources)))
		r := geo.ProjectRecord(p, cite)
		sd.exec("project "+p.ID+" derived", qSeedProjectDerived, p.ID, derived(geo.Projects, r, "segments"),
			derived(geo.Projects, r, "sources"))
	}
	if sd.err == nil {
		n, err := copyParcels(ctx, tx, d.Parcels, d.ParcelSources)
		sd.err, sd.written = err, sd.written+n
	}
	// Segments and stages a chain no longer has go last, once no zone or
	// project of the dataset refers to them.
	for _, c := range d.Chains {
		var segs, stages pq.StringArray
		for _, sg := range c.Segments {
			segs = append(segs, sg.Slug)
		}
		for _, st := range c.Stages {
			stages = append(stages, st.Slug)
		}
		sd.exec("chain "+c.Slug+" segments", qPruneSegments, c.Slug, nonNil(segs))
		sd.exec("chain "+c.Slug+" stages", qPruneStages, c.Slug, nonNil(stages))
	}
	if sd.err != nil {
		return sd.err
	}
	if err := analyze(ctx, tx, geo.Builtin()...); err != nil {
		return err
	}
	if err := refreshExtents(ctx, tx); err != nil {
		return err
	}
	if err := refreshZoneLinks(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return wrap("seed: commit", err)
	}
	s.logger.Info("postgis: seeded", "sources", len(d.Sources), "chains", len(d.Chains),
		"counties", len(d.Counties), "zones", len(d.Parks), "projects", len(d.Projects), "parcels", len(d.Parcels),
		"rows_written", sd.written)
	return nil
}

// seeder runs statements in one transaction until the first error, which it
// keeps, so that Seed reads as the list of what it writes.
type seeder struct {
	ctx     context.Context
	tx      *sql.Tx
	err     error
	written int64
}

func (sd *seeder) exec(what, query string, args ...any) {
	if sd.err != nil {
		return
	}
	res, err := sd.tx.ExecContext(sd.ctx, query, args...)
	if err != nil {
		sd.err = wrap("seed "+what, err)
		return
	}
	if n, err := res.RowsAffected(); err == nil {
		sd.written += n
	}
}

func (sd *seeder) chain(position int, c geo.Chain) {
	sd.exec("chain "+c.Slug, qSeedChain, c.Slug, c.NameZH, c.NameEN, position, pq.StringArray(nonNil(c.Sources)))
	var (
		slugs, zh, en []string
		orders        []int64
	)
	for _, st := range c.Stages {
		slugs, zh, en, orders = append(slugs, st.Slug), append(zh, st.NameZH), append(en, st.NameEN), append(orders, int64(st.Order))
	}
	sd.exec("chain "+c.Slug+" stages", qSeedStages, c.Slug, pq.StringArray(nonNil(slugs)),
		pq.StringArray(nonNil(zh)), pq.StringArray(nonNil(en)), pq.Int64Array(nonNil(orders)))
	var stages []string
	slugs, zh, en = nil, nil, nil
	for _, sg := range c.Segments {
		slugs, stages = append(slugs, sg.Slug), append(stages, sg.Stage)
		zh, en = append(zh, sg.NameZH), append(en, sg.NameEN)
	}
	sd.exec("chain "+c.Slug+" segments", qSeedSegments, c.Slug, pq.StringArray(nonNil(slugs)),
		pq.StringArray(nonNil(stages)), pq.StringArray(nonNil(zh)), pq.StringArray(nonNil(en)))
	var from, to []string
	for _, f := range c.Flows {
		from, to = append(from, f.From), append(to, f.To)
	}
	sd.exec("chain "+c.Slug+" flows", qPruneFlows, c.Slug, pq.StringArray(nonNil(from)), pq.StringArray(nonNil(to)))
	sd.exec("chain "+c.Slug+" flows", qSeedFlows, c.Slug, pq.StringArray(nonNil(from)), pq.StringArray(nonNil(to)))
}

// derived is a list value of a record, for a text[] column.
func derived(c *geo.Collection, r geo.Record, name string) pq.StringArray {
	v, _ := c.Value(r, name).([]string)
	return pq.StringArray(nonNil(v))
}

package postgis

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

// TestCitationsFollowSources: a row written from outside parkmap (QGIS,
// psql) serves the citations of its sources, as parkmap would have
// written them: a zone added without any, a county whose sources were
// edited; a source nobody recorded is cited by its id. A writer that gives
// citations keeps them. A source edited from outside is cited anew, with
// the rows that cite it, by the next migrate.
func TestCitationsFollowSources(t *testing.T) {
	s, d := newSeeded(t)
	ctx := context.Background()
	cite := geo.NewCiter(d.Sources)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.db.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	served := func(c *geo.Collection, id string) []string {
		t.Helper()
		raw, err := s.Feature(ctx, c, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		var f struct{ Properties struct{ Sources []string } }
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatal(err)
		}
		return f.Properties.Sources
	}
	expect := func(what string, c *geo.Collection, id string, want []string) {
		t.Helper()
		if got := served(c, id); !slices.Equal(got, want) {
			t.Errorf("%s: %s %s cites %q, want %q", what, c.ID, id, got, want)
		}
	}
	a, b := d.Sources[0], d.Sources[1]

	// Every source holds its citation as parkmap writes it.
	rows, err := s.db.QueryContext(ctx, `SELECT id, citation FROM sources`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var id string
		var citation *string
		if err := rows.Scan(&id, &citation); err != nil {
			t.Fatal(err)
		}
		if want := cite([]string{id})[0]; citation == nil || *citation != want {
			t.Errorf("source %s holds citation %v, want %q", id, citation, want)
		}
		n++
	}
	rows.Close()
	if n != len(d.Sources) {
		t.Errorf("%d sources, want %d", n, len(d.Sources))
	}

	exec(`INSERT INTO parks (id, name_zh, name_en, county_code, status, chain, geom, geometry_accuracy, sources)
		SELECT 'added-in-qgis', name_zh, name_en, county_code, status, chain, ST_Translate(geom, 0.3, 0),
			geometry_accuracy, $1 FROM parks WHERE id = 'hongta'`, pq.StringArray{b.ID, a.ID})
	expect("a zone added without citations", geo.Parks, "added-in-qgis", cite([]string{b.ID, a.ID}))

	code := d.Counties[0].Code
	exec(`UPDATE counties SET sources = $2 WHERE code = $1`, code, pq.StringArray{a.ID, "nobody-recorded-this"})
	expect("a county's sources edited", geo.Counties, code, []string{cite([]string{a.ID})[0], "nobody-recorded-this"})

	exec(`UPDATE counties SET sources = $2, citations = '{given with the row}' WHERE code = $1`, code, pq.StringArray{b.ID})
	expect("sources and citations written together", geo.Counties, code, []string{"given with the row"})

	// A source edited from outside, then migrate: its citation and the
	// rows citing it follow the record.
	exec(`UPDATE sources SET title = 'Edited in psql' WHERE id = $1`, a.ID)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	edited := a
	edited.Title = "Edited in psql"
	expect("after a source was edited and migrate ran", geo.Parks, "added-in-qgis", []string{b.Citation(), edited.Citation()})

	// A database from before migration 0013 holds no citations: migrate
	// writes them, and leaves the rows' as they were.
	exec(`UPDATE sources SET citation = NULL`)
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var missing int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE citation IS NULL`).Scan(&missing); err != nil || missing != 0 {
		t.Errorf("after migrate %d sources have no citation (%v)", missing, err)
	}
	expect("after migrate filled the citations", geo.Parks, "added-in-qgis", []string{b.Citation(), edited.Citation()})
}

package postgis

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

// TestSegmentsKeptInStep: a zone's list of segments, its link rows
// (park_segments) and its stages stay one, whoever writes them: a planner
// editing either in QGIS or psql, as here, or parkmap. A segment nobody
// defined is refused, and nothing is lost.
func TestSegmentsKeptInStep(t *testing.T) {
	s, d := newSeeded(t)
	ctx := context.Background()
	chain, ok := d.Chain("new-energy-battery")
	if !ok {
		t.Fatal("the bundled data has no new-energy-battery chain")
	}
	exec := func(q string, args ...any) error {
		t.Helper()
		_, err := s.db.ExecContext(ctx, q, args...)
		return err
	}
	// state is the zone as its three places hold it.
	state := func(zone string) (list, links, stages []string) {
		t.Helper()
		err := s.db.QueryRowContext(ctx, `SELECT segments, stages,
			ARRAY(SELECT segment FROM park_segments WHERE park = $1 ORDER BY position)::text[]
			FROM parks WHERE id = $1`, zone).Scan((*pq.StringArray)(&list), (*pq.StringArray)(&stages), (*pq.StringArray)(&links))
		if err != nil {
			t.Fatal(err)
		}
		return list, links, stages
	}
	expect := func(what, zone string, want []string) {
		t.Helper()
		list, links, stages := state(zone)
		if !slices.Equal(list, want) || !slices.Equal(links, want) {
			t.Errorf("%s: %s lists %v and its rows hold %v, want %v", what, zone, list, links, want)
		}
		if w := chain.StagesOf(want); !slices.Equal(stages, w) {
			t.Errorf("%s: %s has stages %v, want %v", what, zone, stages, w)
		}
		// What is served is the list.
		raw, err := s.Feature(ctx, geo.Parks, zone, nil)
		if err != nil {
			t.Fatal(err)
		}
		if q := `"segments":` + jsonList(want); !strings.Contains(string(raw), q) {
			t.Errorf("%s: %s is served as %s, want %s", what, zone, raw, q)
		}
	}

	zone := func(id string) geo.Park {
		t.Helper()
		i := slices.IndexFunc(d.Parks, func(p geo.Park) bool { return p.ID == id })
		if i < 0 {
			t.Fatalf("the bundled data has no zone %s", id)
		}
		return d.Parks[i]
	}
	hongta := zone("hongta")
	expect("as seeded", "hongta", hongta.Segments)

	// A link row deleted: the list loses the segment, and the stages follow.
	if err := exec(`DELETE FROM park_segments WHERE park = 'hongta' AND segment = $1`, hongta.Segments[0]); err != nil {
		t.Fatal(err)
	}
	expect("after a row was deleted", "hongta", hongta.Segments[1:])

	// A link row added, at the front.
	if err := exec(`INSERT INTO park_segments (park, segment, position) VALUES ('hongta', 'cells', 0)`); err != nil {
		t.Fatal(err)
	}
	expect("after a row was added", "hongta", append([]string{"cells"}, hongta.Segments[1:]...))

	// The list edited, a segment twice: the rows follow, each once, and so
	// do the stages.
	if err := exec(`UPDATE parks SET segments = '{anode,cathode,anode}' WHERE id = 'hongta'`); err != nil {
		t.Fatal(err)
	}
	expect("after the list was edited", "hongta", []string{"anode", "cathode"})

	// A row moved from one zone to another.
	if err := exec(`UPDATE park_segments SET park = 'yimen' WHERE park = 'hongta' AND segment = 'anode'`); err != nil {
		t.Fatal(err)
	}
	expect("after a row moved away", "hongta", []string{"cathode"})
	yimen := zone("yimen")
	expect("after a row moved in", "yimen", append(slices.Clone(yimen.Segments), "anode"))

	// A segment nobody defined: refused by the foreign key, the zone as it was.
	err := exec(`UPDATE parks SET segments = '{cathode,no-such-segment}' WHERE id = 'hongta'`)
	if err == nil || !strings.Contains(err.Error(), "foreign key") {
		t.Errorf("a list naming an unknown segment: %v, want a foreign key violation", err)
	}
	expect("after a refused edit", "hongta", []string{"cathode"})
	// A list cleared to NULL (QGIS's empty field) is no list: refused, not
	// taken for "no segments".
	if err := exec(`UPDATE parks SET segments = NULL WHERE id = 'hongta'`); err == nil || !strings.Contains(err.Error(), "not-null") {
		t.Errorf("a NULL list: %v, want a not-null violation", err)
	}
	expect("after a NULL list was refused", "hongta", []string{"cathode"})

	// A zone deleted takes its rows along.
	if err := exec(`DELETE FROM projects WHERE park = 'hongta'`); err != nil {
		t.Fatal(err)
	}
	if err := exec(`DELETE FROM parks WHERE id = 'hongta'`); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM park_segments WHERE park = 'hongta'`).Scan(&left); err != nil || left != 0 {
		t.Errorf("a deleted zone left %d link rows (%v)", left, err)
	}

	// Projects' lists and rows likewise.
	p := d.Projects[0]
	if err := exec(`DELETE FROM project_segments WHERE project = $1`, p.ID); err != nil {
		t.Fatal(err)
	}
	var list []string
	if err := s.db.QueryRowContext(ctx, `SELECT segments FROM projects WHERE id = $1`, p.ID).Scan((*pq.StringArray)(&list)); err != nil || len(list) != 0 {
		t.Errorf("project %s lists %v after its rows were deleted (%v)", p.ID, list, err)
	}
	if err := exec(`UPDATE projects SET segments = '{cells}' WHERE id = $1`, p.ID); err != nil {
		t.Fatal(err)
	}
	var links []string
	if err := s.db.QueryRowContext(ctx, `SELECT ARRAY(SELECT segment FROM project_segments WHERE project = $1)::text[]`, p.ID).Scan((*pq.StringArray)(&links)); err != nil || !slices.Equal(links, []string{"cells"}) {
		t.Errorf("project %s has rows %v after its list was set to {cells} (%v)", p.ID, links, err)
	}

	// The taxonomy edited: a segment moved to another stage, then a stage
	// moved last in its chain; the stages of the zones follow.
	longquan := zone("longquan")
	stagesOf := func(c geo.Chain) []string {
		t.Helper()
		var stages []string
		if err := s.db.QueryRowContext(ctx, `SELECT stages FROM parks WHERE id = 'longquan'`).Scan((*pq.StringArray)(&stages)); err != nil {
			t.Fatal(err)
		}
		if want := c.StagesOf(longquan.Segments); !slices.Equal(stages, want) {
			t.Errorf("longquan has stages %v, want %v", stages, want)
		}
		return stages
	}
	edited := *chain
	edited.Segments = slices.Clone(chain.Segments)
	i := slices.IndexFunc(edited.Segments, func(sg geo.Segment) bool { return sg.Slug == "cells" })
	edited.Segments[i].Stage = "materials"
	if err := exec(`UPDATE segments SET stage = 'materials' WHERE slug = 'cells'`); err != nil {
		t.Fatal(err)
	}
	moved := stagesOf(edited)
	j := slices.IndexFunc(edited.Stages, func(st geo.Stage) bool { return st.Slug == "materials" })
	edited.Stages = append(slices.Delete(slices.Clone(edited.Stages), j, j+1), edited.Stages[j])
	if err := exec(`UPDATE stages SET position = 1000 WHERE slug = 'materials'`); err != nil {
		t.Fatal(err)
	}
	if reordered := stagesOf(edited); slices.Equal(reordered, moved) {
		t.Errorf("reordering the stages left longquan's as they were: %v", reordered)
	}

	// And parkmap's own seed, over all this, writes the bundled lists back.
	if err := s.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	for _, z := range d.Parks {
		expect("after seeding again", z.ID, z.Segments)
	}
}

func jsonList(xs []string) string {
	if len(xs) == 0 {
		return "[]"
	}
	return `["` + strings.Join(xs, `","`) + `"]`
}

package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedNeverMerges checks that seed loads into an empty database only:
// into one that holds a dataset it refuses and names --replace; --if-empty
// leaves a planner's edits alone; --replace swaps the whole dataset.
func TestSeedNeverMerges(t *testing.T) {
	env := seededDatabase(t)
	db, err := sql.Open("postgres", env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedCmd := func(args ...string) (string, error) {
		var out strings.Builder
		err := run(context.Background(), append([]string{"seed"}, args...), func(k string) string { return env[k] }, &out, testWriter{t})
		return out.String(), err
	}
	count := func(table string) int {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// A planner's edit.
	if _, err := db.Exec(`UPDATE parks SET name_en = 'Longquan, as the planner calls it' WHERE id = 'longquan'`); err != nil {
		t.Fatal(err)
	}
	if _, err := seedCmd(); err == nil || !strings.Contains(err.Error(), "--replace") {
		t.Errorf("seed into a seeded database: %v, want a refusal that names --replace", err)
	}
	if out, err := seedCmd("--if-empty"); err != nil || !strings.Contains(out, "left as it is") {
		t.Errorf("seed --if-empty: %q, %v", out, err)
	}
	var name string
	if err := db.QueryRow(`SELECT name_en FROM parks WHERE id = 'longquan'`).Scan(&name); err != nil || name != "Longquan, as the planner calls it" {
		t.Errorf("the planner's edit is gone: %q, %v", name, err)
	}
	if _, err := seedCmd("--replace", "--if-empty"); err == nil {
		t.Error("--replace with --if-empty: no error")
	}

	// Another city, a copy of the bundled data with one zone only.
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../data/seed")); err != nil {
		t.Fatal(err)
	}
	parks, err := os.ReadFile(filepath.Join(dir, "parks.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	one := strings.Index(string(parks), `  {
   "type": "Feature",
   "id": "hongta"`)
	if one < 0 {
		t.Fatal("the bundled parks.geojson has changed shape: adjust the test")
	}
	end := strings.Index(string(parks)[one:], "\n  }") + one + 4
	trimmed := `{"type":"FeatureCollection","features":[` + string(parks)[one:end] + "]}"
	if err := os.WriteFile(filepath.Join(dir, "parks.geojson"), []byte(trimmed), 0o644); err != nil {
		t.Fatal(err)
	}
	// Projects refer to other zones: the other city has none.
	if err := os.WriteFile(filepath.Join(dir, "projects.geojson"), []byte(`{"type":"FeatureCollection","features":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := seedCmd("--replace", "--data", dir); err != nil {
		t.Fatalf("seed --replace: %v", err)
	}
	if got := count("parks"); got != 1 {
		t.Errorf("%d zones after --replace, want the new dataset's 1", got)
	}
	if got := count("projects"); got != 0 {
		t.Errorf("%d projects after --replace, want none", got)
	}
}

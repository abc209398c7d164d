package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValidate breaks one thing at a time in a copy of the synthetic city's
// folder and checks that validate names exactly the problems made, with
// file, feature and field, and fails; the folder as it is passes.
func TestValidate(t *testing.T) {
	const city = "../../data/storetest/testdata/city"
	type edit struct{ file, old, new string }
	tests := []struct {
		name  string
		edits []edit
		want  []string // the output's lines; nil for "ok: …"
	}{
		{"good", nil, []string{"ok: 5 zones, 5 projects, 3 counties, 4 parcels, 2 chains, 1 sources"}},
		{"unknown status", []edit{{"parks.geojson", `"status": "reserved"`, `"status": "gone"`}},
			[]string{`parks.geojson: feature 3 (reserve-9): status: "gone" is not one of [operating planned reserved]`}},
		{"two problems in one feature", []edit{
			{"parks.geojson", `"status": "reserved"`, `"status": "gone"`},
			{"parks.geojson", `"chain": "synth-tea"`, `"chain": 7`},
		}, []string{
			`parks.geojson: feature 3 (reserve-9): status: "gone" is not one of [operating planned reserved]`,
			`parks.geojson: feature 3 (reserve-9): chain: want text, got 7`,
		}},
		{"unknown county and zone in two files", []edit{
			{"parks.geojson", `"county_code": "990102"`, `"county_code": "990177"`},
			{"projects.geojson", `"park": "alpha"`, `"park": "atlantis"`},
		}, []string{
			`parks.geojson: feature 3 (reserve-9): county_code: unknown county "990177"`,
			`projects.geojson: feature 2 (p_200): park: unknown zone "atlantis"`,
		}},
		{"unknown source", []edit{{"sources.json", `"id": "synthetic-city"`, `"id": "made-up"`}}, nil}, // cited by every feature
		{"bad id", []edit{{"parks.geojson", `"id": "alpha"`, `"id": "al pha"`}}, []string{
			`parks.geojson: feature 2 (al pha): id: "al pha" is not an id (^[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$)`,
			`projects.geojson: feature 2 (p_200): park: unknown zone "alpha"`,
			`parcels.geojson: feature 2 (Lot.B): park: unknown zone "alpha"`,
		}},
		{"id used twice", []edit{{"parks.geojson", `"id": "alpha"`, `"id": "QJ_01"`}}, []string{
			`parks.geojson: feature 2 (QJ_01): id: "QJ_01" is used twice`,
			`projects.geojson: feature 2 (p_200): park: unknown zone "alpha"`,
			`parcels.geojson: feature 2 (Lot.B): park: unknown zone "alpha"`,
		}},
		{"not JSON", []edit{{"chains.json", `{`, `[`}}, nil},
		{"missing file", []edit{{"counties.geojson", "", ""}}, []string{
			"counties.geojson: missing: a data folder holds it (see docs/data-format.md)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files, err := os.ReadDir(city)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				raw, err := os.ReadFile(filepath.Join(city, f.Name()))
				if err != nil {
					t.Fatal(err)
				}
				text, removed := string(raw), false
				for _, e := range tt.edits {
					if e.file != f.Name() {
						continue
					}
					if e.old == "" {
						removed = true
						continue
					}
					if !strings.Contains(text, e.old) {
						t.Fatalf("%s has no %q to break", e.file, e.old)
					}
					text = strings.Replace(text, e.old, e.new, 1)
				}
				if !removed {
					if err := os.WriteFile(filepath.Join(dir, f.Name()), []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			var stdout strings.Builder
			err = run(context.Background(), []string{"validate", dir}, func(string) string { return "" }, &stdout, testWriter{t})
			lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
			if len(tt.edits) == 0 {
				if err != nil {
					t.Fatalf("validate: %v", err)
				}
			} else if err == nil || !strings.Contains(err.Error(), "problem") {
				t.Fatalf("validate: %v, want it to fail with its problems", err)
			}
			if tt.want == nil {
				if len(lines) == 0 || lines[0] == "" || strings.HasPrefix(lines[0], "ok") {
					t.Errorf("validate printed %q, want problems", stdout.String())
				}
				for _, l := range lines {
					t.Log(l)
				}
				return
			}
			if diff := cmp.Diff(tt.want, lines); diff != "" {
				t.Errorf("validate's output (-want +got):\n%s", diff)
			}
		})
	}
}

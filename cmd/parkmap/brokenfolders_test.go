package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
)

// folder is a data folder's files as decoded JSON, to break one thing in.
type folder map[string]any

// feature is the i-th feature of a GeoJSON file of the folder.
func (f folder) feature(file string, i int) map[string]any {
	return f[file].(map[string]any)["features"].([]any)[i].(map[string]any)
}

// props is the i-th feature's properties.
func (f folder) props(file string, i int) map[string]any {
	return f.feature(file, i)["properties"].(map[string]any)
}

// entry is the i-th entry of a list of a JSON file (chains.json's chains).
func (f folder) entry(file, list string, i int) map[string]any {
	return f[file].(map[string]any)[list].([]any)[i].(map[string]any)
}

// TestBrokenFolders holds the three readers of a data folder to one verdict:
// `parkmap validate`, the embedded store's loader (serve --data) and
// `parkmap seed --replace --data` into PostGIS accept the same folders and
// refuse each broken one with the same problems, word for word, and the
// database is unchanged after a refusal. Each case breaks one thing in the
// contract suite's synthetic city.
func TestBrokenFolders(t *testing.T) {
	const fixture = "../../data/storetest/testdata/city"
	tests := []struct {
		name  string
		spoil func(f folder)
		raw   map[string]string // files written as they are, after spoil
		want  []string
	}{
		{"empty id", func(f folder) { f.feature("parks.geojson", 0)["id"] = "" }, nil, []string{
			`parks.geojson: feature 1: id: is missing`,
		}},
		{"no id", func(f folder) { delete(f.feature("projects.geojson", 1), "id") }, nil, []string{
			`projects.geojson: feature 2: id: is missing`,
		}},
		{"number id", func(f folder) { f.feature("parks.geojson", 1)["id"] = 7 }, nil, []string{
			`parks.geojson: feature 2 (7): id: want text, got 7`,
		}},
		{"empty parcel id", func(f folder) { f.feature("parcels.geojson", 2)["id"] = "" }, nil, []string{
			`parcels.geojson: feature 3: id: is missing`,
		}},
		{"duplicate zone id", func(f folder) { f.feature("parks.geojson", 1)["id"] = "QJ_01" }, nil, []string{
			`parks.geojson: feature 2 (QJ_01): id: "QJ_01" is used twice`,
			`projects.geojson: feature 2 (p_200): park: unknown zone "alpha"`,
			`parcels.geojson: feature 2 (Lot.B): park: unknown zone "alpha"`,
		}},
		{"duplicate parcel id", func(f folder) { f.feature("parcels.geojson", 1)["id"] = "lot_A1" }, nil, []string{
			`parcels.geojson: feature 2 (lot_A1): id: "lot_A1" is used twice`,
		}},
		{"duplicate county code", func(f folder) { f.props("counties.geojson", 1)["code"] = "990101" }, nil, []string{
			`counties.geojson: feature 2 (990101): code: "990101" is used twice`,
			`parks.geojson: feature 3 (reserve-9): county_code: unknown county "990102"`,
			`projects.geojson: feature 5 (a~unplaced): county_code: unknown county "990102"`,
		}},
		{"bad id syntax", func(f folder) { f.feature("projects.geojson", 0)["id"] = "P 100" }, nil, []string{
			`projects.geojson: feature 1 (P 100): id: "P 100" is not an id (^[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$)`,
		}},
		{"bad parcel id syntax", func(f folder) { f.feature("parcels.geojson", 0)["id"] = "lot/A1" }, nil, []string{
			`parcels.geojson: feature 1 (lot/A1): id: "lot/A1" is not an id (^[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$)`,
		}},
		{"bad county code syntax", func(f folder) { f.props("counties.geojson", 1)["code"] = "99 01 02" }, nil, []string{
			`counties.geojson: feature 2 (99 01 02): code: "99 01 02" is not an id (^[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$)`,
			`parks.geojson: feature 3 (reserve-9): county_code: unknown county "990102"`,
			`projects.geojson: feature 5 (a~unplaced): county_code: unknown county "990102"`,
		}},
		{"bad segment slug", func(f folder) {
			f.entry("chains.json", "chains", 1)["segments"] = []any{map[string]any{"slug": "leaf tea", "name_zh": "茶", "name_en": "Tea", "stage": "grow"}}
			f.entry("chains.json", "chains", 1)["stages"] = []any{map[string]any{"slug": "grow", "name_zh": "种", "name_en": "Grow", "order": 0}}
		}, nil, []string{
			`chains.json: entry 2 (synth-tea): segments: "leaf tea" is not an id (^[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$)`,
		}},
		{"stage twice", func(f folder) {
			f.entry("chains.json", "chains", 0)["stages"].([]any)[1].(map[string]any)["slug"] = "raw"
		}, nil, []string{
			`chains.json: entry 1 (synth-cells): stages: stage "raw" is listed twice`,
			`chains.json: entry 1 (synth-cells): segments: segment foil: unknown stage "parts"`,
			`chains.json: entry 1 (synth-cells): segments: segment paste: unknown stage "parts"`,
		}},
		{"flow to itself", func(f folder) {
			f.entry("chains.json", "chains", 0)["flows"].([]any)[0].(map[string]any)["to"] = "ore"
		}, nil, []string{
			`chains.json: entry 1 (synth-cells): flows: flow from "ore" to itself`,
		}},
		{"flow twice", func(f folder) {
			flows := f.entry("chains.json", "chains", 0)["flows"].([]any)
			f.entry("chains.json", "chains", 0)["flows"] = append(flows, flows[0])
		}, nil, []string{
			`chains.json: entry 1 (synth-cells): flows: flow from "ore" to "foil" is listed twice`,
		}},
		{"segment listed twice", func(f folder) {
			f.props("parks.geojson", 0)["segments"] = []any{"ore", "foil", "ore"}
		}, nil, []string{
			`parks.geojson: feature 1 (QJ_01): segments: segment "ore" is listed twice`,
		}},
		{"dangling segment", func(f folder) {
			f.props("parks.geojson", 0)["segments"] = []any{"ore", "unobtainium"}
		}, nil, []string{
			`parks.geojson: feature 1 (QJ_01): segments: segment "unobtainium" is not in chain synth-cells`,
		}},
		{"dangling county", func(f folder) { f.props("projects.geojson", 0)["county_code"] = "000000" }, nil, []string{
			`projects.geojson: feature 1 (P-100): county_code: unknown county "000000"`,
		}},
		{"dangling source", func(f folder) { f.entry("chains.json", "chains", 0)["sources"] = []any{"nowhere"} }, nil, []string{
			`chains.json: entry 1 (synth-cells): sources: cites unknown source "nowhere"`,
		}},
		{"dangling zone", func(f folder) { f.props("parcels.geojson", 0)["park"] = "nowhere" }, nil, []string{
			`parcels.geojson: feature 1 (lot_A1): park: unknown zone "nowhere"`,
		}},
		{"wrong geometry type", func(f folder) {
			f.feature("parks.geojson", 1)["geometry"] = map[string]any{"type": "Point", "coordinates": []any{100.1, 10.1}}
		}, nil, []string{
			`parks.geojson: feature 2 (alpha): geometry: is Point, want MultiPolygon or Polygon`,
		}},
		{"project not a point", func(f folder) {
			f.feature("projects.geojson", 0)["geometry"] = f.feature("parks.geojson", 1)["geometry"]
		}, nil, []string{
			`projects.geojson: feature 1 (P-100): geometry: is Polygon, want Point`,
		}},
		{"coordinates out of range", func(f folder) {
			ring := f.feature("parcels.geojson", 0)["geometry"].(map[string]any)["coordinates"].([]any)[0].([]any)
			ring[1].([]any)[0] = 200.0
		}, nil, []string{
			`parcels.geojson: feature 1 (lot_A1): geometry: invalid: polygon 0, ring 0: point 1 (200, 10.002) is outside lon -180..180, lat -90..90`,
		}},
		{"point out of range", func(f folder) {
			f.feature("projects.geojson", 0)["geometry"].(map[string]any)["coordinates"] = []any{100.0, 95.0}
		}, nil, []string{
			`projects.geojson: feature 1 (P-100): geometry: invalid: (100, 95) is outside lon -180..180, lat -90..90`,
		}},
		{"wrong property type", func(f folder) { f.props("parks.geojson", 0)["planned_area_km2"] = "big" }, nil, []string{
			`parks.geojson: feature 1 (QJ_01): planned_area_km2: want a number, got big`,
		}},
		{"negative area", func(f folder) { f.props("parks.geojson", 0)["planned_area_km2"] = -1.5 }, nil, []string{
			`parks.geojson: feature 1 (QJ_01): planned_area_km2: -1.5 is not above 0`,
		}},
		{"unknown enum", func(f folder) { f.props("parks.geojson", 0)["status"] = "closed" }, nil, []string{
			`parks.geojson: feature 1 (QJ_01): status: "closed" is not one of [operating planned reserved]`,
		}},
		{"NUL in text", func(f folder) { f.props("projects.geojson", 1)["enterprise_en"] = "Yi\x00Paste" }, nil, []string{
			`projects.geojson: feature 2 (p_200): enterprise_en: holds a NUL character, which no text may`,
		}},
		{"source date", func(f folder) { f.entry("sources.json", "sources", 0)["date"] = "Nov 2026" }, nil, []string{
			`sources.json: entry 1 (synthetic-city): date: "Nov 2026" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)`,
		}},
		{"missing required file", func(f folder) { delete(f, "chains.json") }, nil, []string{
			`chains.json: missing: a data folder holds it (see docs/data-format.md)`,
		}},
		{"malformed JSON", nil, map[string]string{"parks.geojson": `{"type": "FeatureCollection", "features": [`}, []string{
			`parks.geojson: unexpected end of JSON input`,
		}},
	}

	dbURL := postgistest.NewDatabase(t)
	env := map[string]string{"DATABASE_URL": dbURL}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}, getenv, io.Discard, testWriter{t}); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"seed", "--data", fixture}, getenv, io.Discard, testWriter{t}); err != nil {
		t.Fatalf("seed the fixture: %v", err)
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before := snapshot(t, db)

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			f := readFolder(t, fixture)
			if tt.spoil != nil {
				tt.spoil(f)
			}
			writeFolder(t, dir, f, tt.raw)

			var out strings.Builder
			err := run(ctx, []string{"validate", dir}, getenv, &out, io.Discard)
			if err == nil {
				t.Errorf("validate accepted the folder: %s", out.String())
			}
			if diff := cmp.Diff(tt.want, strings.Split(strings.TrimSpace(out.String()), "\n")); diff != "" {
				t.Errorf("validate (-want +got):\n%s", diff)
			}

			e := environment{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard}
			cfg := DefaultConfig()
			cfg.DataDir = dir
			if _, _, err := e.openStore(ctx, cfg, slog.New(slog.DiscardHandler)); err == nil {
				t.Error("the embedded store loaded the folder")
			} else if diff := cmp.Diff(tt.want, problems(err, dir)); diff != "" {
				t.Errorf("embedded store (-want +got):\n%s", diff)
			}

			err = run(ctx, []string{"seed", "--replace", "--data", dir}, getenv, io.Discard, io.Discard)
			if err == nil {
				t.Error("seed --replace loaded the folder into PostGIS")
			} else if diff := cmp.Diff(tt.want, problems(err, dir)); diff != "" {
				t.Errorf("PostGIS seed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, snapshot(t, db)); diff != "" {
				t.Errorf("the database changed (-before +after):\n%s", diff)
			}
		})
	}

	// The fixture itself is accepted by all three.
	var out strings.Builder
	if err := run(ctx, []string{"validate", fixture}, getenv, &out, io.Discard); err != nil {
		t.Errorf("validate the fixture: %v\n%s", err, out.String())
	}
	cfg := DefaultConfig()
	cfg.DataDir = fixture
	if _, _, err := (environment{getenv: func(string) string { return "" }}).openStore(ctx, cfg, slog.New(slog.DiscardHandler)); err != nil {
		t.Errorf("the embedded store refused the fixture: %v", err)
	}
	if err := run(ctx, []string{"seed", "--replace", "--data", fixture}, getenv, io.Discard, io.Discard); err != nil {
		t.Errorf("seed --replace refused the fixture: %v", err)
	}
}

// problems is a refusal's problems, one a line, without the "load DIR: "
// that serve and seed put before them.
func problems(err error, dir string) []string {
	return strings.Split(strings.TrimPrefix(err.Error(), "load "+dir+": "), "\n")
}

func readFolder(t *testing.T, dir string) folder {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := folder{}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		f[e.Name()] = v
	}
	return f
}

func writeFolder(t *testing.T, dir string, f folder, raw map[string]string) {
	t.Helper()
	for name, v := range f {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range raw {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot is a digest of every table's rows, by table.
func snapshot(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT quote_ident(table_name) FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string]string{}
	for _, table := range tables {
		var digest string
		// The names come from the catalog, quoted by it.
		if err := db.QueryRow(`SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) FROM ` + table + ` t`).Scan(&digest); err != nil {
			t.Fatal(err)
		}
		out[table] = digest
	}
	return out
}

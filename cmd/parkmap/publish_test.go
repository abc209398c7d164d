package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/parkmap/parkmap/data/postgis"
)

// A planner's own table, in CGCS2000 / 3-degree Gauss–Krüger CM 102°E
// (EPSG:4543), published beside the built-in collections.
const plannersTable = `
CREATE TABLE plan_roads (
	road_id   text PRIMARY KEY,
	name_zh   text NOT NULL,
	lanes     integer,
	opened_on date,
	geom      geometry(LineString, 4543) NOT NULL
);
INSERT INTO plan_roads VALUES
	('R1', '龙泉大道', 6, '2019-06-01',
		ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(102.70, 24.30), ST_MakePoint(102.74, 24.32)), 4326), 4543)),
	('R2', '红塔路', 4, '2023-01-15',
		ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(102.54, 24.35), ST_MakePoint(102.56, 24.41)), 4326), 4543));`

func publishedServer(t *testing.T) string {
	t.Helper()
	env, args := published(t)
	return startServerEnv(t, env, args...)
}

// published seeds a database, adds the planner's table to it, and returns
// the environment and the arguments that serve it as the roads collection.
func published(t *testing.T) (env map[string]string, args []string) {
	t.Helper()
	env = seededDatabase(t)
	db, err := sql.Open("postgres", env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(plannersTable); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "collections.yaml")
	definitions := "collections:\n  - id: roads\n    table: plan_roads\n    title: {zh: 规划道路, en: Planned roads}\n    temporal: opened_on\n"
	if err := os.WriteFile(file, []byte(definitions), 0o644); err != nil {
		t.Fatal(err)
	}
	return env, []string{"--collections", file}
}

// TestPublishedThroughGDAL publishes a table the test creates, in a
// Gauss–Krüger CRS, and reads it with GDAL's OGC API - Features driver, as
// QGIS would: the features arrive in lon/lat, in Yunnan, with typed fields.
func TestPublishedThroughGDAL(t *testing.T) {
	base := publishedServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	gdal := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = append(os.Environ(), "GDAL_HTTP_TIMEOUT=30", "CPL_DEBUG=OFF")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	info := gdal("ogrinfo", "-ro", "-so", "OAPIF:"+base+"/api", "roads")
	for _, want := range []string{"Feature Count: 2", "name_zh: String", "lanes: Integer", "opened_on: Date"} {
		if !strings.Contains(info, want) {
			t.Errorf("ogrinfo does not say %q:\n%s", want, info)
		}
	}
	out := gdal("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", "OAPIF:"+base+"/api", "roads")
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates [][]float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatalf("ogr2ogr output is not GeoJSON: %v\n%s", err, out)
	}
	if len(fc.Features) != 2 {
		t.Fatalf("%d features through GDAL, want 2", len(fc.Features))
	}
	for _, f := range fc.Features {
		for _, c := range f.Geometry.Coordinates {
			if c[0] < 102 || c[0] > 103 || c[1] < 24 || c[1] > 25 {
				t.Errorf("%v: vertex %v is not in Yuxi: the CRS was not transformed", f.Properties["name_zh"], c)
			}
		}
	}
	// The server filtered: GDAL's bbox reaches the API.
	near := gdal("ogrinfo", "-ro", "-al", "-q", "-spat", "102.69", "24.29", "102.75", "24.33", "OAPIF:"+base+"/api", "roads")
	if !strings.Contains(near, "龙泉大道") || strings.Contains(near, "红塔路") {
		t.Errorf("ogrinfo -spat around Longquan:\n%s", near)
	}
}

// TestPublishedCollection reads the published table through the API: the
// same endpoints as a built-in collection.
func TestPublishedCollection(t *testing.T) {
	base := publishedServer(t)
	for _, tt := range []struct{ path, want string }{
		{"/api/collections", `"id":"roads"`},
		{"/api/collections/roads", `"title":"Planned roads · 规划道路"`},
		{"/api/collections/roads/items?datetime=2020-01-01/..", `"numberMatched":1`},
		{"/api/collections/roads/items?sortby=-lanes&properties=lanes", `"properties":{"lanes":6}`},
		{"/api/collections/roads/items/R2", `"name_zh":"红塔路"`},
		{"/api/collections/roads/queryables", `"lanes":{`},
		{"/api/collections/roads/schema", `"opened_on":{`},
		{"/api/collections/roads/items?f=csv", `R1,龙泉大道,6,2019-06-01,"LINESTRING(102.7 24.3,102.74 24.32)"`},
		{"/api/openapi", `"/collections/roads/items"`},
	} {
		r := get(t, "GET", base+tt.path, nil)
		if r.status != 200 || !strings.Contains(string(r.body), tt.want) {
			t.Errorf("GET %s: %d, does not hold %q:\n%.600s", tt.path, r.status, tt.want, r.body)
		}
	}
	r := get(t, "GET", base+"/api/collections/roads/items?sortby=colour", nil)
	if r.status != 400 || !strings.Contains(string(r.body), "sortable: road_id, name_zh, lanes, opened_on") {
		t.Errorf("bad sortby: %d %s", r.status, r.body)
	}
}

// TestPublishRefusesAMismatch checks that serve refuses to start when the
// definitions file does not match its table, naming the file and line.
func TestPublishRefusesAMismatch(t *testing.T) {
	env := seededDatabase(t)
	file := filepath.Join(t.TempDir(), "collections.yaml")
	if err := os.WriteFile(file, []byte("collections:\n  - id: roads\n    table: plan_roadz\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--collections", file},
		func(k string) string { return env[k] }, &out, testWriter{t})
	if err == nil || !strings.Contains(err.Error(), file+":2: table \"plan_roadz\" does not exist") {
		t.Errorf("serve: %v, want the file, line 2 and the missing table", err)
	}
	// A FIFO would block start-up, a huge file fill memory: both refused at once.
	fifo := filepath.Join(t.TempDir(), "collections.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(t.TempDir(), "huge.yaml")
	if err := os.WriteFile(huge, make([]byte, postgis.MaxDefinitionsFile+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "not a regular file", huge: "at most"} {
		err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--collections", path},
			func(k string) string { return env[k] }, &out, testWriter{t})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("serve --collections %s: %v, want an error saying %q", path, err, want)
		}
	}
	err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--collections", file},
		func(string) string { return "" }, &out, testWriter{t})
	if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
		t.Errorf("serve --collections on the embedded store: %v, want a word about DATABASE_URL", err)
	}
}

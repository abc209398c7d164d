package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommand runs `parkmap import` as a planner would: a file with
// problems loads nothing and lists each with its line and field; a good
// one loads, and serve then shows it.
func TestImportCommand(t *testing.T) {
	env := seededDatabase(t)
	dir := t.TempDir()
	file := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	importRun := func(args ...string) (stdout, stderr string, err error) {
		var out, errOut strings.Builder
		err = run(context.Background(), append([]string{"import"}, args...), func(k string) string { return env[k] }, &out, &errOut)
		return out.String(), errOut.String(), err
	}
	const header = "编号,name_zh,name_en,county_code,status,chain,segments,geometry_accuracy,sources,lon,lat,remark\n"
	square := `"POLYGON((103.8 25.5,103.81 25.5,103.81 25.51,103.8 25.51,103.8 25.5))"`
	broken := file("broken.csv", strings.ReplaceAll(header, "lon,lat", "wkt")+
		"qj-1,曲靖,Qujing,530402,open,new-energy-battery,cathode,digitized,parkmap-schematic,"+square+",\n"+
		"qj-1,曲靖,Qujing,530402,planned,new-energy-battery,wafers,digitized,parkmap-schematic,"+square+",\n")

	_, stderr, err := importRun(broken, "--collection", "parks", "--mode", "append", "--map", "编号=id")
	if err == nil || !strings.Contains(err.Error(), "3 problems; nothing imported") {
		t.Errorf("broken file: %v, want 3 problems", err)
	}
	for _, want := range []string{
		broken + `: line 2, field status: "open" is not one of operating, planned, reserved`,
		broken + `: line 3, field segments: "wafers" is not one of the segments in the database`,
		broken + `: line 3, field id: duplicate id "qj-1" (also line 2)`,
		broken + `: note: field remark is not a property of parks; ignored`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr holds a stack trace:\n%s", stderr)
	}

	if _, _, err := importRun(broken, "--collection", "parks"); err == nil || !strings.Contains(err.Error(), "--mode is required") {
		t.Errorf("without --mode: %v", err)
	}
	if _, _, err := importRun(broken, "--collection", "roads", "--mode", "append"); err == nil || !strings.Contains(err.Error(), "the collections are parks, projects, counties") {
		t.Errorf("unknown collection: %v", err)
	}

	good := file("good.csv", strings.ReplaceAll(header, "lon,lat", "wkt")+
		"qj-1,曲靖,Qujing,530402,planned,new-energy-battery,\"cathode,anode\",digitized,parkmap-schematic,"+square+",\n")
	stdout, stderr, err := importRun(good, "--collection", "parks", "--mode", "append", "--map", "编号=id")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if want := "imported 1 features into parks from " + good + " (EPSG:4326): 1 inserted, 0 updated, 0 deleted, 0 repaired\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
	base := startServerEnv(t, env)
	r := get(t, "GET", base+"/api/collections/parks/items/qj-1", nil)
	if r.status != 200 || !strings.Contains(string(r.body), `"segments":["cathode","anode"],"stages":["materials"]`) {
		t.Errorf("GET the imported zone: %d %s", r.status, r.body)
	}
}

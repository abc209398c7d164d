package api_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/api"
)

// TestShapefileREADME runs the README's ogr2ogr lines for a Shapefile, as
// written there but against a test server, and reads each Shapefile back:
// Chinese names and notes intact in UTF-8 and in GBK, the .cpg naming the
// encoding, and every zone's segments kept as text.
func TestShapefileREADME(t *testing.T) {
	ogr2ogr(t)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "(`TestShapefileREADME`):\n\n```sh\n")
	block, _, ok2 := strings.Cut(after, "```")
	if !ok || !ok2 {
		t.Fatal("the README has no block of Shapefile commands after (`TestShapefileREADME`):")
	}
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if len(lines) < 2 {
		t.Fatalf("the README's block has %d lines", len(lines))
	}
	base := serve(t, memoryStore(t), api.Config{})
	var want struct{ Features []*geojson.Feature }
	get(t, base+"/api/collections/parks/items?limit=10000", "application/geo+json", &want)
	encoding := regexp.MustCompile(`-lco ENCODING=(\S+)`)
	for _, line := range lines {
		t.Run(strings.Fields(line)[1], func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command("sh", "-c", strings.ReplaceAll(line, "http://127.0.0.1:8080", base))
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
			shp := filepath.Join(dir, strings.Fields(line)[1])
			enc := encoding.FindStringSubmatch(line)
			if enc == nil {
				t.Fatalf("%s names no encoding", line)
			}
			cpg, err := os.ReadFile(strings.TrimSuffix(shp, ".shp") + ".cpg")
			if err != nil || !strings.EqualFold(strings.TrimSpace(string(cpg)), enc[1]) {
				t.Errorf(".cpg %q (%v), want %s", cpg, err, enc[1])
			}
			got := gdalFeatures(t, shp, "id")
			if len(got) != len(want.Features) {
				t.Errorf("%d zones read back, want %d", len(got), len(want.Features))
			}
			chinese := 0
			for _, w := range want.Features {
				id := fmt.Sprint(w.ID)
				g, ok := got[id]
				if !ok {
					t.Errorf("zone %s is missing", id)
					continue
				}
				for _, name := range []string{"name_zh", "note_zh"} {
					if wv, _ := w.Properties[name].(string); g.Properties[name] != wv && (wv != "" || g.Properties[name] != nil) {
						t.Errorf("zone %s: %s %q, want %q", id, name, g.Properties[name], wv)
					} else if strings.ContainsFunc(wv, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
						chinese++
					}
				}
				// GDAL's GeoJSON writer turns a text field that holds a JSON
				// array back into an array.
				segments := fmt.Sprint(g.Properties["segments"])
				for _, s := range w.Properties["segments"].([]any) {
					if !strings.Contains(segments, s.(string)) {
						t.Errorf("zone %s: segments %q lacks %s", id, segments, s)
					}
				}
			}
			if chinese == 0 {
				t.Error("no Chinese text was compared")
			}
			if enc[1] != "UTF-8" {
				// The DBF holds the names in that encoding, not in UTF-8.
				dbf, err := os.ReadFile(strings.TrimSuffix(shp, ".shp") + ".dbf")
				if err != nil {
					t.Fatal(err)
				}
				name := want.Features[0].Properties["name_zh"].(string)
				if bytes.Contains(dbf, []byte(name)) {
					t.Errorf("the DBF holds %q in UTF-8, not %s", name, enc[1])
				}
			}
		})
	}
}

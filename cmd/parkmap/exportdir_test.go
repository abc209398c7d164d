package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/seed"
)

// TestExportFolder round-trips the bundled data, with generated parcels,
// through PostGIS: seed and gen → export → seed the export into an empty
// database → export again gives the same files byte for byte, and both
// databases serve the same zones and parcels, byte for byte.
func TestExportFolder(t *testing.T) {
	envA := seededDatabase(t)
	envB := map[string]string{"DATABASE_URL": postgistest.NewDatabase(t)}
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, step := range []struct {
		env  map[string]string
		args []string
	}{
		{envA, []string{"gen", "--parcels", "300", "--seed", "7"}},
		{envA, []string{"export", dirA}},
		{envB, []string{"migrate"}},
		{envB, []string{"seed", "--data", dirA}},
		{envB, []string{"export", dirB}},
	} {
		var out strings.Builder
		if err := run(context.Background(), step.args, func(k string) string { return step.env[k] }, &out, testWriter{t}); err != nil {
			t.Fatalf("parkmap %s: %v", strings.Join(step.args, " "), err)
		}
	}
	// city.json and the counties' attribution live in the database too
	// (migration 0006), so the export writes them back.
	for _, name := range []string{seed.FileCity, seed.FileChains, seed.FileSources, seed.FileParks, seed.FileProjects, seed.FileCounties, seed.FileParcels} {
		a, err := os.ReadFile(filepath.Join(dirA, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dirB, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between the first export (%d bytes) and the second (%d bytes)", name, len(a), len(b))
		}
	}
	exported, err := seed.Load(os.DirFS(dirA))
	if err != nil {
		t.Fatal(err)
	}
	bundled, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bundled.City, exported.City); diff != "" {
		t.Errorf("the exported city.json (-bundled +exported):\n%s", diff)
	}
	if exported.CountyAttribution != bundled.CountyAttribution {
		t.Errorf("the exported counties' attribution is %q, want %q", exported.CountyAttribution, bundled.CountyAttribution)
	}
	// One --base-url for both, so that the links do not differ by port.
	urlA := startServerEnv(t, envA, "--base-url", "http://parkmap.test/")
	urlB := startServerEnv(t, envB, "--base-url", "http://parkmap.test/")
	for _, path := range []string{"/api/collections/parks/items", "/api/collections/parcels/items?limit=1000"} {
		a, b := get(t, "GET", urlA+path, nil), get(t, "GET", urlB+path, nil)
		// The response's timeStamp is the time of the request, which two
		// requests need not share.
		stamp := regexp.MustCompile(`"timeStamp":"[^"]*"`)
		a.body, b.body = stamp.ReplaceAll(a.body, nil), stamp.ReplaceAll(b.body, nil)
		if a.status != 200 || b.status != 200 || !bytes.Equal(a.body, b.body) {
			t.Log(cmp.Diff(string(a.body), string(b.body)))
			t.Errorf("GET %s: %d, %d bytes from the seeded database; %d, %d bytes from the exported one, want the same",
				path, a.status, len(a.body), b.status, len(b.body))
		}
	}
	if !bytes.Contains(get(t, "GET", urlB+"/api/collections/parcels/items?limit=1", nil).body, []byte(`"numberMatched":300`)) {
		t.Error("the exported database does not hold the 300 generated parcels")
	}
}

// TestExportFolderEmbedded exports the bundled data without a database,
// exports that folder again and validates it: the same bytes both times.
func TestExportFolderEmbedded(t *testing.T) {
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, args := range [][]string{{"export", dirA}, {"export", "--data", dirA, dirB}, {"validate", dirB}} {
		var out strings.Builder
		if err := run(context.Background(), args, func(string) string { return "" }, &out, testWriter{t}); err != nil {
			t.Fatalf("parkmap %s: %v", strings.Join(args, " "), err)
		}
	}
	for _, name := range []string{seed.FileCity, seed.FileChains, seed.FileSources, seed.FileParks, seed.FileProjects, seed.FileCounties} {
		a, errA := os.ReadFile(filepath.Join(dirA, name))
		b, errB := os.ReadFile(filepath.Join(dirB, name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the exports (%v, %v)", name, errA, errB)
		}
	}
}

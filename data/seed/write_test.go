package seed

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestWriteRoundTrip writes the bundled dataset and loads it back: every
// field of every zone, project, county, chain and source survives.
func TestWriteRoundTrip(t *testing.T) {
	want, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Write(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(Dataset{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the dataset written and read back (-want +got):\n%s", diff)
	}
}

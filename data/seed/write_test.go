package seed

import (
	"io/fs"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestWriteRoundTrip writes the bundled dataset and loads it back: every
// field of every zone, project, county, chain and source survives.
func TestWriteRoundTrip(t *testing.T) {
	// The bundled data, and the synthetic city of the contract suite, which
	// has parcels too.
	for name, fsys := range map[string]fs.FS{"bundled": bundled, "city": os.DirFS("../storetest/testdata/city")} {
		t.Run(name, func(t *testing.T) {
			want, err := Load(fsys)
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
			if len(want.Parcels) != len(got.Parcels) || !slices.EqualFunc(want.parcelSources, got.parcelSources, slices.Equal) {
				t.Errorf("parcels' sources: wrote %v, read back %v", want.parcelSources, got.parcelSources)
			}
		})
	}
}

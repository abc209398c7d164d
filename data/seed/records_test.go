package seed

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb/geojson"
)

// TestParcelsFileErrors holds the parcels' decoding, one feature at a time,
// to the errors orb gives reading the whole file, and checks a null
// feature is refused (it made the reader dereference nil).
func TestParcelsFileErrors(t *testing.T) {
	feature := `{"type":"Feature","id":"a","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,0]]]},"properties":{}}`
	tests := []struct {
		name, text string
	}{
		{"not json", `{"type":"FeatureCollection","features":[` + feature},
		{"a list", `[` + feature + `]`},
		{"features an object", `{"type":"FeatureCollection","features":{}}`},
		{"type a number", `{"type":5,"features":[]}`},
		{"bbox text", `{"type":"FeatureCollection","bbox":"x","features":[]}`},
		{"unknown geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","geometry":{"type":"Blob"},"properties":{}}]}`},
		{"properties a number", `{"type":"FeatureCollection","features":[` + feature + `,{"type":"Feature","id":"b","geometry":null,"properties":5}]}`},
		{"not a feature", `{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[0,0]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, orbErr := geojson.UnmarshalFeatureCollection([]byte(tt.text))
			if orbErr == nil {
				t.Fatal("orb reads it: not a case for this test")
			}
			var d Dataset
			err := d.loadParcels(fstest.MapFS{FileParcels: {Data: []byte(tt.text)}})
			if err == nil {
				t.Fatal("loaded")
			}
			if diff := cmp.Diff(fmt.Sprintf("%s: %v", FileParcels, orbErr), err.Error()); diff != "" {
				t.Errorf("(-orb +got):\n%s", diff)
			}
		})
	}
	t.Run("null feature", func(t *testing.T) {
		var d Dataset
		err := d.loadParcels(fstest.MapFS{FileParcels: {Data: []byte(`{"type":"FeatureCollection","features":[` + feature + `,null]}`)}})
		if err == nil || err.Error() != "parcels.geojson: a feature is null" {
			t.Fatalf("got %v", err)
		}
	})
}

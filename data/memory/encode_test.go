package memory

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// TestAppendPolygon holds the Polygon fast path to the bytes of the
// general one, json.Marshal of the rounded geometry, on coordinates of
// every size encoding/json writes differently.
func TestAppendPolygon(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := []float64{0, math.Copysign(0, -1), 1e-8, -3e-8, 5e-7, 1.23456789e-6, 102.5, -179.99999995, 180, 90, 24.3512345678, 1e21, 2.5e22}
	for i := 0; i < 2000; i++ {
		values = append(values, (rng.Float64()*2-1)*math.Pow(10, float64(rng.IntN(30)-8)))
	}
	for i := 0; i+8 <= len(values); i += 4 {
		v := values[i : i+8]
		p := orb.Polygon{
			{{v[0], v[1]}, {v[2], v[3]}, {v[4], v[5]}, {v[0], v[1]}},
			{{v[6], v[7]}, {v[1], v[0]}, {v[6], v[7]}},
		}
		want, err := json.Marshal(geojson.NewGeometry(orb.Round(orb.Clone(p), 1e7)))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(appendPolygon(nil, p))); diff != "" {
			t.Fatalf("%v (-want +got):\n%s", p, diff)
		}
	}
}

// TestStoredGeometry: the geometry a page keeping some properties splices
// from the stored feature is the one encoded, though the id spells out the
// members' names, and null when there is none.
func TestStoredGeometry(t *testing.T) {
	def := geo.Parcels
	for _, r := range []geo.Record{
		{ID: `p","geometry":1,"properties":{"x":`, Geometry: orb.Polygon{{{102.5, 24.3}, {102.6, 24.3}, {102.6, 24.4}, {102.5, 24.3}}}},
		{ID: "no-geometry"},
	} {
		r.Values = make([]any, len(def.Properties))
		f, err := encodeFeature(def, r, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		var whole struct{ Geometry json.RawMessage }
		if err := json.Unmarshal(f, &whole); err != nil {
			t.Fatal(err)
		}
		if got := storedGeometry(f); !bytes.Equal(got, whole.Geometry) {
			t.Errorf("%s: spliced %s, want %s", r.ID, got, whole.Geometry)
		}
		kept, err := encodeFeatureWith(def, r, []string{"park"}, false, storedGeometry(f))
		if err != nil {
			t.Fatal(err)
		}
		again, err := encodeFeature(def, r, []string{"park"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(kept, again) {
			t.Errorf("%s: with the stored geometry %s, encoded anew %s", r.ID, kept, again)
		}
	}
}

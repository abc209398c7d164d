package memory_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/geo/cql2"
)

// exportWalk reads every match of q as an export does: bulk pages of size,
// each after the last one's Last; or, without bulk, counted pages at
// growing offsets, as exports did before.
func exportWalk(tb testing.TB, s *memory.Store, q geo.FeatureQuery, size int, bulk bool) []json.RawMessage {
	tb.Helper()
	var out []json.RawMessage
	q.Limit, q.Bulk = size, bulk
	for {
		page, err := s.Features(context.Background(), geo.Parcels, q)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, page.Features...)
		if len(page.Features) < size {
			return out
		}
		if bulk {
			q.After = page.Last
		} else {
			q.Offset += size
		}
	}
}

// exportQueries are the exports walked: all, by the box of the parcels
// (the scan), by a CQL2 filter, and both with a condition.
func exportQueries(tb testing.TB, ext orb.Bound) map[string]geo.FeatureQuery {
	filter, err := cql2.ParseText("land_use = 'M1' OR status = 'available'")
	if err != nil {
		tb.Fatal(err)
	}
	box := orb.Bound{Min: ext.Min, Max: orb.Point{(ext.Min[0] + ext.Max[0]) / 2, ext.Max[1]}}
	return map[string]geo.FeatureQuery{
		"all":    {},
		"bbox":   {BBox: &box},
		"filter": {Filter: filter},
		"bbox, filter and a condition": {BBox: &box, Filter: filter,
			Where: []geo.Condition{{Property: "status", AnyOf: []any{"available", "reserved"}}}},
	}
}

// TestExportWalk: on more parcels than the count cap, where bulk pages
// walk the items in id order (a CQL2 filter included), an export's bulk
// pages hold the features counted pages at offsets do.
func TestExportWalk(t *testing.T) {
	s, _, ext := parcelStore(t, 5_000)
	for name, q := range exportQueries(t, ext) {
		t.Run(name, func(t *testing.T) {
			want := exportWalk(t, s, q, 700, false)
			got := exportWalk(t, s, q, 700, true)
			if len(want) == 0 || !slices.EqualFunc(got, want, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
				t.Errorf("bulk pages: %d features, counted pages %d, or they differ", len(got), len(want))
			}
		})
	}
}

// BenchmarkExportWalk: one export of 100,000 parcels in pages of 5,000,
// by bulk pages after a keyset and, as before, by counted pages at offsets.
func BenchmarkExportWalk(b *testing.B) {
	s, _, ext := parcelStore(b, 100_000)
	for name, q := range exportQueries(b, ext) {
		for _, bulk := range []bool{true, false} {
			how := "offset"
			if bulk {
				how = "bulk"
			}
			b.Run(name+"/"+how, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					exportWalk(b, s, q, 5000, bulk)
				}
			})
		}
	}
}

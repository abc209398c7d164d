package main

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestGen generates the same parcels into PostGIS and into a data folder,
// serves both, and checks that the stores give the same parcels, marked
// synthetic, and that a second run replaces rather than adds.
func TestGen(t *testing.T) {
	env := seededDatabase(t)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"gen", "--parcels", "300", "--seed", "9"},
		{"gen", "--parcels", "500", "--seed", "9"},
		{"gen", "--parcels", "500", "--seed", "9", "--out", dir},
	} {
		var out strings.Builder
		if err := run(context.Background(), args, func(k string) string { return env[k] }, &out, testWriter{t}); err != nil {
			t.Fatalf("parkmap %s: %v", strings.Join(args, " "), err)
		}
	}
	type page struct {
		NumberMatched int
		Features      []struct {
			ID         string
			Properties map[string]any
		}
	}
	read := func(base string) page {
		r := get(t, "GET", base+"/api/collections/parcels/items?limit=10000", nil)
		var p page
		if err := json.Unmarshal(r.body, &p); err != nil {
			t.Fatalf("%v: %.200s", err, r.body)
		}
		return p
	}
	pg, mem := read(startServerEnv(t, env)), read(startServer(t, "--data", dir))
	if pg.NumberMatched != 500 || mem.NumberMatched != 500 {
		t.Fatalf("PostGIS has %d parcels, the folder %d; want 500 each (the second run replaced the first)", pg.NumberMatched, mem.NumberMatched)
	}
	for i := range mem.Features {
		m, p := mem.Features[i], pg.Features[i]
		if m.ID != p.ID || m.Properties["status"] != p.Properties["status"] || m.Properties["segment"] != p.Properties["segment"] {
			t.Fatalf("parcel %d: memory %s %v, PostGIS %s %v", i, m.ID, m.Properties, p.ID, p.Properties)
		}
		if m.Properties["geometry_accuracy"] != "synthetic" {
			t.Fatalf("%s is not marked synthetic", m.ID)
		}
		ma, pa := m.Properties["area_ha"].(float64), p.Properties["area_ha"].(float64)
		if math.Abs(ma-pa) > 0.0001*ma+0.0001 {
			t.Errorf("%s: area %v ha in memory, %v in PostGIS", m.ID, ma, pa)
		}
	}
	for _, args := range [][]string{{"gen", "--parcels", "-5"}, {"gen", "--parcels", "99999999999"}, {"gen", "--parcels", "10"}} {
		var out strings.Builder
		err := run(context.Background(), args, func(string) string { return "" }, &out, testWriter{t})
		if err == nil {
			t.Errorf("parkmap %s: no error", strings.Join(args, " "))
		}
	}
}

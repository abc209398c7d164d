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
	runEach(t, env,
		[]string{"gen", "--parcels", "300", "--seed", "9"},
		[]string{"gen", "--parcels", "500", "--seed", "9"},
		[]string{"gen", "--parcels", "500", "--seed", "9", "--out", dir})
	pg, mem := readAll(t, startServerEnv(t, env), "parcels"), readAll(t, startServer(t, "--data", dir), "parcels")
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
	for _, args := range [][]string{
		{"gen", "--parcels", "-5"}, {"gen", "--parcels", "99999999999"}, {"gen", "--parcels", "10"},
		{"gen", "--parcels", "10", "--zones", "-1", "--out", t.TempDir()},
		{"gen", "--parcels", "10", "--zones", "100001", "--out", t.TempDir()},
		{"gen", "--parcels", "10", "--zones", "99999", "--out", t.TempDir()}, // more than Yuxi's counties hold
	} {
		var out strings.Builder
		err := run(context.Background(), args, func(string) string { return "" }, &out, testWriter{t})
		if err == nil {
			t.Errorf("parkmap %s: no error", strings.Join(args, " "))
		}
	}
}

// TestGenZones generates zones and parcels into PostGIS and into a data
// folder: both serve the same zones, marked synthetic, with the city's own
// zones kept; a second run replaces the generated zones; the map's zone
// layer and the parcels agree on which zone each parcel lies in.
func TestGenZones(t *testing.T) {
	env := seededDatabase(t)
	dir := t.TempDir()
	runEach(t, env,
		[]string{"gen", "--zones", "40", "--parcels", "2000", "--seed", "3"},
		[]string{"gen", "--zones", "25", "--parcels", "1000", "--seed", "4"},
		[]string{"gen", "--zones", "25", "--parcels", "1000", "--seed", "4", "--out", dir})
	for name, base := range map[string]string{"PostGIS": startServerEnv(t, env), "memory": startServer(t, "--data", dir)} {
		zones, parcels := readAll(t, base, "parks"), readAll(t, base, "parcels")
		synthetic := map[string]bool{}
		for _, z := range zones.Features {
			if z.Properties["geometry_accuracy"] == "synthetic" {
				synthetic[z.ID] = true
			}
		}
		if zones.NumberMatched != 29 || len(synthetic) != 25 {
			t.Errorf("%s: %d zones, %d synthetic; want 4 of the city's and 25 generated", name, zones.NumberMatched, len(synthetic))
		}
		if parcels.NumberMatched != 1000 {
			t.Errorf("%s: %d parcels, want 1000", name, parcels.NumberMatched)
		}
		var city struct {
			SyntheticZones bool `json:"synthetic_zones"`
			Description    struct{ EN string }
		}
		if err := json.Unmarshal(get(t, "GET", base+"/api/city", nil).body, &city); err != nil {
			t.Fatal(err)
		}
		if !city.SyntheticZones || !strings.Contains(city.Description.EN, "Some zones are synthetic") {
			t.Errorf("%s: /api/city does not say that some zones are synthetic: %+v", name, city)
		}
		inSynthetic := 0
		for _, p := range parcels.Features {
			if synthetic[p.Properties["park"].(string)] {
				inSynthetic++
			}
		}
		// Parcels go to zones by area: 25 generated zones hold about as
		// much land as the city's four.
		if inSynthetic < 200 || inSynthetic > 800 {
			t.Errorf("%s: %d of 1000 parcels lie in generated zones", name, inSynthetic)
		}
	}
}

// runEach runs parkmap with each list of arguments in turn, in env.
func runEach(t *testing.T, env map[string]string, runs ...[]string) {
	t.Helper()
	for _, args := range runs {
		var out strings.Builder
		if err := run(context.Background(), args, func(k string) string { return env[k] }, &out, testWriter{t}); err != nil {
			t.Fatalf("parkmap %s: %v", strings.Join(args, " "), err)
		}
	}
}

// featurePage is a page of items as the gen tests read them.
type featurePage struct {
	NumberMatched int
	Features      []struct {
		ID         string
		Properties map[string]any
	}
}

// readAll reads every feature of a collection, up to 10,000, in one page.
func readAll(t *testing.T, base, collection string) featurePage {
	t.Helper()
	r := get(t, "GET", base+"/api/collections/"+collection+"/items?limit=10000", nil)
	var p featurePage
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("%v: %.200s", err, r.body)
	}
	return p
}

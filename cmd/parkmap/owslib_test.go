package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestOWSLib runs OWSLib's OGC API - Features client (python3-owslib,
// testdata/owslib_calls.py) against both stores: the queryables, CQL2
// filters in text and JSON, responses in CGCS2000 (latitude first) and in
// Gauss–Krüger with a bbox in another Gauss–Krüger CRS, one feature. The
// server's log shows that each filter and CRS went to the server, which
// answered them.
func TestOWSLib(t *testing.T) {
	t.Run("memory", func(t *testing.T) { testOWSLib(t, map[string]string{}) })
	t.Run("postgis", func(t *testing.T) { testOWSLib(t, seededDatabase(t)) })
}

func testOWSLib(t *testing.T, env map[string]string) {
	env["PARKMAP_LOG"] = "debug"
	log := &lockedBuffer{}
	base := startServerLog(t, env, log)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", "testdata/owslib_calls.py", base)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("OWSLib: %v\n%s", err, stderr.String())
	}
	type located struct {
		ID    string
		IDs   []string
		First [2]float64
	}
	var got struct {
		Queryables  []string
		FilterText  []string `json:"filter cql2-text"`
		FilterJSON  []string `json:"filter cql2-json"`
		CGCS2000    located  `json:"crs 4490"`
		GaussKruger located  `json:"gauss-kruger"`
		OneFeature  string   `json:"one feature"`
		CQLPost     string   `json:"cql POST"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("OWSLib printed %q: %v", out, err)
	}
	if want := []string{"area_ha", "chain", "county_code", "geometry", "geometry_accuracy", "name_en", "name_zh",
		"planned_area_km2", "segments", "stages", "status"}; !slices.Equal(got.Queryables, want) {
		t.Errorf("queryables %v, want %v", got.Queryables, want)
	}
	if want := []string{"hongta", "longquan"}; !slices.Equal(got.FilterText, want) {
		t.Errorf("cql2-text filter: %v, want %v", got.FilterText, want)
	}
	if want := []string{"huaning"}; !slices.Equal(got.FilterJSON, want) {
		t.Errorf("cql2-json filter: %v, want %v", got.FilterJSON, want)
	}
	// Latitude first in CGCS2000, as EPSG defines it: Hongta is near
	// 24.4°N 102.56°E.
	if c := got.CGCS2000; c.ID != "hongta" || c.First[0] < 24 || c.First[0] > 25 || c.First[1] < 102 || c.First[1] > 103 {
		t.Errorf("EPSG:4490: %+v, want hongta at about 24.4, 102.56 (lat, lon)", c)
	}
	// Northing first in Gauss–Krüger; EPSG:4543 has no zone prefix.
	if g := got.GaussKruger; !slices.Equal(g.IDs, []string{"longquan"}) || g.First[0] < 2.6e6 || g.First[0] > 2.8e6 || g.First[1] < 4e5 || g.First[1] > 7e5 {
		t.Errorf("EPSG:4543 with a bbox in EPSG:4522: %+v, want longquan, northing about 2,690 km first", g)
	}
	if got.OneFeature != "huaning" || got.CQLPost != "MethodNotAllowed" {
		t.Errorf("one feature %q, cql POST %q, want huaning and MethodNotAllowed (the API is read-only)", got.OneFeature, got.CQLPost)
	}

	// What OWSLib sent, from the server's log: each filter and CRS as a
	// parameter of the items request, none dropped.
	var sent []map[string]string
	for _, q := range itemsRequests(t, log.String())["parks"] {
		m := map[string]string{}
		for k := range q {
			m[k] = q.Get(k)
		}
		sent = append(sent, m)
	}
	want := []map[string]string{
		{"filter": "status = 'operating' AND A_CONTAINS(segments, ('cathode'))"},
		{"filter": `{"op": "and", "args": [{"op": "=", "args": [{"property": "county_code"}, "530424"]}, {"op": ">", "args": [{"property": "area_ha"}, 100]}]}`, "filter-lang": "cql2-json"},
		{"crs": "http://www.opengis.net/def/crs/EPSG/0/4490", "limit": "1"},
		{"crs": "http://www.opengis.net/def/crs/EPSG/0/4543", "bbox": "2680000,34560000,2700000,34580000", "bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/4522"},
	}
	if diff := cmp.Diff(want, sent, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("OWSLib's items requests (-want +got):\n%s", diff)
	}
}

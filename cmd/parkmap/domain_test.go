package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestCoverage(t *testing.T) {
	stores(t, func(t *testing.T, base string) {
		var cov struct {
			Parks    []struct{ ID string }
			Segments []struct {
				Slug  string
				Parks []string
			}
			Gaps     []string
			Overlaps []struct {
				Segment string
				Parks   []string
			}
		}
		r := get(t, "GET", base+"/api/coverage", nil)
		if err := json.Unmarshal(r.body, &cov); err != nil {
			t.Fatalf("%v: %s", err, r.body)
		}
		if len(cov.Parks) != 4 || len(cov.Segments) != 20 {
			t.Errorf("%d zones × %d segments, want 4 × 20", len(cov.Parks), len(cov.Segments))
		}
		// The article assigns cathode to two zones and nothing to these.
		if len(cov.Overlaps) != 1 || cov.Overlaps[0].Segment != "cathode" || !slices.Equal(cov.Overlaps[0].Parks, []string{"hongta", "longquan"}) {
			t.Errorf("overlaps %+v, want cathode in hongta and longquan", cov.Overlaps)
		}
		// In chain order: the segments no zone of the article hosts.
		wantGaps := []string{"phosphate-rock", "lithium-resource", "graphite", "lipf6", "aluminium-foil"}
		if !slices.Equal(cov.Gaps, wantGaps) {
			t.Errorf("gaps %v, want %v", cov.Gaps, wantGaps)
		}

		r = get(t, "GET", base+"/api/coverage?f=csv", nil)
		if !bytes.HasPrefix(r.body, []byte("\uFEFF")) {
			t.Error("CSV has no UTF-8 byte-order mark")
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type %q", ct)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 21 || rows[0][0] != "segment" || !slices.Contains(rows[0], "longquan") {
			t.Fatalf("CSV: %d rows, header %v", len(rows), rows[0])
		}
		for _, row := range rows[1:] {
			if row[0] == "cathode" && (row[1] != "正极材料" || row[len(row)-1] != "overlap") {
				t.Errorf("cathode row %v", row)
			}
		}
	})
}

type sitingResponse struct {
	Segment struct {
		Slug      string
		Suppliers []string
	}
	Results []struct {
		Park       string
		Score      float64
		Reasons    []string
		Components struct {
			Assigned bool
			NearM    *float64 `json:"near_m"`
		}
	}
}

func TestSiting(t *testing.T) {
	stores(t, func(t *testing.T, base string) {
		siting := func(t *testing.T, query string) sitingResponse {
			t.Helper()
			r := get(t, "GET", base+"/api/siting?"+query, nil)
			if r.status != 200 {
				t.Fatalf("%s: %d %s", query, r.status, r.body)
			}
			var s sitingResponse
			if err := json.Unmarshal(r.body, &s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		order := func(s sitingResponse) string {
			var ids []string
			for _, r := range s.Results {
				ids = append(ids, r.Park)
			}
			return strings.Join(ids, ",")
		}
		// Huaning is assigned electrolyte and hosts lithium carbonate, which feeds LiPF₆.
		s := siting(t, "segment=electrolyte&lang=en")
		if s.Results[0].Park != "huaning" || !s.Results[0].Components.Assigned {
			t.Errorf("electrolyte: %s, want huaning first and assigned", order(s))
		}
		if !strings.Contains(strings.Join(s.Results[0].Reasons, "\n"), "The zone plan assigns electrolyte here") {
			t.Errorf("reasons %q", s.Results[0].Reasons)
		}
		// A gap: no zone hosts LiPF₆; Huaning hosts both its supplier and its customer.
		s = siting(t, "segment=lipf6&lang=zh")
		if s.Results[0].Park != "huaning" {
			t.Errorf("lipf6: %s, want huaning first", order(s))
		}
		if !strings.Contains(strings.Join(s.Results[0].Reasons, "\n"), "碳酸锂") {
			t.Errorf("Chinese reasons %q lack 碳酸锂", s.Results[0].Reasons)
		}
		// Separator is assigned to Hongta alone.
		if s := siting(t, "segment=separator"); s.Results[0].Park != "hongta" {
			t.Errorf("separator: %s", order(s))
		}
		// With only the point weighed, the zone containing it wins.
		s = siting(t, "segment=cathode&near=102.15,24.69&w_assigned=0&w_suppliers=0&w_customers=0&w_near=1")
		if s.Results[0].Park != "yimen" || s.Results[0].Components.NearM == nil || *s.Results[0].Components.NearM != 0 {
			t.Errorf("near yimen: %s", order(s))
		}
		// The same question twice gives the same answer.
		if a, b := order(siting(t, "segment=anode")), order(siting(t, "segment=anode")); a != b {
			t.Errorf("not deterministic: %s vs %s", a, b)
		}
	})
}

func TestLocate(t *testing.T) {
	var answers [2]map[string]float64
	i := 0
	stores(t, func(t *testing.T, base string) {
		var loc struct {
			County  *struct{ Code string }
			Park    *string
			Nearest []struct {
				Park      string
				DistanceM float64 `json:"distance_m"`
			}
		}
		r := get(t, "GET", base+"/api/locate?lon=102.72&lat=24.31", nil)
		if err := json.Unmarshal(r.body, &loc); err != nil {
			t.Fatal(err)
		}
		if loc.County == nil || loc.County.Code != "530403" || loc.Park == nil || *loc.Park != "longquan" {
			t.Errorf("locate longquan: %s", r.body)
		}
		answers[i] = map[string]float64{}
		for _, n := range loc.Nearest {
			answers[i][n.Park] = n.DistanceM
		}
		i++
	})
	if i == 2 {
		for park, d := range answers[0] {
			if e := answers[1][park]; math.Abs(d-e) > 0.005*d+1 {
				t.Errorf("%s: memory %.0f m, PostGIS %.0f m: more than 0.5%% apart", park, d, e)
			}
		}
	}
}

// TestLocateAnywhere: /api/locate takes any point on Earth, poles,
// antimeridian and Yuxi's antipode included, and both stores give the same
// nearest zones at the same distances (Vincenty's method, which the
// embedded store used, fell 100 km short near the antipode).
func TestLocateAnywhere(t *testing.T) {
	points := []string{"lon=-77.28&lat=-24.31", "lon=-77.5&lat=-24", "lon=180&lat=0", "lon=-180&lat=-90", "lon=0&lat=90", "lon=-0.5&lat=51.5"}
	var answers [2][]map[string]float64
	i := 0
	stores(t, func(t *testing.T, base string) {
		for _, q := range points {
			var loc struct {
				Park    *string
				Nearest []struct {
					Park      string
					DistanceM float64 `json:"distance_m"`
				}
			}
			r := get(t, "GET", base+"/api/locate?n=3&"+q, nil)
			if r.status != 200 || json.Unmarshal(r.body, &loc) != nil || loc.Park != nil || len(loc.Nearest) != 3 {
				t.Errorf("locate %s: %d %s", q, r.status, r.body)
				continue
			}
			m := map[string]float64{}
			for _, n := range loc.Nearest {
				m[n.Park] = n.DistanceM
			}
			answers[i] = append(answers[i], m)
		}
		i++
	})
	if i == 2 && len(answers[0]) == len(answers[1]) {
		for k, q := range points {
			for park, d := range answers[0][k] {
				if e, ok := answers[1][k][park]; !ok || math.Abs(d-e) > 1e-4*d {
					t.Errorf("locate %s: %s at %.0f m in memory, %.0f m in PostGIS (%v)", q, park, d, e, ok)
				}
			}
		}
	}
}

func TestDomainBadInput(t *testing.T) {
	tests := []struct {
		name, path string
		status     int
		want       string
	}{
		{"no segment", "/api/siting", 400, "segment is required"},
		{"unknown segment", "/api/siting?segment=coal", 400, "valid: phosphate-rock"},
		{"injected segment", "/api/siting?segment=%27%3B%20DROP%20TABLE%20parks", 400, "unknown segment"},
		{"point of one number", "/api/siting?segment=cathode&near=102.7", 400, "lon,lat"},
		{"point off the world", "/api/siting?segment=cathode&near=200,24", 400, "outside -180..180"},
		{"point of words", "/api/siting?segment=cathode&near=east,north", 400, "not a finite number"},
		{"negative weight", "/api/siting?segment=cathode&w_near=-1", 400, "from 0 to 1000"},
		{"weight of words", "/api/siting?segment=cathode&w_assigned=lots", 400, "not a finite number"},
		{"all weights zero", "/api/siting?segment=cathode&w_assigned=0&w_suppliers=0&w_customers=0&w_near=0", 400, "at least one weight"},
		{"unknown language", "/api/siting?segment=cathode&lang=fr", 400, "zh or en"},
		{"unknown weight", "/api/siting?segment=cathode&w_price=1", 400, "unknown parameter"},
		{"locate without lat", "/api/locate?lon=102", 400, "lon and lat are required"},
		{"locate off the world", "/api/locate?lon=102&lat=95", 400, "outside -90..90"},
		{"locate NaN", "/api/locate?lon=NaN&lat=24", 400, "not a finite number"},
		{"locate past the antimeridian", "/api/locate?lon=180.5&lat=24", 400, "outside -180..180"},
		{"locate past the south pole", "/api/locate?lon=102&lat=-90.01", 400, "outside -90..90"},
		{"coverage of an unknown chain", "/api/coverage?chain=tea", 400, "unknown chain"},
		{"coverage as xml", "/api/coverage?f=xml", 400, "f=json"},
	}
	stores(t, func(t *testing.T, base string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := get(t, "GET", base+tt.path, nil)
				var e struct{ Code, Description string }
				if r.status != tt.status || json.Unmarshal(r.body, &e) != nil || !strings.Contains(e.Description, tt.want) {
					t.Errorf("%s: %d %s; want %d saying %q", tt.path, r.status, r.body, tt.status, tt.want)
				}
			})
		}
	})
}

package api_test

import (
	"slices"
	"strings"
	"testing"
)

// testSitingParcels asks the synthetic city for parcels: the one available
// parcel big enough, in the zone that hosts the segment, ranked with its
// zone's score and place, its reasons in the language asked, and said to be
// synthetic because its data says so.
func testSitingParcels(t *testing.T, base string) {
	type parcel struct {
		ID        string   `json:"parcel"`
		Zone      string   `json:"park"`
		Accuracy  string   `json:"geometry_accuracy"`
		Score     float64  `json:"score"`
		ZoneScore float64  `json:"zone_score"`
		ZoneRank  int      `json:"zone_rank"`
		Reasons   []string `json:"reasons"`
		Sources   []string `json:"sources"`
		Geometry  struct {
			Type string `json:"type"`
		} `json:"geometry"`
	}
	var body struct {
		Mode      string   `json:"mode"`
		Limit     int      `json:"limit"`
		MinAreaHa *float64 `json:"min_area_ha"`
		Results   *[]any   `json:"results"`
		Parcels   []parcel `json:"parcels"`
		Notes     []string `json:"notes"`
	}
	get(t, base+"/api/siting?segment=paste&mode=parcels&lang=en&near=100.12,10.06", "application/json", &body)
	if body.Mode != "parcels" || body.Limit != 20 || body.MinAreaHa == nil || *body.MinAreaHa != 0 || body.Results != nil {
		t.Errorf("mode %q limit %d min area %v results %v", body.Mode, body.Limit, body.MinAreaHa, body.Results)
	}
	if len(body.Parcels) != 1 {
		t.Fatalf("%d parcels, want Lot.B alone: %+v", len(body.Parcels), body.Parcels)
	}
	p := body.Parcels[0]
	if p.ID != "Lot.B" || p.Zone != "alpha" || p.Accuracy != "synthetic" || p.ZoneRank != 1 || p.Score > p.ZoneScore || p.Geometry.Type != "Polygon" {
		t.Errorf("parcel %+v", p)
	}
	if !slices.ContainsFunc(p.Reasons, func(r string) bool { return strings.HasPrefix(r, "A synthetic parcel (geometry_accuracy: synthetic)") }) ||
		!slices.ContainsFunc(p.Reasons, func(r string) bool { return strings.HasPrefix(r, "In Alpha") }) {
		t.Errorf("reasons %q", p.Reasons)
	}
	if len(body.Notes) != 1 || !strings.Contains(body.Notes[0], "1 of the 1 parcels are synthetic") {
		t.Errorf("notes %q", body.Notes)
	}
	var zh struct {
		Parcels []parcel `json:"parcels"`
		Notes   []string `json:"notes"`
	}
	get(t, base+"/api/siting?segment=paste&mode=parcels&lang=zh&min_area_ha=1000", "application/json", &zh)
	if len(zh.Parcels) != 0 || len(zh.Notes) != 0 {
		t.Errorf("parcels of 1000 ha: %+v %q", zh.Parcels, zh.Notes)
	}
	get(t, base+"/api/siting?segment=paste&mode=parcels&lang=zh", "application/json", &zh)
	if len(zh.Parcels) != 1 || !strings.Contains(zh.Notes[0], "合成地块") || !slices.ContainsFunc(zh.Parcels[0].Reasons, func(r string) bool { return strings.HasPrefix(r, "合成地块") }) {
		t.Errorf("zh: %+v %q", zh.Parcels, zh.Notes)
	}
	var zones struct {
		Mode    string `json:"mode"`
		Zones   int    `json:"zones"`
		Results []struct {
			Park string `json:"park"`
		} `json:"results"`
	}
	get(t, base+"/api/siting?segment=paste&limit=2", "application/json", &zones)
	if zones.Mode != "zones" || zones.Zones != 4 || len(zones.Results) != 2 || zones.Results[0].Park != "alpha" {
		t.Errorf("zones: %+v", zones)
	}
}

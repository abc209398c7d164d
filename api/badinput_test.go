package api_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// testBadInput holds every malformed or unknown request to a JSON error
// {code, description} with the right 4xx, never a 500, and checks that
// nothing stored was lost to the attempts.
func testBadInput(t *testing.T, base string) {
	injection := url.QueryEscape("'; DROP TABLE parks; --")
	tests := []struct {
		name, method, path string
		status             int
		want               string // in the description
	}{
		{"bbox of 3 numbers", "GET", "/api/collections/parks/items?bbox=1,2,3", 400, "bbox must be 4 numbers"},
		{"bbox of 5 numbers", "GET", "/api/collections/parks/items?bbox=1,2,3,4,5", 400, "bbox must be 4 numbers"},
		{"bbox out of range", "GET", "/api/collections/parks/items?bbox=0,0,200,1", 400, "outside -180..180"},
		{"bbox of words", "GET", "/api/collections/parks/items?bbox=a,b,c,d", 400, "not a finite number"},
		{"bbox inverted", "GET", "/api/collections/parks/items?bbox=0,10,1,5", 400, "above the maximum"},
		{"bbox twice", "GET", "/api/collections/parks/items?bbox=1,2,3,4&bbox=1,2,3,4", 400, "given 2 times"},
		{"negative limit", "GET", "/api/collections/parks/items?limit=-1", 400, "must not be negative"},
		{"limit of words", "GET", "/api/collections/parks/items?limit=ten", 400, "whole number"},
		{"zero limit", "GET", "/api/collections/parks/items?limit=0", 400, "at least 1"},
		{"huge limit", "GET", "/api/collections/parks/items?limit=99999999999999999999", 400, "whole number"},
		{"negative offset", "GET", "/api/collections/parks/items?offset=-5", 400, "must not be negative"},
		{"unknown parameter", "GET", "/api/collections/parks/items?colour=red", 400, "allowed here: bbox, limit"},
		{"unknown parameter on a feature", "GET", "/api/collections/parks/items/QJ_01?bbox=1,2,3,4", 400, "unknown parameter \"bbox\""},
		{"unknown collection", "GET", "/api/collections/factories/items", 404, "the collections are parks, projects, counties"},
		{"unknown segment", "GET", "/api/collections/parks/items?segment=unobtainium", 400, "valid: ore, acid, foil"},
		{"injected segment", "GET", "/api/collections/parks/items?segment=" + injection, 400, "unknown segment"},
		{"empty segment", "GET", "/api/collections/parks/items?segment=", 400, "segment is empty"},
		{"siting, unknown segment", "GET", "/api/siting?segment=unobtainium&mode=parcels", 400, "unknown segment \"unobtainium\"; valid: ore, acid"},
		{"siting, negative area", "GET", "/api/siting?segment=cell&mode=parcels&min_area_ha=-2", 400, "min_area_ha must be a number of hectares from 0"},
		{"siting, area of words", "GET", "/api/siting?segment=cell&mode=parcels&min_area_ha=NaN", 400, "min_area_ha must be"},
		{"siting, absurd area", "GET", "/api/siting?segment=cell&mode=parcels&min_area_ha=1e300", 400, "min_area_ha must be"},
		{"siting, area without parcels", "GET", "/api/siting?segment=cell&min_area_ha=2", 400, "min_area_ha applies to mode=parcels"},
		{"siting, absurd parcel limit", "GET", "/api/siting?segment=cell&mode=parcels&limit=1000000", 400, "limit must be a whole number from 1 to 1000 for mode=parcels"},
		{"siting, zero limit", "GET", "/api/siting?segment=cell&limit=0", 400, "from 1 to 10000 for mode=zones"},
		{"siting, limit of words", "GET", "/api/siting?segment=cell&limit=all", 400, "limit must be a whole number"},
		{"siting, unknown mode", "GET", "/api/siting?segment=cell&mode=lots", 400, "mode must be zones or parcels"},
		{"unknown stage", "GET", "/api/collections/parks/items?stage=mining", 400, "valid: raw, parts, assembly"},
		{"empty stage", "GET", "/api/collections/parks/items?stages=,", 400, "stages is empty"},
		{"bad county", "GET", "/api/collections/parks/items?county=hongta", 400, "valid: 990101, 990102, 990199"},
		{"bad status", "GET", "/api/collections/parks/items?status=open", 400, "operating, planned, reserved"},
		{"bad accuracy", "GET", "/api/collections/projects/items?geometry_accuracy=guessed", 400, "surveyed, digitized, schematic, synthetic"},
		{"filter projects lack", "GET", "/api/collections/projects/items?status=planned", 400, "unknown parameter \"status\""},
		{"filter by a property no filter names", "GET", "/api/collections/parks/items?note_en=x", 400, "unknown parameter \"note_en\""},
		{"unknown sort key", "GET", "/api/collections/parks/items?sortby=-colour", 400, "sortable: id, name_zh"},
		{"sort by a list", "GET", "/api/collections/parks/items?sortby=segments", 400, "cannot sort by \"segments\""},
		{"sort by an empty key", "GET", "/api/collections/parks/items?sortby=-", 400, "empty key"},
		{"sort by one key twice", "GET", "/api/collections/parks/items?sortby=id,-id", 400, "names \"id\" twice"},
		{"unknown property", "GET", "/api/collections/parks/items?properties=name_zh,colour", 400, "the properties are: name_zh"},
		{"bad skipGeometry", "GET", "/api/collections/parks/items?skipGeometry=maybe", 400, "true or false"},
		{"bad datetime", "GET", "/api/collections/parks/items?datetime=yesterday", 400, "datetime must be"},
		{"bad datetime end", "GET", "/api/collections/parks/items?datetime=2024-01-01/later", 400, "the end \"later\""},
		{"datetime backwards", "GET", "/api/collections/parks/items?datetime=2024-02-01/2024-01-01", 400, "ends before it starts"},
		{"datetime open both ends", "GET", "/api/collections/parks/items?datetime=../..", 400, "open at both ends"},
		{"number filter of words", "GET", "/api/collections/parks/items?area_ha=big", 400, "not a finite number"},
		{"number filter NaN", "GET", "/api/collections/parks/items?planned_area_km2=NaN", 400, "not a finite number"},
		{"unknown queryables", "GET", "/api/collections/factories/queryables", 404, "the collections are"},
		{"unknown schema", "GET", "/api/collections/factories/schema", 404, "the collections are"},
		{"unknown feature", "GET", "/api/collections/parks/items/atlantis", 404, "no feature"},
		{"ids are case-sensitive", "GET", "/api/collections/parks/items/qj_01", 404, "no feature"},
		{"a project's id among zones", "GET", "/api/collections/parks/items/p.300", 404, "no feature"},
		{"strange id", "GET", "/api/collections/parks/items/" + url.PathEscape("龙泉 park"), 400, "malformed"},
		{"injected id", "GET", "/api/collections/parks/items/" + url.PathEscape("'; DROP TABLE parks; --"), 400, "malformed"},
		{"id with a dot first", "GET", "/api/collections/parks/items/.hidden", 400, "malformed"},
		{"id too long", "GET", "/api/collections/parks/items/" + strings.Repeat("a", 201), 400, "malformed"},
		{"format not offered", "GET", "/api/collections/parks/items?f=xml", 400, "f=json, f=csv, f=geojsonseq, f=kml, f=gpkg, f=html"},
		{"no page for the schema", "GET", "/api/collections/parks/schema?f=html", 400, "f=json"},
		{"csv of one feature", "GET", "/api/collections/parks/items/QJ_01?f=csv", 400, "f=json, f=html"},
		{"unknown chain", "GET", "/api/chain?chain=tea", 400, "valid: synth-cells, synth-tea"},
		{"no such path", "GET", "/api/nothing", 404, "nothing at /api/nothing"},
		{"write", "POST", "/api/collections/parks/items", 405, "read-only"},
		{"delete", "DELETE", "/api/collections/parks/items/QJ_01", 405, "read-only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := request(t, tt.method, base+tt.path, nil)
			if r.status != tt.status {
				t.Errorf("status %d, want %d; body %s", r.status, tt.status, r.body)
			}
			var e struct{ Code, Description string }
			if err := json.Unmarshal(r.body, &e); err != nil || e.Code == "" || e.Description == "" {
				t.Fatalf("body is not a JSON error {code, description}: %v: %s", err, r.body)
			}
			if !strings.Contains(e.Description, tt.want) {
				t.Errorf("description %q does not say %q", e.Description, tt.want)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want application/json", ct)
			}
		})
	}
	var fc struct{ NumberMatched int }
	get(t, base+"/api/collections/parks/items", "application/geo+json", &fc)
	if fc.NumberMatched != len(allZones) {
		t.Errorf("after bad input: %d zones, want %d", fc.NumberMatched, len(allZones))
	}
}

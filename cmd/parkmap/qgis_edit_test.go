package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// TestQGISEditsSegments: a planner edits a zone's segments in QGIS 3.22
// (its PostgreSQL provider, headless: testdata/qgis_edit.py) on the
// database a server reads. The edit is saved; the server then serves the
// new list with the stages it implies, and filters by it; a list naming a
// segment nobody defined is refused with the database's reason, and the
// zone keeps the saved list. A zone the planner adds, citing a source, is
// served with the source's citation (migrations 0012 and 0013).
func TestQGISEditsSegments(t *testing.T) {
	env := seededDatabase(t)
	base := startServerEnv(t, env)
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	chain, _ := d.Chain("new-energy-battery")
	want := []string{"anode", "cells"}
	wantStages := chain.StagesOf(want)
	if len(wantStages) < 2 {
		t.Fatalf("anode and cells are in stages %v of the bundled chain, want two", wantStages)
	}
	zone := func() (segments, stages []string) {
		t.Helper()
		r := get(t, "GET", base+"/api/collections/parks/items/hongta", nil)
		var f struct {
			Properties struct{ Segments, Stages []string }
		}
		if err := json.Unmarshal(r.body, &f); err != nil || r.status != 200 {
			t.Fatalf("hongta: %d %v", r.status, err)
		}
		return f.Properties.Segments, f.Properties.Stages
	}
	if segments, _ := zone(); slices.Equal(segments, want) { // and now in the server's cache
		t.Fatalf("hongta already hosts %v", want)
	}

	var got struct {
		FieldType     string   `json:"field type"`
		Edit          edited   `json:"edit"`
		ReadBack      []string `json:"read back"`
		Unknown       edited   `json:"unknown segment"`
		ReadBackAfter []string `json:"read back after"`
		Added         edited   `json:"added"`
	}
	const source = "parkmap-schematic"
	runQGIS(t, &got, "testdata/qgis_edit.py", append([]string{env["DATABASE_URL"], "hongta", source}, want...)...)
	if got.FieldType != "_text" || !got.Edit.Saved || !slices.Equal(got.ReadBack, want) {
		t.Errorf("QGIS's edit: field %q, %+v, read back %v; want a text[] saved as %v", got.FieldType, got.Edit, got.ReadBack, want)
	}
	if got.Unknown.Saved || !strings.Contains(strings.Join(got.Unknown.Errors, " "), `Key (segment)=(no-such-segment) is not present in table "segments"`) {
		t.Errorf("QGIS's edit naming an unknown segment: %+v, want refused by the foreign key", got.Unknown)
	}
	if !slices.Equal(got.ReadBackAfter, want) {
		t.Errorf("after the refused edit QGIS reads %v, want %v", got.ReadBackAfter, want)
	}

	// The server hears of the edit (NOTIFY) and drops what it kept.
	var segments, stages []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if segments, stages = zone(); slices.Equal(segments, want) {
			break
		}
	}
	if !slices.Equal(segments, want) || !slices.Equal(stages, wantStages) {
		t.Errorf("the server serves hongta with segments %v and stages %v, want %v and %v", segments, stages, want, wantStages)
	}
	r := get(t, "GET", base+"/api/collections/parks/items?segment=cells", nil)
	if !strings.Contains(string(r.body), `"id":"hongta"`) {
		t.Errorf("segment=cells leaves hongta out: %s", r.body)
	}

	if !got.Added.Saved {
		t.Fatalf("QGIS could not add a zone: %v", got.Added.Errors)
	}
	r = get(t, "GET", base+"/api/collections/parks/items/added-in-qgis", nil)
	var added struct{ Properties struct{ Sources []string } }
	if err := json.Unmarshal(r.body, &added); err != nil || r.status != 200 {
		t.Fatalf("the zone added in QGIS: %d %v", r.status, err)
	}
	if want := geo.NewCiter(d.Sources)([]string{source}); !slices.Equal(added.Properties.Sources, want) || want[0] == source {
		t.Errorf("the zone added in QGIS cites %q, want %q", added.Properties.Sources, want)
	}
}

// edited is what qgis_edit.py says of one edit.
type edited struct {
	Saved  bool     `json:"saved"`
	Errors []string `json:"errors"`
}

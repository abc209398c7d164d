package storetest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/geo"
)

// TestCity holds the synthetic city to what makes it a fixture: marked
// synthetic everywhere, so that nobody mistakes it for data, and with the
// edges the suite relies on.
func TestCity(t *testing.T) {
	d, err := City()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Sources) != 1 || !strings.Contains(d.Sources[0].Title, "Synthetic test data") {
		t.Errorf("sources %+v, want the one synthetic source", d.Sources)
	}
	if !strings.Contains(d.CountyAttribution, "Synthetic") {
		t.Errorf("county attribution %q does not say synthetic", d.CountyAttribution)
	}
	id := regexp.MustCompile(geo.Parks.IDPattern)
	hosts := map[string]int{}
	statuses := map[geo.Status]bool{}
	for _, p := range d.Parks {
		if p.Accuracy != geo.AccuracySynthetic {
			t.Errorf("zone %s: accuracy %q, want synthetic", p.ID, p.Accuracy)
		}
		if !id.MatchString(p.ID) || p.NameZH == "" || p.NameEN == "" {
			t.Errorf("zone %s: an id that is no slug, or a name missing", p.ID)
		}
		for _, s := range p.Segments {
			hosts[s]++
		}
		statuses[p.Status] = true
	}
	for _, p := range d.Projects {
		if p.Location != nil && p.Accuracy != geo.AccuracySynthetic {
			t.Errorf("project %s: accuracy %q, want synthetic", p.ID, p.Accuracy)
		}
	}
	if len(d.Parcels) == 0 {
		t.Error("no parcels")
	}
	for _, r := range d.Parcels {
		if a := geo.Parcels.Value(r, "geometry_accuracy"); a != string(geo.AccuracySynthetic) {
			t.Errorf("parcel %s: accuracy %v, want synthetic", r.ID, a)
		}
	}
	chain, _ := d.Chain("synth-cells")
	if chain == nil || len(chain.Stages) != 3 || len(chain.Segments) != 6 || len(chain.Flows) == 0 {
		t.Fatalf("chain synth-cells: %+v, want 3 stages, 6 segments and flows", chain)
	}
	if hosts["acid"] != 0 || hosts["cell"] != 2 {
		t.Errorf("acid is hosted %d times, cell %d: want a gap and an overlap", hosts["acid"], hosts["cell"])
	}
	if len(statuses) != 3 {
		t.Errorf("statuses %v, want all three", statuses)
	}
}

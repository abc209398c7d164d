package seed

import (
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/parkmap/parkmap/geo"
)

// TestSynthesize generates zones and parcels over the bundled city and
// loads the folder written back: the checks every data folder meets pass
// (ids, chains, segments, geometry), each zone lies in its county and
// apart from every other, the city's own zones are kept, and a second run
// replaces what the first generated rather than adding to it.
func TestSynthesize(t *testing.T) {
	d, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	real := len(d.Parks)
	for range 2 {
		if err := d.Synthesize(300, 20_000, 5); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if err := Write(dir, d); err != nil {
		t.Fatal(err)
	}
	got, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Parks) != real+300 || len(got.Parcels) != 20_000 {
		t.Fatalf("%d zones and %d parcels, want %d and 20000", len(got.Parks), len(got.Parcels), real+300)
	}
	counties := map[string]orb.MultiPolygon{}
	for _, c := range got.Counties {
		counties[c.Code] = c.Geometry
	}
	var bounds []orb.Bound
	for _, p := range got.Parks {
		if !strings.HasPrefix(p.ID, geo.SyntheticZonePrefix) {
			if p.Accuracy == geo.AccuracySynthetic {
				t.Fatalf("the city's zone %s came back synthetic", p.ID)
			}
			continue
		}
		if p.Accuracy != geo.AccuracySynthetic || !strings.HasPrefix(p.ID, geo.SyntheticZonePrefix) ||
			len(p.Sources) != 1 || p.Sources[0] != geo.SyntheticSource.ID {
			t.Fatalf("zone %s is not marked synthetic: %+v", p.ID, p)
		}
		if p.Chain != got.City.DefaultChain {
			t.Errorf("zone %s is allocated to %s, not the city's default chain", p.ID, p.Chain)
		}
		for _, v := range p.Geometry[0][0] {
			if !planar.MultiPolygonContains(counties[p.CountyCode], v) {
				t.Fatalf("zone %s has a corner %v outside its county %s", p.ID, v, p.CountyCode)
			}
		}
		bounds = append(bounds, p.Geometry.Bound())
	}
	for _, p := range got.Parks {
		if !strings.HasPrefix(p.ID, geo.SyntheticZonePrefix) {
			bounds = append(bounds, p.Geometry.Bound())
		}
	}
	for i := range bounds {
		for j := i + 1; j < len(bounds); j++ {
			if bounds[i].Intersects(bounds[j]) {
				t.Fatalf("zones %v and %v overlap", bounds[i], bounds[j])
			}
		}
	}
}

// TestSynthesizeRefused asks for what cannot be made: a clear invalid
// error, and the dataset untouched.
func TestSynthesizeRefused(t *testing.T) {
	for _, c := range []struct{ zones, parcels int }{
		{geo.MaxGeneratedZones + 1, 10},
		{10, geo.MaxGeneratedParcels + 1},
		{10, -1},
	} {
		d, err := Bundled()
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Synthesize(c.zones, c.parcels, 1); geo.ErrorCode(err) != geo.EInvalid {
			t.Errorf("Synthesize(%d zones, %d parcels): %v, want invalid", c.zones, c.parcels, err)
		}
		if len(d.Parks) != 4 || len(d.Parcels) != 0 || len(d.Sources) != 12 {
			t.Errorf("Synthesize(%d zones, %d parcels) failed but left %d zones, %d parcels, %d sources",
				c.zones, c.parcels, len(d.Parks), len(d.Parcels), len(d.Sources))
		}
	}
}

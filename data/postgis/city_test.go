package postgis

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/data/storetest"
)

// TestCity stores the bundled city.json and the counties' attribution with
// the seed, serves the city and gives both back to export; --replace with
// a dataset without city.json leaves the database without a city.
func TestCity(t *testing.T) {
	ctx := context.Background()
	s, d := newSeeded(t)
	city, err := s.City(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if city == nil {
		t.Fatal("City is nil after seeding the bundled data")
	}
	if diff := cmp.Diff(d.City, city); diff != "" {
		t.Errorf("City (-seeded +served):\n%s", diff)
	}
	back, err := s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.City, back.City); diff != "" {
		t.Errorf("Dataset().City (-seeded +exported):\n%s", diff)
	}
	if back.CountyAttribution != d.CountyAttribution {
		t.Errorf("Dataset().CountyAttribution = %q, want %q", back.CountyAttribution, d.CountyAttribution)
	}

	synthetic, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	if synthetic.City != nil {
		t.Fatal("the contract suite's city has a city.json; this test wants one without")
	}
	synthetic.Parcels = nil // export does not write parcels yet
	if err := s.Replace(ctx, synthetic); err != nil {
		t.Fatal(err)
	}
	if city, err := s.City(ctx); err != nil || city != nil {
		t.Errorf("City after replacing with a dataset without city.json = %+v, %v; want nil", city, err)
	}
	back, err = s.Dataset(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if back.City != nil || back.CountyAttribution != synthetic.CountyAttribution {
		t.Errorf("Dataset() after the replace: city %+v, county attribution %q; want nil, %q", back.City, back.CountyAttribution, synthetic.CountyAttribution)
	}
}

package postgis

import (
	"context"
	"testing"

	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

// TestZoneIndexFollowsWrites: the index is built once and kept while
// nothing is written, and rebuilt after any statement that writes a zone;
// so are the zones' largest available parcels after a parcel is written.
func TestZoneIndexFollowsWrites(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s := seededWith(t, d)
	ctx := context.Background()
	first, err := s.ZoneIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.ZoneIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first != again {
		t.Error("the index was built again with nothing written")
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE parks SET status = 'reserved' WHERE id = 'alpha'`); err != nil {
		t.Fatal(err)
	}
	after, err := s.ZoneIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := after.Park("alpha"); p.Status != geo.StatusReserved {
		t.Errorf("after the write alpha is %q, want reserved", p.Status)
	}
	if p, _ := first.Park("alpha"); p.Status == geo.StatusReserved {
		t.Error("the index handed out earlier changed")
	}
	areas, err := s.ParcelAreas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if areas.Largest("alpha") == 0 {
		t.Fatal("alpha's available parcel is not found")
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE parcels SET status = 'leased' WHERE id = 'Lot.B'`); err != nil {
		t.Fatal(err)
	}
	if areas, err = s.ParcelAreas(ctx); err != nil {
		t.Fatal(err)
	}
	if a := areas.Largest("alpha"); a != 0 {
		t.Errorf("after its only available parcel was leased, alpha's largest is %v ha", a)
	}
}

// TestZoneIndexSharesItsBuild: a build under way, started by a request
// and not bound to it, is what the next request waits for and gets,
// rather than a build of its own.
func TestZoneIndexSharesItsBuild(t *testing.T) {
	d, err := storetest.City()
	if err != nil {
		t.Fatal(err)
	}
	s := seededWith(t, d)
	s.zones.mu.Lock() // the build cannot finish before the request comes
	b := &zoneBuild{done: make(chan struct{})}
	s.zones.building = b
	go s.buildZoneIndex(context.Background(), b)
	s.zones.mu.Unlock()
	got, err := s.ZoneIndex(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got != b.index {
		t.Error("the request built an index of its own")
	}
}

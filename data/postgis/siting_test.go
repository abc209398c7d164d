package postgis

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/data/importer"
	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/seed"
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

// TestZoneIndexKeptByWriters: parkmap's writers (seed, import, gen) leave
// the nearest hosts of the zones they wrote in the database, so that a
// server reads the index after a write without searching them, on the
// same links a search finds; after a write from outside parkmap it
// searches again around the zones it moved (none for a note), until
// parkmap's next write (even one of parcels) or migrate keeps them again.
func TestZoneIndexKeptByWriters(t *testing.T) {
	url := postgistest.NewDatabase(t)
	w := open(t, url) // parkmap seed, import, gen
	ctx := context.Background()
	if err := w.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := seed.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Seed(ctx, d); err != nil {
		t.Fatal(err)
	}
	r := open(t, url) // a server
	version := func() (zones, links int64) {
		t.Helper()
		if err := r.db.QueryRowContext(ctx, qZoneLinksVersions).Scan(&links, &zones); err != nil {
			t.Fatal(err)
		}
		return zones, links
	}
	check := func(searched int) *geo.ZoneIndex {
		t.Helper()
		x, err := r.ZoneIndex(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.zones.searched != searched {
			t.Errorf("%d builds searched the nearest hosts, want %d", r.zones.searched, searched)
		}
		chains, err := r.Chains(ctx)
		if err != nil {
			t.Fatal(err)
		}
		parks, err := r.Parks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, err := geo.NewZoneIndex(ctx, chains, parks)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Links(), x.Links()); diff != "" {
			t.Errorf("links (-searched +read):\n%s", diff)
		}
		return x
	}
	check(0)

	// A zone moved next to another and one added, through the importer.
	f := writeFile(t, "z.geojson", []byte(`{"type":"FeatureCollection","features":[`+
		zoneGeoJSON("longquan", 102.7, 24.3, []string{"cells"})+`,`+zoneGeoJSON("qujing", 102.72, 24.3, []string{"cathode"})+`]}`))
	if _, err := importFile(t, w, geo.Parks, f, importer.Options{}, importer.Mapping{}, ImportOptions{Mode: ImportUpsert}); err != nil {
		t.Fatal(err)
	}
	if x := check(0); len(x.Hosts("cathode")) == 0 || !slices.Contains(x.Hosts("cathode"), "qujing") {
		t.Errorf("the imported zone is not in the index: cathode is hosted by %v", x.Hosts("cathode"))
	}

	// From outside parkmap: the links kept are not these zones'. A write
	// that changes nothing links are made of (a note) searches nothing; one
	// that moves a zone searches around it.
	if _, err := r.db.ExecContext(ctx, `UPDATE parks SET note_en = 'edited in QGIS' WHERE id = 'longquan'`); err != nil {
		t.Fatal(err)
	}
	if zones, links := version(); zones == links {
		t.Fatalf("a write from outside parkmap kept the links (version %d)", zones)
	}
	check(0)
	if _, err := r.db.ExecContext(ctx, `UPDATE parks SET geom = ST_Translate(geom, 0.05, 0) WHERE id = 'qujing'`); err != nil {
		t.Fatal(err)
	}
	if zones, links := version(); zones == links {
		t.Fatalf("a write from outside parkmap kept the links (version %d)", zones)
	}
	check(1)

	// gen writes parcels only, and keeps the links of the zones again.
	parcels, err := geo.GenerateParcels(d.Parks, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.ReplaceSyntheticParcels(ctx, parcels); err != nil {
		t.Fatal(err)
	}
	if zones, links := version(); zones != links {
		t.Errorf("after gen the links kept are of version %d, the zones' %d", links, zones)
	}
	r = open(t, url)
	check(0)

	// And so does migrate (a database written before migration 0011, or
	// from outside parkmap).
	if _, err := r.db.ExecContext(ctx, `UPDATE parks SET geom = ST_Translate(geom, 0.01, 0) WHERE id = 'longquan'`); err != nil {
		t.Fatal(err)
	}
	if err := w.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if zones, links := version(); zones != links {
		t.Errorf("after migrate the links kept are of version %d, the zones' %d", links, zones)
	}
	r = open(t, url)
	check(0)
}

package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// SitingCity is the synthetic city with parcels generated over its zones
// (parkmap gen's parcels, through a data folder as gen writes it), so that
// siting has parcels of every size in every zone to rank.
func SitingCity() (*seed.Dataset, error) {
	d, err := City()
	if err != nil {
		return nil, err
	}
	parcels, err := geo.GenerateParcels(d.Parks, 400, 11)
	if err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	err = fs.WalkDir(city, "testdata/city", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		raw, err := city.ReadFile(path)
		fsys[strings.TrimPrefix(path, "testdata/city/")] = &fstest.MapFile{Data: raw}
		return err
	})
	if err != nil {
		return nil, err
	}
	var sources map[string]any
	if err := json.Unmarshal(fsys[seed.FileSources].Data, &sources); err != nil {
		return nil, err
	}
	sources["sources"] = append(sources["sources"].([]any), geo.SyntheticSource)
	if fsys[seed.FileSources].Data, err = json.Marshal(sources); err != nil {
		return nil, err
	}
	for i, r := range parcels {
		r.Geometry = orb.Round(orb.Clone(r.Geometry), 1e7)
		parcels[i] = r
	}
	var buf bytes.Buffer
	ids := []string{geo.SyntheticSource.ID}
	if err := seed.WriteRecords(&buf, map[string]any{"type": "FeatureCollection"}, geo.Parcels, parcels, func(int) []string { return ids }); err != nil {
		return nil, err
	}
	fsys[seed.FileParcels] = &fstest.MapFile{Data: buf.Bytes()}
	return seed.Load(fsys)
}

// RunSiting holds a store's siting to geo's, computed from the dataset
// itself: the zones ranked and the parcels ranked through the store's
// ZoneIndex and AvailableParcels must be those of an index built from the
// dataset and a finder over its records, for every segment, with and
// without a point, so that both stores give the same answers.
func RunSiting(t *testing.T, newStore func(t *testing.T, d *seed.Dataset) geo.Store) {
	d, err := SitingCity()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := newStore(t, d)
	want, err := SitingCity()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := geo.NewZoneIndex(ctx, want.Chains, want.Parks)
	if err != nil {
		t.Fatal(err)
	}
	find := func(_ context.Context, zones []string, minHa float64) ([]geo.Parcel, error) {
		out := []geo.Parcel{}
		for _, r := range want.Parcels {
			p := geo.ParcelFromRecord(r)
			if slices.Contains(zones, p.Park) && p.Status == geo.ParcelAvailable && p.AreaHa >= minHa {
				out = append(out, p)
			}
		}
		slices.SortFunc(out, func(a, b geo.Parcel) int { return strings.Compare(a.ID, b.ID) })
		return out, nil
	}
	index, err := s.ZoneIndex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	approx := cmpopts.EquateApprox(1e-9, 1e-6)
	areas, err := s.ParcelAreas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	largest := map[string]float64{}
	for _, r := range want.Parcels {
		if p := geo.ParcelFromRecord(r); p.Status == geo.ParcelAvailable {
			largest[p.Park] = max(largest[p.Park], p.AreaHa)
		}
	}
	refAreas := geo.NewParcelAreas(largest)
	t.Run("parcel areas", func(t *testing.T) {
		for _, p := range want.Parks {
			if got, w := areas.Largest(p.ID), refAreas.Largest(p.ID); math.Abs(got-w) > 1e-9 {
				t.Errorf("%s: largest available parcel %v ha, want %v", p.ID, got, w)
			}
		}
	})
	t.Run("available parcels", func(t *testing.T) {
		ids := []string{"alpha", "QJ_01", "dateline~e", "nowhere"}
		for _, minHa := range []float64{0, 5, 1e5} {
			got, err := s.AvailableParcels(ctx, ids, minHa)
			if err != nil {
				t.Fatal(err)
			}
			w, _ := find(ctx, ids, minHa)
			if diff := cmp.Diff(w, got, approx); diff != "" {
				t.Errorf("at least %g ha (-want +got):\n%s", minHa, diff)
			}
		}
	})
	type parcelView struct {
		ID, Zone          string
		Score, ZoneScore  float64
		ZoneRank          int
		Components        geo.SiteComponents
		AreaHa            float64
		Accuracy, LandUse string
	}
	for _, seg := range want.Chains[0].Segments {
		for _, near := range []*orb.Point{nil, {100.1, 10.1}, {179.99, -16.14}} {
			q := geo.SitingQuery{Segment: seg.Slug, Near: near, Weights: geo.DefaultWeights}
			t.Run(fmt.Sprintf("%s near %v", seg.Slug, near), func(t *testing.T) {
				got, err := index.Rank(ctx, q, 0)
				if err != nil {
					t.Fatal(err)
				}
				w, err := ref.Rank(ctx, q, 0)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(w, got, approx, cmpopts.IgnoreFields(geo.Park{}, "Geometry")); diff != "" {
					t.Errorf("zones (-want +got):\n%s", diff)
				}
				pq := geo.ParcelQuery{SitingQuery: q, MinAreaHa: 1, Limit: 15}
				gotP, err := index.RankParcels(ctx, pq, areas, s.AvailableParcels)
				if err != nil {
					t.Fatal(err)
				}
				wantP, err := ref.RankParcels(ctx, pq, refAreas, find)
				if err != nil {
					t.Fatal(err)
				}
				view := func(ps []geo.ParcelSite) []parcelView {
					var out []parcelView
					for _, p := range ps {
						out = append(out, parcelView{p.Parcel.ID, p.Zone.Park.ID, p.Score, p.Zone.Score, p.ZoneRank,
							p.Components, p.Parcel.AreaHa, string(p.Parcel.Accuracy), p.Parcel.LandUse})
					}
					return out
				}
				if len(wantP) == 0 {
					t.Fatal("no parcels ranked: the test ranks nothing")
				}
				if diff := cmp.Diff(view(wantP), view(gotP), approx); diff != "" {
					t.Errorf("parcels (-want +got):\n%s", diff)
				}
			})
		}
	}
}

package seed

import (
	"slices"

	"github.com/parkmap/parkmap/geo"
)

// Synthesize replaces the dataset's generated parcels with n new ones laid
// over its zones, and, when zones is above zero, its generated zones with
// that many new ones placed in its counties first (for the city's default
// chain, else its first). A zone or parcel of any other accuracy (a
// planner's own) is kept. The synthetic source is added when missing. The
// same seed gives the same dataset. On error the dataset is unchanged.
func (d *Dataset) Synthesize(zones, parcels int, seed uint64) error {
	parks := d.Parks
	if zones > 0 {
		if len(d.Chains) == 0 {
			return geo.Errorf(geo.EInvalid, "the data has no chain to allocate generated zones to")
		}
		chain := d.Chains[0]
		if d.City != nil {
			if c, ok := d.Chain(d.City.DefaultChain); ok {
				chain = *c
			}
		}
		kept := slices.DeleteFunc(slices.Clone(d.Parks), func(p geo.Park) bool { return p.Accuracy == geo.AccuracySynthetic })
		generated, err := geo.GenerateZones(d.Counties, kept, chain, zones, seed)
		if err != nil {
			return err
		}
		parks = append(kept, generated...)
	}
	generated, err := geo.GenerateParcels(parks, parcels, seed)
	if err != nil {
		return err
	}
	d.Parks = parks
	old, oldSources := d.Parcels, d.parcelSources
	d.Parcels, d.parcelSources = nil, nil
	for i, r := range old {
		if geo.Parcels.Value(r, "geometry_accuracy") != string(geo.AccuracySynthetic) {
			d.AddParcel(r, oldSources[i])
		}
	}
	ids := []string{geo.SyntheticSource.ID}
	for _, r := range generated {
		d.AddParcel(r, ids)
	}
	if !slices.ContainsFunc(d.Sources, func(s geo.Source) bool { return s.ID == geo.SyntheticSource.ID }) {
		d.Sources = append(d.Sources, geo.SyntheticSource)
	}
	return nil
}

package storetest

import (
	"strings"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// CrowdedZone is the bounds of the zone holding most of the generated
// parcels (their ids run ZONE-p0000001…; the first zone by id on a tie),
// the zone scripts/bench.sh asks PostGIS for and the benchmarks page over.
func CrowdedZone(parcels []geo.Record) orb.Bound {
	bounds := map[string]orb.Bound{}
	count := map[string]int{}
	top := ""
	for _, r := range parcels {
		z := r.ID[:strings.LastIndex(r.ID, "-p")]
		if zb, ok := bounds[z]; ok {
			bounds[z] = zb.Union(r.Geometry.Bound())
		} else {
			bounds[z] = r.Geometry.Bound()
		}
		if count[z]++; count[z] > count[top] || (count[z] == count[top] && z < top) {
			top = z
		}
	}
	return bounds[top]
}

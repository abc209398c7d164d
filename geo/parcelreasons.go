package geo

import (
	"fmt"
	"strconv"
)

// ParcelReasons explains a ParcelSite's score: its zone and the zone's
// place, the parcel's area and land use, the plan, each supplier and
// customer and the point as measured from the parcel (Reasons' sentences),
// and, when its geometry is not surveyed or digitized, what it stands for,
// from its geometry_accuracy and its sources rather than from any
// knowledge of where the parcels came from.
func ParcelReasons(ps ParcelSite, chain *Chain, parks map[string]Park, q ParcelQuery, lang Lang) []string {
	zh := lang == LangZH
	name := ps.Zone.Park.NameEN
	if zh {
		name = ps.Zone.Park.NameZH
	}
	if name == "" {
		name = ps.Zone.Park.ID
	}
	ha := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var out []string
	if zh {
		out = append(out, fmt.Sprintf("位于%s（园区得分 %.1f，在有此面积地块的园区中排第 %d 位）", name, ps.Zone.Score, ps.ZoneRank))
		out = append(out, fmt.Sprintf("面积 %.2f 公顷（要求不小于 %s 公顷），用地性质 %s", ps.Parcel.AreaHa, ha(q.MinAreaHa), ps.Parcel.LandUse))
	} else {
		out = append(out, fmt.Sprintf("In %s (zone score %.1f, ranked %d of the zones with parcels this size)", name, ps.Zone.Score, ps.ZoneRank))
		out = append(out, fmt.Sprintf("%.2f ha (at least %s ha asked), land use %s", ps.Parcel.AreaHa, ha(q.MinAreaHa), ps.Parcel.LandUse))
	}
	// Reasons' sentences, but for the point, which is about the parcel.
	c := ps.Components
	c.NearM, c.NearScore = nil, nil
	out = append(out, Reasons(Site{Park: ps.Zone.Park, Components: c}, chain, parks, q.SitingQuery, lang)...)
	if d := ps.Components.NearM; d != nil {
		switch {
		case *d == 0 && zh:
			out = append(out, "所选地点位于地块内")
		case *d == 0:
			out = append(out, "Your point lies inside the parcel")
		case zh:
			out = append(out, fmt.Sprintf("地块距所选地点 %.1f 公里", *d/1000))
		default:
			out = append(out, fmt.Sprintf("The parcel is %.1f km from your point", *d/1000))
		}
	}
	source := ""
	if len(ps.Parcel.Sources) > 0 {
		source = ps.Parcel.Sources[0]
	}
	switch {
	case ps.Parcel.Accuracy == AccuracySynthetic && zh:
		out = append(out, "合成地块（geometry_accuracy: synthetic），并非真实土地；来源："+source)
	case ps.Parcel.Accuracy == AccuracySynthetic:
		out = append(out, "A synthetic parcel (geometry_accuracy: synthetic), not real land; source: "+source)
	case ps.Parcel.Accuracy == AccuracySchematic && zh:
		out = append(out, "示意边界（geometry_accuracy: schematic），并非实测；来源："+source)
	case ps.Parcel.Accuracy == AccuracySchematic:
		out = append(out, "A schematic boundary (geometry_accuracy: schematic), not surveyed; source: "+source)
	}
	return out
}

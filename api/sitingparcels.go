package api

import (
	"fmt"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// parcelJSON is one ranked parcel of /api/siting?mode=parcels.
type parcelJSON struct {
	Parcel           string             `json:"parcel"`
	Park             string             `json:"park"`
	NameZH           string             `json:"name_zh"` // the zone's
	NameEN           string             `json:"name_en"`
	LandUse          string             `json:"land_use"`
	AreaHa           float64            `json:"area_ha"`
	Status           string             `json:"status"`
	GeometryAccuracy string             `json:"geometry_accuracy"`
	Sources          []string           `json:"sources"`
	Geometry         *geojson.Geometry  `json:"geometry"`
	Score            float64            `json:"score"`
	ZoneScore        float64            `json:"zone_score"`
	ZoneRank         int                `json:"zone_rank"`
	Components       geo.SiteComponents `json:"components"`
	Reasons          []string           `json:"reasons"`
}

// sitingParcels fills out with the parcels ranked for q, and notes saying
// which of them are not real land, from their geometry_accuracy.
func (s *server) sitingParcels(c *gin.Context, index *geo.ZoneIndex, chain *geo.Chain, zones zoneLookup, q geo.ParcelQuery, out *sitingJSON) error {
	areas, err := s.store.ParcelAreas(c.Request.Context())
	if err != nil {
		return err
	}
	sites, err := index.RankParcels(c.Request.Context(), q, areas, s.store.AvailableParcels)
	if err != nil {
		return err
	}
	var linked []geo.Site
	for _, ps := range sites {
		linked = append(linked, geo.Site{Park: ps.Zone.Park, Components: ps.Components})
	}
	byID := zones.linked(linked)
	parcels := make([]parcelJSON, 0, len(sites))
	synthetic := 0
	for _, ps := range sites {
		p := ps.Parcel
		if p.Accuracy == geo.AccuracySynthetic {
			synthetic++
		}
		parcels = append(parcels, parcelJSON{
			Parcel: p.ID, Park: p.Park, NameZH: ps.Zone.Park.NameZH, NameEN: ps.Zone.Park.NameEN,
			LandUse: p.LandUse, AreaHa: p.AreaHa, Status: string(p.Status), GeometryAccuracy: string(p.Accuracy),
			Sources: nonNilSlice(p.Sources), Geometry: geojson.NewGeometry(p.Geometry),
			Score: ps.Score, ZoneScore: ps.Zone.Score, ZoneRank: ps.ZoneRank, Components: ps.Components,
			Reasons: geo.ParcelReasons(ps, chain, byID, q, out.Lang),
		})
	}
	out.MinAreaHa, out.Parcels = &q.MinAreaHa, &parcels
	if synthetic > 0 {
		if out.Lang == geo.LangZH {
			out.Notes = append(out.Notes, fmt.Sprintf("%d 个地块中有 %d 个为合成地块（geometry_accuracy: synthetic），并非真实土地", len(parcels), synthetic))
		} else {
			out.Notes = append(out.Notes, fmt.Sprintf("%d of the %d parcels are synthetic (geometry_accuracy: synthetic), not real land", synthetic, len(parcels)))
		}
	}
	return nil
}

// zoneLookup names the zones reasons mention, from the index, without a
// map of every zone.
type zoneLookup struct{ index *geo.ZoneIndex }

// linked returns the zones of the sites and those their links name.
func (z zoneLookup) linked(sites []geo.Site) map[string]geo.Park {
	m := map[string]geo.Park{}
	add := func(id string) {
		if _, ok := m[id]; !ok && id != "" {
			if p, ok := z.index.Park(id); ok {
				m[id] = p
			}
		}
	}
	for _, s := range sites {
		add(s.Park.ID)
		for _, set := range []geo.LinkSet{s.Components.Suppliers, s.Components.Customers} {
			for _, l := range set.Links {
				add(l.Park)
			}
		}
	}
	return m
}

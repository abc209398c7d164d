package memory

import (
	"encoding/json"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// The property shapes of the three collections. data/postgis builds the
// same objects in SQL; the contract suite in data/storetest holds them equal.
type (
	parkProperties struct {
		NameZH         string   `json:"name_zh"`
		NameEN         string   `json:"name_en"`
		CountyCode     string   `json:"county_code"`
		Status         string   `json:"status"`
		Chain          string   `json:"chain"`
		Segments       []string `json:"segments"`
		Stages         []string `json:"stages"`
		AreaHa         float64  `json:"area_ha"`
		PlannedAreaKM2 *float64 `json:"planned_area_km2"`
		Accuracy       string   `json:"geometry_accuracy"`
		NoteZH         string   `json:"note_zh"`
		NoteEN         string   `json:"note_en"`
		Sources        []string `json:"sources"`
	}
	projectProperties struct {
		EnterpriseZH string   `json:"enterprise_zh"`
		EnterpriseEN string   `json:"enterprise_en"`
		Chain        string   `json:"chain"`
		Segments     []string `json:"segments"`
		Park         *string  `json:"park"`
		CountyCode   *string  `json:"county_code"`
		CapacityZH   string   `json:"capacity_zh"`
		CapacityEN   string   `json:"capacity_en"`
		InvestmentYi *float64 `json:"investment_yi_cny"`
		Accuracy     *string  `json:"geometry_accuracy"`
		NoteZH       string   `json:"note_zh"`
		NoteEN       string   `json:"note_en"`
		Sources      []string `json:"sources"`
	}
	countyProperties struct {
		Code    string   `json:"code"`
		NameZH  string   `json:"name_zh"`
		NameEN  string   `json:"name_en"`
		AreaKM2 float64  `json:"area_km2"`
		Sources []string `json:"sources"`
	}
)

// feature is an RFC 7946 Feature whose geometry may be null.
type feature struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Geometry   *geojson.Geometry `json:"geometry"`
	Properties any               `json:"properties"`
}

func encodeFeature(id string, g orb.Geometry, props any) (json.RawMessage, error) {
	f := feature{Type: "Feature", ID: id, Properties: props}
	if g != nil {
		f.Geometry = geojson.NewGeometry(roundGeometry(g))
	}
	return json.Marshal(f)
}

func parkFeature(p geo.Park, stages []string, cite citer) (json.RawMessage, error) {
	return encodeFeature(p.ID, p.Geometry, parkProperties{
		NameZH: p.NameZH, NameEN: p.NameEN, CountyCode: p.CountyCode, Status: string(p.Status),
		Chain: p.Chain, Segments: p.Segments, Stages: stages, AreaHa: round(p.AreaHa(), 1),
		PlannedAreaKM2: p.PlannedAreaKM2, Accuracy: string(p.Accuracy),
		NoteZH: p.NoteZH, NoteEN: p.NoteEN, Sources: cite(p.Sources),
	})
}

func projectFeature(p geo.Project, cite citer) (json.RawMessage, error) {
	var g orb.Geometry
	var accuracy *string
	if p.Location != nil {
		g = *p.Location
		a := string(p.Accuracy)
		accuracy = &a
	}
	return encodeFeature(p.ID, g, projectProperties{
		EnterpriseZH: p.EnterpriseZH, EnterpriseEN: p.EnterpriseEN, Chain: p.Chain, Segments: p.Segments,
		Park: nullable(p.Park), CountyCode: nullable(p.CountyCode), CapacityZH: p.CapacityZH,
		CapacityEN: p.CapacityEN, InvestmentYi: p.InvestmentYi, Accuracy: accuracy,
		NoteZH: p.NoteZH, NoteEN: p.NoteEN, Sources: cite(p.Sources),
	})
}

func countyFeature(c geo.County, cite citer) (json.RawMessage, error) {
	return encodeFeature(c.Code, c.Geometry, countyProperties{
		Code: c.Code, NameZH: c.NameZH, NameEN: c.NameEN, AreaKM2: round(c.AreaKM2(), 1), Sources: cite(c.Sources),
	})
}

// citer turns source ids into citations a reader can follow.
type citer func(ids []string) []string

func newCiter(sources []geo.Source) citer {
	byID := make(map[string]geo.Source, len(sources))
	for _, s := range sources {
		byID[s.ID] = s
	}
	return func(ids []string) []string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			out = append(out, byID[id].Citation())
		}
		return out
	}
}

// roundGeometry keeps 7 decimals (about 1 cm), as RFC 7946 advises.
func roundGeometry(g orb.Geometry) orb.Geometry {
	g = orb.Clone(g)
	switch g := g.(type) {
	case orb.Point:
		return orb.Point{round(g[0], 7), round(g[1], 7)}
	case orb.MultiPolygon:
		for _, poly := range g {
			for _, ring := range poly {
				for i, p := range ring {
					ring[i] = orb.Point{round(p[0], 7), round(p[1], 7)}
				}
			}
		}
	}
	return g
}

func round(x float64, decimals int) float64 {
	k := math.Pow10(decimals)
	return math.Round(x*k) / k
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

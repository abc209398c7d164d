package api

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// cityJSON is /api/city: what the map needs to present the dataset's city
// (its title, header and credit line), from the data, never the code.
type cityJSON struct {
	// Name is null when the dataset names no city.
	Name *geo.Text `json:"name"`
	// Title is the title pages show: the city's, or one naming none.
	Title geo.Text `json:"title"`
	// Description says what the service holds, and how far to trust it.
	Description geo.Text `json:"description"`
	// Extent is west, south, east, north in degrees; null when unknown.
	Extent *[4]float64 `json:"extent"`
	// DefaultChain is the chain /api/chain shows when none is asked for;
	// null when the dataset has no chain with segments.
	DefaultChain *string `json:"default_chain"`
	// Attribution credits the offline base map; null when the data gives
	// no credit.
	Attribution    *string `json:"attribution"`
	AttributionURL *string `json:"attribution_url"`
	// Synthetic is true for a made-up dataset.
	Synthetic bool `json:"synthetic"`
	// Schematic is true when some zone's boundary is drawn around an
	// estimated position (geometry_accuracy "schematic").
	Schematic bool `json:"schematic"`
	// SyntheticZones is true when some zone was generated (geometry_accuracy
	// "synthetic", e.g. by parkmap gen --zones), whether or not the city is.
	SyntheticZones bool `json:"synthetic_zones"`
}

// dataset is what the pages say of the dataset as a whole.
type dataset struct {
	city           *geo.City
	schematic      bool // some zone is drawn schematically
	syntheticZones bool // some zone was generated
}

// readDataset reads the city and whether any zone is schematic or
// synthetic. The zones are counted, not read: a page of one, without
// geometry, is cheap on a hundred thousand of them.
func (s *server) readDataset(ctx context.Context) (dataset, error) {
	city, err := s.store.City(ctx)
	if err != nil {
		return dataset{}, err
	}
	d := dataset{city: city}
	if def, ok := s.cfg.Collections.Find(geo.CollectionParks); ok {
		for _, a := range []struct {
			accuracy geo.Accuracy
			some     *bool
		}{{geo.AccuracySchematic, &d.schematic}, {geo.AccuracySynthetic, &d.syntheticZones}} {
			page, err := s.store.Features(ctx, def, geo.FeatureQuery{Limit: 1, SkipGeometry: true,
				Where: []geo.Condition{{Property: "geometry_accuracy", AnyOf: []any{string(a.accuracy)}}}})
			if err != nil {
				return dataset{}, err
			}
			*a.some = page.Matched > 0
		}
	}
	return d, nil
}

// title is the title of the landing page and of the map.
func (d dataset) title() geo.Text { return d.city.DisplayTitle() }

// description says what the service holds: whose zones, and whether the
// data is made up or the boundaries schematic.
func (d dataset) description() geo.Text {
	t := geo.Text{
		ZH: "产业园区、企业项目与县级行政区，以 OGC API - Features 提供。",
		EN: "OGC API - Features for industrial zones, enterprise projects and counties.",
	}
	if c := d.city; c != nil {
		t = geo.Text{
			ZH: c.Name.ZH + "的产业园区、企业项目与县级行政区，以 OGC API - Features 提供。",
			EN: "OGC API - Features for " + c.Name.EN + "'s industrial zones, enterprise projects and counties.",
		}
		if c.Synthetic {
			t.ZH += "数据为合成数据：供测试与演示的虚构城市，并非真实园区。"
			t.EN += " The data is synthetic: a made-up city for tests and demonstrations, not real zones."
		}
	}
	if d.schematic {
		t.ZH += "园区边界为示意。"
		t.EN += " Zone boundaries are schematic."
	}
	if d.syntheticZones && (d.city == nil || !d.city.Synthetic) {
		t.ZH += "部分园区为合成数据：程序生成，并非真实园区。"
		t.EN += " Some zones are synthetic: generated, not real zones."
	}
	return t
}

// defaultChain is the chain shown when none is asked for: the city's, else
// the dataset's first chain with segments; nil when there is none.
func defaultChain(city *geo.City, chains []geo.Chain) *geo.Chain {
	if city != nil {
		for i := range chains {
			if chains[i].Slug == city.DefaultChain {
				return &chains[i]
			}
		}
	}
	for i := range chains {
		if len(chains[i].Segments) > 0 {
			return &chains[i]
		}
	}
	return nil
}

// city serves /api/city.
func (s *server) city(c *gin.Context) error {
	ctx := c.Request.Context()
	d, err := s.readDataset(ctx)
	if err != nil {
		return err
	}
	chains, err := s.store.Chains(ctx)
	if err != nil {
		return err
	}
	out := cityJSON{Title: d.title(), Description: d.description(), Schematic: d.schematic, SyntheticZones: d.syntheticZones}
	if ch := defaultChain(d.city, chains); ch != nil {
		out.DefaultChain = &ch.Slug
	}
	if cy := d.city; cy != nil {
		out.Name, out.Extent, out.Synthetic = &cy.Name, &cy.Extent, cy.Synthetic
		if cy.Attribution != "" {
			out.Attribution = &cy.Attribution
		}
		if cy.AttributionURL != "" {
			out.AttributionURL = &cy.AttributionURL
		}
	}
	return writeJSON(c, contentJSON, out)
}

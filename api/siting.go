package api

import (
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

type sitingSegment struct {
	geo.Segment
	Suppliers []string `json:"suppliers"`
	Customers []string `json:"customers"`
	Parks     []string `json:"parks"` // zones assigned it
}

type sitingResult struct {
	Park       string             `json:"park"`
	NameZH     string             `json:"name_zh"`
	NameEN     string             `json:"name_en"`
	Status     string             `json:"status"`
	Score      float64            `json:"score"`
	Components geo.SiteComponents `json:"components"`
	Reasons    []string           `json:"reasons"`
}

type sitingJSON struct {
	Segment sitingSegment `json:"segment"`
	Near    *orb.Point    `json:"near"`
	Lang    geo.Lang      `json:"lang"`
	Weights geo.Weights   `json:"weights"`
	// Mode is zones or parcels; Limit bounds the results.
	Mode  string `json:"mode"`
	Limit int    `json:"limit"`
	// Zones is how many zones the ranking covers (its chain's), of which
	// Results holds the first Limit; in parcels mode, the zones whose
	// parcels are ranked.
	Zones   int             `json:"zones"`
	Results *[]sitingResult `json:"results,omitempty"`
	// Parcels mode only.
	MinAreaHa *float64      `json:"min_area_ha,omitempty"`
	Parcels   *[]parcelJSON `json:"parcels,omitempty"`
	Notes     []string      `json:"notes,omitempty"`
}

// weightParams maps the weight parameters to the fields they set.
var weightParams = []struct {
	name string
	set  func(*geo.Weights) *float64
}{
	{"w_assigned", func(w *geo.Weights) *float64 { return &w.Assigned }},
	{"w_suppliers", func(w *geo.Weights) *float64 { return &w.Suppliers }},
	{"w_customers", func(w *geo.Weights) *float64 { return &w.Customers }},
	{"w_near", func(w *geo.Weights) *float64 { return &w.Near }},
}

// siting ranks the zones, or with mode=parcels the available parcels of at
// least min_area_ha, for a plant of one segment, with the reasons. It reads
// the store's zone index: the zones are not scanned per request.
func (s *server) siting(c *gin.Context) error {
	ctx := c.Request.Context()
	slug, ok := c.GetQuery("segment")
	if !ok || slug == "" {
		return invalid("segment is required: the slug of the plant you would build, e.g. segment=electrolyte")
	}
	opt, err := parseSitingOptions(c.Request.URL.Query())
	if err != nil {
		return err
	}
	mode, limit, minArea := opt.mode, opt.limit, opt.minAreaHa
	index, err := s.store.ZoneIndex(ctx)
	if err != nil {
		return err
	}
	chains := index.Chains()
	chain, ok := index.ChainOf(slug)
	if !ok {
		return invalid("unknown segment %q; valid: %s", truncate(slug), strings.Join(segmentSlugs(chains), ", "))
	}
	q := geo.SitingQuery{Segment: slug, Weights: geo.DefaultWeights}
	if v, ok := c.GetQuery("near"); ok {
		p, err := parsePoint("near", v)
		if err != nil {
			return err
		}
		q.Near = &p
	}
	for _, wp := range weightParams {
		if v, ok := c.GetQuery(wp.name); ok {
			if *wp.set(&q.Weights), err = parseWeight(wp.name, v); err != nil {
				return err
			}
		}
	}
	if err := q.Weights.Validate(); err != nil {
		return err
	}
	lang, err := language(c)
	if err != nil {
		return err
	}
	seg, _ := chain.Segment(slug)
	out := sitingJSON{
		Segment: sitingSegment{Segment: seg, Suppliers: nonNilSlice(chain.Suppliers(slug)),
			Customers: nonNilSlice(chain.Customers(slug)), Parks: nonNilSlice(index.Hosts(slug))},
		Near: q.Near, Lang: lang, Weights: q.Weights, Mode: mode, Limit: limit, Zones: index.Count(slug),
	}
	byID := zoneLookup{index}
	if mode == sitingParcels {
		if err := s.sitingParcels(c, index, chain, byID, geo.ParcelQuery{SitingQuery: q, MinAreaHa: deref(minArea), Limit: limit}, &out); err != nil {
			return err
		}
	} else {
		sites, err := index.Rank(ctx, q, limit)
		if err != nil {
			return err
		}
		results := make([]sitingResult, 0, len(sites))
		for _, site := range sites {
			results = append(results, sitingResult{
				Park: site.Park.ID, NameZH: site.Park.NameZH, NameEN: site.Park.NameEN, Status: string(site.Park.Status),
				Score: site.Score, Components: site.Components, Reasons: geo.Reasons(site, chain, byID.linked(sites), q, lang),
			})
		}
		out.Results = &results
	}
	c.Header("Vary", "Accept-Language, Accept-Encoding")
	return writeJSON(c, contentJSON, out)
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// language is lang=zh|en, else the first of Accept-Language that parkmap
// speaks, else Chinese.
func language(c *gin.Context) (geo.Lang, error) {
	lang, given := c.GetQuery("lang")
	return parseLanguage(lang, given, c.GetHeader("Accept-Language"))
}

// locate answers where a point is: its county, the zone containing it and
// the nearest zones.
func (s *server) locate(c *gin.Context) error {
	lonS, okLon := c.GetQuery("lon")
	latS, okLat := c.GetQuery("lat")
	if !okLon || !okLat {
		return invalid("lon and lat are required, e.g. lon=102.72&lat=24.31")
	}
	lon, err := parseCoordinate("lon", lonS, 180)
	if err != nil {
		return err
	}
	lat, err := parseCoordinate("lat", latS, 90)
	if err != nil {
		return err
	}
	n := 4
	if v, ok := c.GetQuery("n"); ok {
		if n, err = parseCount("n", v, 100); err != nil {
			return err
		}
	}
	loc, err := s.store.Locate(c.Request.Context(), orb.Point{lon, lat}, n)
	if err != nil {
		return err
	}
	return writeJSON(c, contentJSON, loc)
}

// segmentSlugs lists every chain's segments, in order.
func segmentSlugs(chains []geo.Chain) []string {
	var out []string
	for _, c := range chains {
		for _, s := range c.Segments {
			out = append(out, s.Slug)
		}
	}
	return out
}

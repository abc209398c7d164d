package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/geo"
)

// The synthetic city's features in id order, byte by byte.
var (
	allZones    = []string{"Dateline.W", "QJ_01", "alpha", "dateline~e", "reserve-9"}
	allProjects = []string{"P-100", "Z9", "a~unplaced", "p.300", "p_200"}
	allCounties = []string{"990101", "990102", "990199"}
	allParcels  = []string{"LOT-D", "Lot.B", "lot_A1", "lot~c"}
)

type link struct{ Href, Rel, Type string }

// featureCollection is an items response.
type featureCollection struct {
	Type     string
	Features []struct {
		ID         string
		Geometry   json.RawMessage
		Properties map[string]any
	}
	NumberMatched  int
	NumberReturned int
	TimeStamp      string
	Links          []link
}

func (fc featureCollection) ids() []string {
	ids := []string{}
	for _, f := range fc.Features {
		ids = append(ids, f.ID)
	}
	return ids
}

func (fc featureCollection) link(rel string) (link, bool) {
	i := slices.IndexFunc(fc.Links, func(l link) bool { return l.Rel == rel })
	if i < 0 {
		return link{}, false
	}
	return fc.Links[i], true
}

func items(t *testing.T, base, collection, query string) featureCollection {
	t.Helper()
	var fc featureCollection
	get(t, base+"/api/collections/"+collection+"/items?"+query, "application/geo+json", &fc)
	if fc.Type != "FeatureCollection" || fc.NumberReturned != len(fc.Features) || fc.TimeStamp == "" {
		t.Errorf("%s?%s: type %q, numberReturned %d for %d features, timeStamp %q",
			collection, query, fc.Type, fc.NumberReturned, len(fc.Features), fc.TimeStamp)
	}
	return fc
}

func testLandingAndCollections(t *testing.T, base string) {
	var landing struct {
		Title, Version string
		Links          []link
	}
	get(t, base+"/api", "application/json", &landing)
	rels := map[string]string{}
	for _, l := range landing.Links {
		rels[l.Rel] = l.Href
	}
	for rel, href := range map[string]string{
		"self": base + "/api", "service-desc": base + "/api/openapi",
		"conformance": base + "/api/conformance", "data": base + "/api/collections",
	} {
		if rels[rel] != href {
			t.Errorf("landing link %s = %q, want %q", rel, rels[rel], href)
		}
	}
	if landing.Version != "test" || landing.Title == "" {
		t.Errorf("landing title %q version %q", landing.Title, landing.Version)
	}
	get(t, base+"/api/", "application/json", nil)
	if r := request(t, "HEAD", base+"/api", nil); r.status != 200 || len(r.body) != 0 {
		t.Errorf("HEAD /api: %d with %d bytes", r.status, len(r.body))
	}

	var conf struct{ ConformsTo []string }
	get(t, base+"/api/conformance", "application/json", &conf)
	for _, c := range []string{"ogcapi-features-1/1.0/conf/core", "ogcapi-features-1/1.0/conf/geojson",
		"ogcapi-features-1/1.0/conf/oas30", "ogcapi-features-3/1.0/conf/queryables"} {
		if !slices.Contains(conf.ConformsTo, "http://www.opengis.net/spec/"+c) {
			t.Errorf("conformsTo lacks %s: %v", c, conf.ConformsTo)
		}
	}

	type collection struct {
		ID, Title, ItemType string
		CRS                 []string
		Extent              struct{ Spatial struct{ BBox [][4]float64 } }
		Links               []link
	}
	var all struct{ Collections []collection }
	get(t, base+"/api/collections", "application/json", &all)
	var ids []string
	for _, c := range all.Collections {
		ids = append(ids, c.ID)
	}
	if want := geo.Builtin().IDs(); !slices.Equal(ids, want) {
		t.Fatalf("collections %v, want %v", ids, want)
	}
	// Features on both sides of the antimeridian: the extent spans it.
	extents := map[string][4]float64{
		"parks":    {-179.92, -16.16, 179.92, 10.15},
		"projects": {-179.9, -16.14, 100.12, 10.06},
		"counties": {-180, -16.3, 180, 10.35},
		"parcels":  {-179.91, -16.15, 179.91, 10.065},
	}
	for _, c := range all.Collections {
		var one collection
		get(t, base+"/api/collections/"+c.ID, "application/json", &one)
		if diff := cmp.Diff(c, one); diff != "" {
			t.Errorf("/collections/%s differs from its entry in /collections (-list +one):\n%s", c.ID, diff)
		}
		if c.ItemType != "feature" || c.Title == "" || !slices.Equal(c.CRS, geo.CRSURIs()) {
			t.Errorf("%s: itemType %q title %q crs %v", c.ID, c.ItemType, c.Title, c.CRS)
		}
		if got := c.Extent.Spatial.BBox; len(got) != 1 || !cmp.Equal(got[0], extents[c.ID]) {
			t.Errorf("%s: extent %v, want %v", c.ID, got, extents[c.ID])
		}
		href := base + "/api/collections/" + c.ID
		for _, want := range []link{
			{href, "self", "application/json"},
			{href + "/items", "items", "application/geo+json"},
			{href + "/items?f=csv", "items", "text/csv"},
			{href + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json"},
			{href + "/schema", "describedby", "application/schema+json"},
		} {
			if !slices.Contains(c.Links, want) {
				t.Errorf("%s lacks the link %+v", c.ID, want)
			}
		}
	}
}

// testQueryables checks each collection's queryables and the valid values
// of each: the definition's enums and the domains the data holds.
func testQueryables(t *testing.T, base string) {
	type spec struct {
		Type, Format string
		Enum         []string
		Items        *struct{ Enum []string }
	}
	segments := []string{"ore", "acid", "foil", "paste", "cell", "pack"}
	for _, tt := range []struct {
		collection string
		names      []string
		enums      map[string][]string // list properties: the items' enum
	}{
		{"parks", []string{"geometry", "name_zh", "name_en", "county_code", "status", "chain", "segments", "stages", "area_ha", "planned_area_km2", "geometry_accuracy"},
			map[string][]string{
				"county_code": allCounties, "status": {"operating", "planned", "reserved"}, "segments": segments,
				"stages": {"raw", "parts", "assembly"}, "geometry_accuracy": {"surveyed", "digitized", "schematic", "synthetic"},
			}},
		{"projects", []string{"geometry", "enterprise_zh", "enterprise_en", "chain", "segments", "park", "county_code", "investment_yi_cny", "geometry_accuracy"},
			map[string][]string{"county_code": allCounties, "segments": segments}},
		{"counties", []string{"geometry", "code", "name_zh", "name_en", "area_km2"},
			map[string][]string{"code": allCounties}},
		{"parcels", []string{"geometry", "park", "land_use", "area_ha", "status", "segment", "enterprise", "geometry_accuracy"},
			map[string][]string{"land_use": {"M1", "M2", "M3", "W1", "W2", "W3"}, "status": {"available", "reserved", "leased", "built"}, "segment": segments}},
	} {
		t.Run(tt.collection, func(t *testing.T) {
			url := base + "/api/collections/" + tt.collection + "/queryables"
			r := get(t, url, "application/schema+json", nil)
			var q struct {
				ID                   string `json:"$id"`
				Properties           map[string]spec
				AdditionalProperties *bool
			}
			if err := json.Unmarshal(r.body, &q); err != nil {
				t.Fatal(err)
			}
			if q.ID != url || q.AdditionalProperties == nil || *q.AdditionalProperties {
				t.Errorf("$id %q additionalProperties %v", q.ID, q.AdditionalProperties)
			}
			if got := memberNames(t, r.body, "properties"); !slices.Equal(got, tt.names) {
				t.Errorf("queryables %v, want %v (the definition's order)", got, tt.names)
			}
			if g := q.Properties["geometry"]; !strings.HasPrefix(g.Format, "geometry-") {
				t.Errorf("geometry format %q", g.Format)
			}
			for name, want := range tt.enums {
				p := q.Properties[name]
				got := p.Enum
				if p.Type == "array" && p.Items != nil {
					got = p.Items.Enum
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s enum %v, want %v", name, got, want)
				}
			}
		})
	}
}

// memberNames returns the names of a JSON object's members in order, the
// object found at the top-level member key.
func memberNames(t testing.TB, body []byte, key string) []string {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(top[key]))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

// testSchemas holds each collection's schema to the properties its
// features really have.
func testSchemas(t *testing.T, base string) {
	for _, c := range geo.Builtin().IDs() {
		var schema struct { // the Feature's members, its properties member, their specs
			ID         string `json:"$id"`
			Properties struct {
				Properties struct {
					Properties map[string]struct{ Type string }
				}
			}
		}
		url := base + "/api/collections/" + c + "/schema"
		get(t, url, "application/schema+json", &schema)
		if schema.ID != url {
			t.Errorf("%s: $id %q, want %q", c, schema.ID, url)
		}
		specs := schema.Properties.Properties.Properties
		for _, f := range items(t, base, c, "").Features {
			for k, v := range f.Properties {
				p, ok := specs[k]
				if !ok {
					t.Errorf("%s %s: property %s is not in the schema", c, f.ID, k)
					continue
				}
				if !fitsType(v, p.Type) {
					t.Errorf("%s %s: %s = %v does not fit type %s", c, f.ID, k, v, p.Type)
				}
			}
			if len(f.Properties) != len(specs) {
				t.Errorf("%s %s: %d properties, the schema %d", c, f.ID, len(f.Properties), len(specs))
			}
		}
	}
}

func fitsType(v any, typ string) bool {
	switch v.(type) {
	case nil:
		return true // nullable properties say so in their titles
	case string:
		return typ == "string"
	case float64:
		return typ == "number" || typ == "integer"
	case []any:
		return typ == "array"
	}
	return false
}

// testPaging follows next links to the end and checks prev, including
// from past the end, and that links keep every parameter.
func testPaging(t *testing.T, base string) {
	var ids []string
	next := base + "/api/collections/parks/items?limit=2&sortby=-id"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("next links never end")
		}
		var fc featureCollection
		get(t, next, "application/geo+json", &fc)
		if fc.NumberMatched != 5 {
			t.Errorf("numberMatched %d, want 5", fc.NumberMatched)
		}
		for _, l := range fc.Links {
			if !strings.HasPrefix(l.Href, base+"/api/collections/parks") {
				t.Errorf("link %s %q is not absolute on %s", l.Rel, l.Href, base)
			}
		}
		if self, _ := fc.link("self"); !strings.Contains(self.Href, "sortby=-id") {
			t.Errorf("self link %q lost sortby", self.Href)
		}
		next = ""
		if l, ok := fc.link("next"); ok {
			next = l.Href
		}
		ids = append(ids, fc.ids()...)
	}
	want := slices.Clone(allZones)
	slices.Reverse(want)
	if !slices.Equal(ids, want) {
		t.Errorf("paged ids %v, want %v", ids, want)
	}

	for _, tt := range []struct {
		query      string
		ids        []string
		next, prev string // the offset of each link's page, "" for none
	}{
		{"limit=2", []string{"Dateline.W", "QJ_01"}, "2", ""},
		{"limit=2&offset=1", []string{"QJ_01", "alpha"}, "3", "0"},
		{"limit=2&offset=3", []string{"dateline~e", "reserve-9"}, "", "1"},
		{"limit=2&offset=4", []string{"reserve-9"}, "", "2"},
		// Past the end: no next, and prev is the last page.
		{"limit=2&offset=10", []string{}, "", "3"},
		{"limit=10&offset=7", []string{}, "", "0"},
		{"limit=1&offset=1&segment=cell", []string{"alpha"}, "", "0"},
		{"limit=1&segment=foil,paste", []string{"QJ_01"}, "1", ""},
		// Larger than the maximum: clamped, not refused.
		{"limit=1000000", allZones, "", ""},
	} {
		fc := items(t, base, "parks", tt.query)
		if !slices.Equal(fc.ids(), tt.ids) {
			t.Errorf("%s: ids %v, want %v", tt.query, fc.ids(), tt.ids)
		}
		for rel, want := range map[string]string{"next": tt.next, "prev": tt.prev} {
			l, ok := fc.link(rel)
			if !ok {
				if want != "" {
					t.Errorf("%s: no %s link, want offset %s", tt.query, rel, want)
				}
				continue
			}
			u, err := url.Parse(l.Href)
			if err != nil {
				t.Fatal(err)
			}
			if rel == "next" {
				// A next link carries a cursor: its page is the one at the offset.
				if u.Query().Get("cursor") == "" || u.Query().Has("offset") {
					t.Errorf("%s: next link %q, want a cursor and no offset", tt.query, l.Href)
				}
				in, _ := url.ParseQuery(tt.query)
				in.Set("offset", want)
				var got featureCollection
				get(t, l.Href, "application/geo+json", &got)
				if byOffset := items(t, base, "parks", in.Encode()); !slices.Equal(got.ids(), byOffset.ids()) || got.NumberMatched != byOffset.NumberMatched {
					t.Errorf("%s: the next link's page %v (of %d), the page at offset %s %v (of %d)",
						tt.query, got.ids(), got.NumberMatched, want, byOffset.ids(), byOffset.NumberMatched)
				}
			} else if got := u.Query().Get("offset"); got != want {
				t.Errorf("%s: %s link %q, want offset %q", tt.query, rel, l.Href, want)
			}
			in, _ := url.ParseQuery(tt.query)
			for k := range in {
				if k != "offset" && u.Query().Get(k) != in.Get(k) && k != "limit" {
					t.Errorf("%s: %s link %q lost %s", tt.query, rel, l.Href, k)
				}
			}
		}
	}
}

// testItems covers every parameter of the items but paging.
func testItems(t *testing.T, base string) {
	tests := []struct {
		collection, query string
		want              []string
	}{
		{"parks", "", allZones},
		{"parks", "f=json", allZones},
		{"projects", "", allProjects},
		{"counties", "", allCounties},
		// bbox, across the antimeridian too; features nobody placed match any box.
		{"parks", "bbox=100.035,10.002,100.036,10.003", []string{"QJ_01"}},
		{"parks", "bbox=100.022,10.005,100.028,10.008", []string{}},
		{"parks", "bbox=100.035,10.002,0,100.036,10.003,10", []string{"QJ_01"}},
		{"parks", "bbox=179.8,-16.2,-179.8,-16.1", []string{"Dateline.W", "dateline~e"}},
		{"parks", "bbox=179.85,-16.2,-179.95,-16.1", []string{"Dateline.W"}},
		{"parks", "bbox=179.95,-16.2,-179.85,-16.1", []string{"dateline~e"}},
		{"parks", "bbox=100.05,9,99.95,11", []string{"alpha", "reserve-9"}},
		{"parks", "bbox=-180,-90,180,90", allZones},
		{"projects", "bbox=10,10,11,11", []string{"a~unplaced", "p.300"}},
		{"projects", "bbox=179.8,-16.2,-179.8,-16.1", []string{"Z9", "a~unplaced", "p.300"}},
		{"counties", "bbox=100.58,10.03,100.62,10.07", []string{}},
		{"counties", "bbox=179.8,-16.2,-179.8,-16.1", []string{"990199"}},
		// sortby: a + arrives as a space unless escaped.
		{"parks", "sortby=-name_en", []string{"reserve-9", "QJ_01", "Dateline.W", "dateline~e", "alpha"}},
		{"parks", "sortby=planned_area_km2", []string{"dateline~e", "Dateline.W", "QJ_01", "reserve-9", "alpha"}},
		{"parks", "sortby=%2Bplanned_area_km2", []string{"dateline~e", "Dateline.W", "QJ_01", "reserve-9", "alpha"}},
		{"parks", "sortby=+planned_area_km2", []string{"dateline~e", "Dateline.W", "QJ_01", "reserve-9", "alpha"}},
		{"parks", "sortby=county_code,-id", []string{"alpha", "QJ_01", "reserve-9", "dateline~e", "Dateline.W"}},
		{"projects", "sortby=-investment_yi_cny", []string{"P-100", "p.300", "Z9", "a~unplaced", "p_200"}},
		{"counties", "sortby=-code", []string{"990199", "990102", "990101"}},
		// datetime is accepted; no collection here has a temporal property, so all match.
		{"parks", "datetime=2024-05-01", allZones},
		{"parks", "datetime=2024-05-01T08:00:00Z/..", allZones},
		{"parks", "datetime=../2024-05-01", allZones},
		// Every queryable, by name and by its short alias.
		{"parks", "name_zh=日界线西园", []string{"Dateline.W"}},
		{"parks", "name_en=Alpha%20Park", []string{"alpha"}},
		{"parks", "name_en=alpha%20park", []string{}},
		{"parks", "county_code=990199", []string{"Dateline.W", "dateline~e"}},
		{"parks", "county=990101,990102", []string{"QJ_01", "alpha", "reserve-9"}},
		{"parks", "status=planned", []string{"Dateline.W"}},
		{"parks", "status=operating,reserved", []string{"QJ_01", "alpha", "dateline~e", "reserve-9"}},
		{"parks", "chain=synth-tea", []string{"reserve-9"}},
		{"parks", "segment=cell", []string{"QJ_01", "alpha"}},
		{"parks", "segments=acid", []string{}},
		{"parks", "segment=foil&county=990199", []string{"dateline~e"}},
		{"parks", "stage=raw", []string{"QJ_01"}},
		{"parks", "stages=assembly", []string{"Dateline.W", "QJ_01", "alpha", "dateline~e"}},
		{"parks", "planned_area_km2=1.5", []string{"QJ_01"}},
		{"parks", "planned_area_km2=0.5,0.75", []string{"Dateline.W", "dateline~e"}},
		{"parks", "geometry_accuracy=synthetic", allZones},
		{"parks", "geometry_accuracy=surveyed", []string{}},
		{"projects", "enterprise_zh=甲箔业", []string{"P-100"}},
		{"projects", "enterprise_en=Wu%20Tea", []string{"a~unplaced"}},
		{"projects", "chain=synth-cells", []string{"P-100", "Z9", "p.300", "p_200"}},
		{"projects", "segment=foil", []string{"P-100", "Z9"}},
		{"projects", "segments=pack", []string{"p.300"}},
		{"projects", "park=dateline~e", []string{"Z9"}},
		{"projects", "county_code=990102", []string{"a~unplaced"}},
		{"projects", "county=990101", []string{"P-100", "p_200"}},
		{"projects", "investment_yi_cny=0", []string{"Z9"}},
		{"projects", "geometry_accuracy=synthetic", []string{"P-100", "Z9", "p_200"}},
		{"counties", "code=990199", []string{"990199"}},
		{"counties", "county=990101,990199", []string{"990101", "990199"}},
		{"counties", "name_zh=乙县", []string{"990102"}},
		{"counties", "name_en=Dateline%20County", []string{"990199"}},
		{"parcels", "", allParcels},
		{"parcels", "bbox=179.8,-16.2,-179.8,-16.1", []string{"LOT-D", "lot~c"}},
		{"parcels", "sortby=-segment", []string{"lot~c", "LOT-D", "lot_A1", "Lot.B"}},
		{"parcels", "park=alpha,QJ_01", []string{"Lot.B", "lot_A1"}},
		{"parcels", "land_use=W1,M3", []string{"LOT-D", "lot~c"}},
		{"parcels", "status=available", []string{"Lot.B"}},
		{"parcels", "segment=foil", []string{"LOT-D", "lot_A1"}},
		{"parcels", "enterprise=Jia%20Foil", []string{"lot_A1"}},
		{"parcels", "geometry_accuracy=synthetic", allParcels},
	}
	for _, tt := range tests {
		fc := items(t, base, tt.collection, tt.query)
		if !slices.Equal(fc.ids(), tt.want) || fc.NumberMatched != len(tt.want) {
			t.Errorf("%s?%s: %v of %d, want %v", tt.collection, tt.query, fc.ids(), fc.NumberMatched, tt.want)
		}
	}

	// The measures are the store's: filter by what it says.
	dw := items(t, base, "parks", "name_en=Dateline%20West%20Park")
	area := strconv.FormatFloat(dw.Features[0].Properties["area_ha"].(float64), 'f', -1, 64)
	if got := items(t, base, "parks", "area_ha="+area).ids(); !slices.Equal(got, []string{"Dateline.W", "dateline~e"}) {
		t.Errorf("area_ha=%s: %v, want both dateline zones (the same square)", area, got)
	}
	jia := items(t, base, "counties", "code=990101")
	area = strconv.FormatFloat(jia.Features[0].Properties["area_km2"].(float64), 'f', -1, 64)
	if got := items(t, base, "counties", "area_km2="+area).ids(); !slices.Equal(got, []string{"990101"}) {
		t.Errorf("area_km2=%s: %v, want 990101", area, got)
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		for k := range q {
			covered[tt.collection+"."+k] = true
		}
	}
	lot := items(t, base, "parcels", "status=available")
	area = strconv.FormatFloat(lot.Features[0].Properties["area_ha"].(float64), 'f', -1, 64)
	if got := items(t, base, "parcels", "area_ha="+area).ids(); !slices.Equal(got, []string{"Lot.B"}) {
		t.Errorf("parcels area_ha=%s: %v, want Lot.B", area, got)
	}
	covered["parks.area_ha"], covered["counties.area_km2"], covered["parcels.area_ha"] = true, true, true
	for _, def := range geo.Builtin() {
		for _, p := range def.Properties {
			for _, name := range []string{p.Name, p.Param} {
				if p.Queryable && name != "" && !covered[def.ID+"."+name] {
					t.Errorf("no test filters %s by %s", def.ID, name)
				}
			}
		}
	}
}

// testShaping checks properties and skipGeometry, as GeoJSON and as CSV.
func testShaping(t *testing.T, base string) {
	fc := items(t, base, "parks", "properties=status,name_en&skipGeometry=true&limit=2")
	for _, f := range fc.Features {
		if string(f.Geometry) != "null" {
			t.Errorf("%s: geometry %.40s, want null", f.ID, f.Geometry)
		}
		if len(f.Properties) != 2 || f.Properties["status"] == nil || f.Properties["name_en"] == nil {
			t.Errorf("%s: properties %v, want status and name_en", f.ID, f.Properties)
		}
	}
	raw := get(t, base+"/api/collections/parks/items?properties=status,name_en&limit=1", "application/geo+json", nil).body
	var one struct{ Features []json.RawMessage }
	if err := json.Unmarshal(raw, &one); err != nil {
		t.Fatal(err)
	}
	if got := memberNames(t, one.Features[0], "properties"); !slices.Equal(got, []string{"name_en", "status"}) {
		t.Errorf("properties in order %v, want the definition's: name_en, status", got)
	}
	for _, q := range []string{"properties=", "properties=&skipGeometry=false"} {
		for _, f := range items(t, base, "counties", q).Features {
			if len(f.Properties) != 0 || string(f.Geometry) == "null" {
				t.Errorf("%s: %s has properties %v, geometry %.20s; want none and a geometry", q, f.ID, f.Properties, f.Geometry)
			}
		}
	}
	for _, q := range []string{"skipGeometry=false", "skipGeometry=FALSE", "skipGeometry=0"} {
		if f := items(t, base, "parks", q).Features[0]; string(f.Geometry) == "null" || len(f.Properties) != len(geo.Parks.Properties) {
			t.Errorf("%s: geometry %.20s and %d properties", q, f.Geometry, len(f.Properties))
		}
	}
}

// testCSV checks the CSV form: the definition's columns, lists joined by
// ";", geometry as WKT, empty for a project nobody placed.
func testCSV(t *testing.T, base string) {
	rows := func(query string) [][]string {
		t.Helper()
		r := get(t, base+"/api/collections/"+query, "text/csv; charset=utf-8", nil)
		if !bytes.HasPrefix(r.body, []byte("\uFEFF")) {
			t.Errorf("%s: no byte-order mark", query)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") {
			t.Errorf("%s: Content-Disposition %q", query, cd)
		}
		out, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.body, []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return out
	}
	parks := rows("parks/items?f=csv")
	want := append([]string{"id"}, geo.Parks.Names(nil)...)
	if !slices.Equal(parks[0], append(want, "geometry_wkt")) {
		t.Errorf("header %v", parks[0])
	}
	if len(parks) != 1+len(allZones) {
		t.Fatalf("%d rows, want %d", len(parks), 1+len(allZones))
	}
	qj := parks[2]
	col := func(name string) int { return slices.Index(parks[0], name) }
	if qj[0] != "QJ_01" || qj[col("segments")] != "ore;foil;cell" || qj[col("planned_area_km2")] != "1.5" ||
		!strings.HasPrefix(qj[col("geometry_wkt")], "MULTIPOLYGON(((100 10,") {
		t.Errorf("QJ_01 row %q", qj)
	}
	if alpha := parks[3]; alpha[col("planned_area_km2")] != "" || alpha[col("name_zh")] != "阿尔法园" {
		t.Errorf("alpha row %q, want an empty planned area and its Chinese name", alpha)
	}
	projects := rows("projects/items?f=csv&segment=pack")
	if len(projects) != 2 || projects[1][0] != "p.300" || projects[1][len(projects[1])-1] != "" {
		t.Errorf("projects of pack: %q, want p.300 with no geometry", projects)
	}
	shaped := rows("parks/items?f=csv&properties=status,name_en&skipGeometry=true&sortby=-id&limit=2")
	if want := [][]string{{"id", "name_en", "status"}, {"reserve-9", "Reserve Park", "reserved"}, {"dateline~e", "Dateline East Park", "operating"}}; !cmp.Equal(shaped, want) {
		t.Errorf("shaped CSV %q, want %q", shaped, want)
	}
}

// testFeature reads one feature by id, odd ids included.
func testFeature(t *testing.T, base string) {
	for _, tt := range []struct{ collection, id, geometry string }{
		{"parks", "QJ_01", "MultiPolygon"},
		{"parks", "Dateline.W", "MultiPolygon"},
		{"parks", "dateline~e", "MultiPolygon"},
		{"parks", "reserve-9", "MultiPolygon"},
		{"projects", "p.300", ""},
		{"projects", "a~unplaced", ""},
		{"projects", "P-100", "Point"},
		{"counties", "990199", "MultiPolygon"},
		{"parcels", "Lot.B", "Polygon"},
		{"parcels", "lot~c", "Polygon"},
	} {
		href := base + "/api/collections/" + tt.collection + "/items/" + tt.id
		var f struct {
			Type, ID string
			Geometry *struct{ Type string }
			Links    []link
		}
		get(t, href, "application/geo+json", &f)
		gotGeometry := ""
		if f.Geometry != nil {
			gotGeometry = f.Geometry.Type
		}
		if f.Type != "Feature" || f.ID != tt.id || gotGeometry != tt.geometry {
			t.Errorf("%s: %s %q with geometry %q, want a Feature %q with %q", href, f.Type, f.ID, gotGeometry, tt.id, tt.geometry)
		}
		if !slices.Contains(f.Links, link{href, "self", "application/geo+json"}) ||
			!slices.Contains(f.Links, link{base + "/api/collections/" + tt.collection, "collection", "application/json"}) {
			t.Errorf("%s: links %+v", href, f.Links)
		}
	}
	// The same feature as in the collection, links aside.
	var one map[string]any
	get(t, base+"/api/collections/parks/items/alpha", "application/geo+json", &one)
	delete(one, "links")
	var page struct{ Features []map[string]any }
	get(t, base+"/api/collections/parks/items?name_en=Alpha%20Park", "application/geo+json", &page)
	if diff := cmp.Diff(page.Features[0], one); diff != "" {
		t.Errorf("alpha alone differs from alpha in the page (-page +alone):\n%s", diff)
	}
}

// testHTTP checks validators, compression and CORS on the API.
func testHTTP(t *testing.T, base string) {
	for _, path := range []string{"/api/collections/parks/items", "/api/collections/parks/items/QJ_01", "/api/collections/counties/items?f=csv"} {
		r := request(t, "GET", base+path, nil)
		etag := r.header.Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", path)
		}
		if r := request(t, "GET", base+path, map[string]string{"If-None-Match": etag}); r.status != 304 {
			t.Errorf("%s with If-None-Match: %d, want 304", path, r.status)
		}
	}
	r := request(t, "GET", base+"/api/collections/counties/items", map[string]string{"Accept-Encoding": "gzip", "Origin": "http://example.org"})
	if r.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", r.header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil || !json.Valid(plain) {
		t.Errorf("gzip: %d bytes to %d, valid JSON %v (%v)", len(r.body), len(plain), json.Valid(plain), err)
	}
	if r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("CORS: Access-Control-Allow-Origin %q", r.header.Get("Access-Control-Allow-Origin"))
	}
}

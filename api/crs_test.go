package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// firstPoint is a geometry's first position, as written.
func firstPoint(t *testing.T, raw json.RawMessage) orb.Point {
	t.Helper()
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		t.Fatalf("%v: %.200s", err, raw)
	}
	var p orb.Point
	found := true
	switch g := g.Geometry().(type) {
	case orb.Point:
		p = g
	case orb.MultiPoint:
		p = g[0]
	case orb.LineString:
		p = g[0]
	case orb.MultiLineString:
		p = g[0][0]
	case orb.Polygon:
		p = g[0][0]
	case orb.MultiPolygon:
		p = g[0][0][0]
	default:
		found = false
	}
	if !found {
		t.Fatalf("no position in %.200s", raw)
	}
	return p
}

func testCRS(t *testing.T, base string) {
	pj := projector(t)
	// The default is CRS84, and says so.
	r := get(t, base+"/api/collections/parks/items", "application/geo+json", nil)
	if got := r.header.Get("Content-Crs"); got != "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>" {
		t.Errorf("Content-Crs %q", got)
	}
	want := items(t, base, "parks", "limit=100")
	for _, crs := range geo.SupportedCRS {
		t.Run(crs.URI, func(t *testing.T) {
			var fc featureCollection
			r := get(t, base+"/api/collections/parks/items?limit=100&crs="+url.QueryEscape(crs.URI), "application/geo+json", &fc)
			if got := r.header.Get("Content-Crs"); got != "<"+crs.URI+">" {
				t.Errorf("Content-Crs %q", got)
			}
			if !slices.Equal(fc.ids(), want.ids()) {
				t.Fatalf("ids %v, want %v", fc.ids(), want.ids())
			}
			// Within a centimetre of PROJ's transform of the CRS84 answer,
			// itself rounded to 7 decimals (about 1 cm).
			tol := 1e-7 * 1.5
			if crs.Decimals == 3 {
				tol = 0.02
			}
			for i, f := range fc.Features {
				exp := crs.FromCRS84(pj, firstPoint(t, want.Features[i].Geometry))
				got := firstPoint(t, f.Geometry)
				if math.Abs(got[0]-exp[0]) > tol || math.Abs(got[1]-exp[1]) > tol {
					t.Errorf("%s: %v, want %v", f.ID, got, exp)
				}
			}
			// The single feature too.
			id := want.Features[1].ID
			var one struct{ Geometry json.RawMessage }
			r = get(t, base+"/api/collections/parks/items/"+id+"?crs="+url.QueryEscape(crs.URI), "application/geo+json", &one)
			if got := r.header.Get("Content-Crs"); got != "<"+crs.URI+">" {
				t.Errorf("feature Content-Crs %q", got)
			}
			exp := crs.FromCRS84(pj, firstPoint(t, want.Features[1].Geometry))
			if got := firstPoint(t, one.Geometry); math.Abs(got[0]-exp[0]) > tol || math.Abs(got[1]-exp[1]) > tol {
				t.Errorf("feature %s: %v, want %v", id, got, exp)
			}
		})
	}
	// A bbox in lat/lon order selects what the same box in CRS84 does; a
	// Gauss–Krüger box (northing first) around it at least as much.
	lonlat := want.Features[2]
	p := firstPoint(t, lonlat.Geometry)
	box := orb.Bound{Min: orb.Point{p[0] - 0.01, p[1] - 0.01}, Max: orb.Point{p[0] + 0.01, p[1] + 0.01}}
	ref := items(t, base, "parks", fmt.Sprintf("bbox=%v,%v,%v,%v", box.Min[0], box.Min[1], box.Max[0], box.Max[1]))
	latlon := items(t, base, "parks", fmt.Sprintf("bbox=%v,%v,%v,%v&bbox-crs=%s", box.Min[1], box.Min[0], box.Max[1], box.Max[0],
		url.QueryEscape("http://www.opengis.net/def/crs/EPSG/0/4326")))
	if !slices.Equal(latlon.ids(), ref.ids()) || !slices.Contains(ref.ids(), lonlat.ID) {
		t.Errorf("bbox-crs 4326: %v, CRS84: %v (with %s)", latlon.ids(), ref.ids(), lonlat.ID)
	}
	if gk, _ := geo.ParseCRS("EPSG:4543"); p[0] > 100 && p[0] < 104 {
		lo, hi := gk.FromCRS84(pj, box.Min), gk.FromCRS84(pj, box.Max)
		got := items(t, base, "parks", fmt.Sprintf("bbox=%f,%f,%f,%f&bbox-crs=EPSG:4543", lo[0], lo[1], hi[0], hi[1]))
		for _, id := range ref.ids() {
			if !slices.Contains(got.ids(), id) {
				t.Errorf("bbox-crs 4543: %v lacks %s", got.ids(), id)
			}
		}
	}
	// filter-crs: the same boxes as CQL2 literals.
	filter := func(f, crs string) []string {
		q := url.Values{"filter": {f}}
		if crs != "" {
			q.Set("filter-crs", crs)
		}
		return items(t, base, "parks", q.Encode()).ids()
	}
	refFilter := filter(fmt.Sprintf("S_INTERSECTS(geometry, BBOX(%v, %v, %v, %v))", box.Min[0], box.Min[1], box.Max[0], box.Max[1]), "")
	if got := filter(fmt.Sprintf("S_INTERSECTS(geometry, BBOX(%v, %v, %v, %v))", box.Min[1], box.Min[0], box.Max[1], box.Max[0]), "EPSG:4326"); !slices.Equal(got, refFilter) || !slices.Equal(refFilter, ref.ids()) {
		t.Errorf("filter-crs 4326: %v, CRS84: %v, bbox: %v", got, refFilter, ref.ids())
	}
	if gk, _ := geo.ParseCRS("EPSG:4522"); p[0] > 100 && p[0] < 104 {
		lo, hi := gk.FromCRS84(pj, box.Min), gk.FromCRS84(pj, box.Max)
		got := filter(fmt.Sprintf("S_INTERSECTS(geometry, POLYGON((%f %f, %f %f, %f %f, %f %f, %f %f)))",
			lo[0], lo[1], hi[0], lo[1], hi[0], hi[1], lo[0], hi[1], lo[0], lo[1]), "http://www.opengis.net/def/crs/EPSG/0/4522")
		for _, id := range refFilter {
			if !slices.Contains(got, id) {
				t.Errorf("filter-crs 4522: %v lacks %s", got, id)
			}
		}
	}
	// Every collection offers them all and is stored in CRS84.
	var c struct {
		CRS        []string
		StorageCRS string
	}
	get(t, base+"/api/collections/parks", "application/json", &c)
	if !slices.Equal(c.CRS, geo.CRSURIs()) || c.StorageCRS != geo.CRS84.URI {
		t.Errorf("crs %v storageCrs %q", c.CRS, c.StorageCRS)
	}
	var conf struct{ ConformsTo []string }
	get(t, base+"/api/conformance", "application/json", &conf)
	if !slices.Contains(conf.ConformsTo, "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs") {
		t.Errorf("conformance lacks Part 2's crs: %v", conf.ConformsTo)
	}
}

func testCRSBadInput(t *testing.T, base string) {
	for _, tt := range []struct{ name, path, want string }{
		{"unknown crs", "/api/collections/parks/items?crs=EPSG:2000", "EPSG/0/4490"},
		{"unknown crs uri", "/api/collections/parks/items?crs=http://www.opengis.net/def/crs/EPSG/0/4547", "EPSG/0/4543"},
		{"empty crs", "/api/collections/parks/items?crs=", "CRS84"},
		{"unknown crs on a feature", "/api/collections/parks/items/alpha?crs=EPSG:27700", "EPSG/0/4522"},
		{"unknown bbox-crs", "/api/collections/parks/items?bbox=1,2,3,4&bbox-crs=EPSG:9999", "bbox-crs"},
		{"bbox-crs alone", "/api/collections/parks/items?bbox-crs=EPSG:4326", "bbox-crs without a bbox"},
		{"bbox beyond the CRS", "/api/collections/parks/items?bbox=1e300,1e300,2e300,2e300&bbox-crs=EPSG:4543", "outside"},
		{"lat beyond 90", "/api/collections/parks/items?bbox=95,100,96,101&bbox-crs=EPSG:4490", "outside"},
		// Its first corner in the zone, the far one 50,000 km east: the
		// box must not shrink to what PROJ can map back.
		{"bbox partly beyond the CRS", "/api/collections/parks/items?bbox=2600000,500000,2700000,50000000&bbox-crs=EPSG:4543", "outside"},
		{"unknown filter-crs", "/api/collections/parks/items?filter=S_INTERSECTS(geometry,POINT(1%202))&filter-crs=EPSG:2000", "filter-crs"},
		{"filter beyond the CRS", "/api/collections/parks/items?filter=S_INTERSECTS(geometry,POINT(1e300%201e300))&filter-crs=EPSG:3857", "outside"},
		{"filter's box partly beyond the CRS", "/api/collections/parks/items?filter=S_INTERSECTS(geometry,BBOX(2600000,500000,2700000,50000000))&filter-crs=EPSG:4543", "outside"},
		{"filter's line partly beyond the CRS", "/api/collections/parks/items?filter=S_INTERSECTS(geometry,LINESTRING(2600000%20500000,2700000%2050000000))&filter-crs=EPSG:4543", "outside"},
		{"bbox upside down", "/api/collections/parks/items?bbox=3,4,1,2&bbox-crs=EPSG:3857", "beyond"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := request(t, "GET", base+tt.path, nil)
			var e struct{ Code, Description string }
			if err := json.Unmarshal(r.body, &e); r.status != 400 || err != nil || !strings.Contains(e.Description, tt.want) {
				t.Errorf("%s: %d %s, want 400 naming %q", tt.path, r.status, r.body, tt.want)
			}
		})
	}
}

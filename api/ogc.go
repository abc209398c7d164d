package api

// The OGC API - Features vocabulary in one place: content types, link
// relations, conformance classes and the CRS the data is in.
const (
	contentJSON    = "application/json"
	contentGeoJSON = "application/geo+json"
	contentOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
	contentHTML    = "text/html"

	relSelf        = "self"
	relAlternate   = "alternate"
	relServiceDesc = "service-desc"
	relConformance = "conformance"
	relData        = "data"
	relItems       = "items"
	relCollection  = "collection"
	relNext        = "next"
	relPrev        = "prev"
	relDescribedBy = "describedby"

	crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

	defaultLimit = 100
	maxLimit     = 10000
)

var conformanceClasses = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
}

// link is an OGC API link object.
type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// collectionInfo describes a collection for /collections and the OpenAPI document.
type collectionInfo struct {
	ID          string
	Title       string
	Description string
	// Filters are the property filters its items accept beyond bbox/limit/offset.
	Filters []string
}

var collectionInfos = []collectionInfo{
	{"parks", "Battery-chain zones · 新能源电池产业园区",
		"Yuxi's industrial zones with the new-energy-battery chain segments allocated to them. Boundaries are schematic (geometry_accuracy).",
		[]string{"segment", "stage", "county", "status"}},
	{"projects", "Enterprise projects · 企业项目",
		"Enterprise investment projects; a project whose zone no source names has a null geometry.", nil},
	{"counties", "Counties · 县级行政区",
		"Yuxi's nine county-level divisions, the offline base map (boundaries quantized to about 100 m).", nil},
}

func findCollection(id string) (collectionInfo, bool) {
	for _, c := range collectionInfos {
		if c.ID == id {
			return c, true
		}
	}
	return collectionInfo{}, false
}

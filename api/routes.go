package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// route is one API endpoint. The OpenAPI document is generated from the
// same table, so it cannot drift from what is served.
type route struct {
	path      string // OpenAPI form: /collections/{collectionId}/items
	operation string // the OpenAPI operationId
	summary   string
	params    []string // query parameters it accepts
	produces  string
	handler   func(*gin.Context) error
	formats   []string // values of f beyond json, the default
	// paramsOf lists the parameters when they depend on the collection
	// (its queryable properties); the handler then checks them itself.
	paramsOf bool
}

// apiRoutes lists every route under /api.
func (s *server) apiRoutes() []route {
	return append([]route{
		{"", "getLandingPage", "Landing page", []string{"f"}, contentJSON, s.landing, []string{"html"}, false},
		{"/conformance", "getConformance", "Conformance classes implemented", []string{"f"}, contentJSON, s.conformance, []string{"html"}, false},
		{"/openapi", "getOpenAPI", "This OpenAPI 3.0 document", []string{"f"}, contentOpenAPI, s.openapi, nil, false},
		{"/collections", "getCollections", "Feature collections", []string{"f"}, contentJSON, s.collections, []string{"html"}, false},
		{"/collections/{collectionId}", "getCollection", "One feature collection", []string{"f"}, contentJSON, s.collection, []string{"html"}, false},
		{"/collections/{collectionId}/schema", "getSchema", "The properties of a collection's features (JSON Schema)", []string{"f"}, contentSchema, s.schema, nil, false},
		{"/collections/{collectionId}/queryables", "getQueryables", "The properties a filter may name (JSON Schema)", []string{"f"}, contentSchema, s.queryables, nil, false},
		{"/collections/{collectionId}/items", "getFeatures", "Features of a collection", itemsParams, contentGeoJSON, s.items, append(exportFormatNames(), "html"), true},
		{"/collections/{collectionId}/items/{featureId}", "getFeature", "One feature", []string{"crs", "coordsys", "f"}, contentGeoJSON, s.item, []string{"html"}, false},
		{"/chain", "getChain", "A chain's stages, segments (with the zones hosting each) and material flows", []string{"chain"}, contentJSON, s.chain, nil, false},
		{"/coverage", "getCoverage", "Segments × zones: which zone hosts which segment, the gaps and the overlaps", []string{"chain", "f"}, contentJSON, s.coverage, []string{"csv"}, false},
		{"/siting", "getSiting", "Zones, or with mode=parcels the available parcels of at least min_area_ha, ranked for a plant of one segment, with the components of each score and the reasons", []string{"segment", "mode", "min_area_ha", "limit", "near", "lang", "w_assigned", "w_suppliers", "w_customers", "w_near"}, contentJSON, s.siting, nil, false},
		{"/sources", "getSources", "Every cited source, with its fields, its citation and the data's date", nil, contentJSON, s.sources, nil, false},
		{"/city", "getCity", "The dataset's city: its names, the map's title, extent, default chain and base-map credit, and whether the data is synthetic", nil, contentJSON, s.city, nil, false},
		{"/config", "getConfig", "What the map offers beyond its offline base map: an online tile layer, when configured", nil, contentJSON, s.config, nil, false},
		{"/locate", "getLocate", "The county and zone containing a point, and the nearest zones", []string{"lon", "lat", "n"}, contentJSON, s.locate, nil, false},
	}, s.tileRoutes()...)
}

// routes wires every route, middleware and the web map into r. /api
// alone is open to other origins, parses its query strings strictly, and
// is bounded in time and in requests at once; the health checks and
// /metrics are outside those bounds so that they answer while the API is
// busy.
func (s *server) routes(r *gin.Engine) {
	r.Use(s.recovery, s.metrics.observe, s.logRequests, s.securityHeaders)
	api := r.Group("/api", s.cors, s.strictQuery, s.timeout, s.limit)
	for _, rt := range s.apiRoutes() {
		rt := rt
		path := ginPath(rt.path)
		h := s.handle(func(c *gin.Context) error {
			q := query(c)
			if !rt.paramsOf {
				if err := checkParams(q, rt.params); err != nil {
					return err
				}
			}
			if slices.Contains(rt.formats, "html") {
				// The page or the JSON, as the Accept header asks (html.go).
				addVary(c.Writer.Header(), "Accept")
			}
			if f := q.Get("f"); f != "" && f != "json" && !slices.Contains(rt.formats, f) {
				return invalid("f=%q is not offered here: f=%s; the map is at /", truncate(f), strings.Join(append([]string{"json"}, rt.formats...), ", f="))
			}
			return rt.handler(c)
		})
		api.GET(path, h)
		api.HEAD(path, h)
		api.OPTIONS(path, preflight) // answered by cors
		s.routeTree = append(s.routeTree, "/api"+path)
		if path == "" {
			api.GET("/", h)
			api.HEAD("/", h)
		}
	}
	// The API documentation, a page for people: not an operation of the
	// OpenAPI document it shows.
	docs := s.handle(s.docs)
	api.GET("/docs", docs)
	api.HEAD("/docs", docs)
	api.OPTIONS("/docs", preflight)
	s.routeTree = append(s.routeTree, "/api/docs")
	for path, h := range map[string]gin.HandlerFunc{
		"/healthz": s.healthz,
		"/readyz":  s.readyz,
		"/metrics": s.metrics.handler(),
	} {
		r.GET(path, h)
		r.HEAD(path, h)
	}
	r.NoRoute(s.assetsOrNotFound)
	r.NoMethod(s.methodNotAllowed)
}

// preflight is never reached: cors answers OPTIONS first.
func preflight(*gin.Context) {}

// methodNotAllowed answers a method no route takes. Nothing is written
// through this API yet, on either store: every resource is read-only.
func (s *server) methodNotAllowed(c *gin.Context) {
	if strings.HasPrefix(c.Request.URL.Path, "/api") {
		openToAll(c.Writer.Header())
	}
	c.Header("Allow", "GET, HEAD, OPTIONS")
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(http.StatusMethodNotAllowed, errorBody{"MethodNotAllowed",
		c.Request.Method + " is not allowed: this resource is read-only (GET, HEAD and OPTIONS are)"})
}

// ginPath turns /a/{b} into gin's /a/:b.
func ginPath(p string) string {
	p = strings.ReplaceAll(p, "{", ":")
	return strings.ReplaceAll(p, "}", "")
}

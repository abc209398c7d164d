package api

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// parameterSpecs describes every parameter a route may name, for the
// OpenAPI document.
var parameterSpecs = map[string]map[string]any{
	"collectionId": {"name": "collectionId", "in": "path", "required": true, "description": "The collection's id.",
		"schema": map[string]any{"type": "string", "enum": []string{"parks", "projects", "counties"}}},
	"featureId": {"name": "featureId", "in": "path", "required": true, "description": "A feature's id: a slug or a county code.",
		"schema": map[string]any{"type": "string", "pattern": idPattern.String()}},
	"bbox": {"name": "bbox", "in": "query", "style": "form", "explode": false,
		"description": "minLon,minLat,maxLon,maxLat in CRS84 (6 numbers with heights are accepted; heights are ignored).",
		"schema":      map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}},
	"limit": {"name": "limit", "in": "query", "style": "form", "explode": false,
		"description": "Features per page; larger values are clamped to the maximum.",
		"schema":      map[string]any{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
	"offset": {"name": "offset", "in": "query", "description": "Features to skip, for paging.",
		"schema": map[string]any{"type": "integer", "minimum": 0, "default": 0}},
	"segment": {"name": "segment", "in": "query", "style": "form", "explode": false,
		"description": "Zones hosting any of these segment slugs (parks only).",
		"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string"}}},
	"stage": {"name": "stage", "in": "query", "style": "form", "explode": false,
		"description": "Zones hosting a segment of any of these stages (parks only).",
		"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string"}}},
	"county": {"name": "county", "in": "query", "description": "Zones in this county, by 6-digit code (parks only).",
		"schema": map[string]any{"type": "string", "pattern": countyCode.String()}},
	"status": {"name": "status", "in": "query", "description": "Zones with this status (parks only).",
		"schema": map[string]any{"type": "string", "enum": []string{"operating", "planned", "reserved"}}},
	// A route's own version of a parameter goes under "operationId.name".
	"getSiting.segment": {"name": "segment", "in": "query", "required": true, "description": "The segment of the plant to site, by slug.",
		"schema": map[string]any{"type": "string"}},
	"near": {"name": "near", "in": "query", "style": "form", "explode": false, "description": "A point of interest, lon,lat in WGS 84.",
		"schema": map[string]any{"type": "array", "minItems": 2, "maxItems": 2, "items": map[string]any{"type": "number"}}},
	"lang": {"name": "lang", "in": "query", "description": "The language of the reasons; default from Accept-Language, else zh.",
		"schema": map[string]any{"type": "string", "enum": []string{"zh", "en"}}},
	"w_assigned":  weightSpec("w_assigned", "the plan (assigned, or reserved for the chain)", 0.4),
	"w_suppliers": weightSpec("w_suppliers", "the suppliers: hosted in the zone or nearby", 0.25),
	"w_customers": weightSpec("w_customers", "the customers: hosted in the zone or nearby", 0.25),
	"w_near":      weightSpec("w_near", "the distance from near", 0.1),
	"lon": {"name": "lon", "in": "query", "required": true, "description": "Longitude, WGS 84.",
		"schema": map[string]any{"type": "number", "minimum": -180, "maximum": 180}},
	"lat": {"name": "lat", "in": "query", "required": true, "description": "Latitude, WGS 84.",
		"schema": map[string]any{"type": "number", "minimum": -90, "maximum": 90}},
	"n": {"name": "n", "in": "query", "description": "How many nearest zones.",
		"schema": map[string]any{"type": "integer", "minimum": 0, "maximum": 100, "default": 4}},
	"chain": {"name": "chain", "in": "query", "description": "The chain's slug.",
		"schema": map[string]any{"type": "string", "default": defaultChain}},
}

func weightSpec(name, what string, def float64) map[string]any {
	return map[string]any{"name": name, "in": "query", "description": "The weight of " + what + "; only ratios matter.",
		"schema": map[string]any{"type": "number", "minimum": 0, "maximum": 1000, "default": def}}
}

// openapiDocument builds the OpenAPI 3.0 document from the route table.
func (s *server) openapiDocument(base string) map[string]any {
	errorResponse := func(what string) map[string]any {
		return map[string]any{"description": what, "content": map[string]any{
			contentJSON: map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	}
	paths := map[string]any{}
	for _, rt := range s.apiRoutes() {
		var params []any
		for _, seg := range strings.Split(rt.path, "/") {
			if strings.HasPrefix(seg, "{") {
				params = append(params, parameterSpecs[strings.Trim(seg, "{}")])
			}
		}
		for _, p := range rt.params {
			spec, ok := parameterSpecs[rt.operation+"."+p]
			if !ok {
				spec = parameterSpecs[p]
			}
			if p == "f" {
				spec = map[string]any{"name": "f", "in": "query", "description": "Output format (CSV is UTF-8 with a byte-order mark).",
					"schema": map[string]any{"type": "string", "enum": append([]string{"json"}, rt.formats...)}}
			}
			params = append(params, spec)
		}
		responses := map[string]any{
			"200": map[string]any{"description": rt.summary, "content": map[string]any{
				strings.Split(rt.produces, ";")[0]: map[string]any{"schema": map[string]any{"type": "object"}}}},
			"400": errorResponse("A malformed or unknown parameter"),
			"503": errorResponse("The database is unreachable; retry after Retry-After seconds"),
		}
		if strings.Contains(rt.path, "{") {
			responses["404"] = errorResponse("No such collection or feature")
		}
		path := rt.path
		if path == "" {
			path = "/"
		}
		op := map[string]any{
			"summary":     rt.summary,
			"operationId": rt.operation,
			"responses":   responses,
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		paths[path] = map[string]any{"get": op}
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "parkmap",
			"version":     s.cfg.Version,
			"description": "Yuxi's industrial zones and the new-energy-battery chain segments allocated to them, through OGC API - Features.",
			"license":     map[string]any{"name": "Data: see each feature's sources"},
		},
		"servers": []any{map[string]any{"url": base + "/api"}},
		"paths":   paths,
		"components": map[string]any{"schemas": map[string]any{
			"Error": map[string]any{"type": "object", "required": []string{"code", "description"},
				"properties": map[string]any{
					"code":        map[string]any{"type": "string"},
					"description": map[string]any{"type": "string"},
				}},
		}},
	}
}

func (s *server) openapi(c *gin.Context) error {
	return writeJSON(c, contentOpenAPI, s.openapiDocument(s.baseURL(c)))
}

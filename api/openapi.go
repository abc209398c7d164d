package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// The OpenAPI document is built with kin-openapi's typed structs from two
// sources only: the route table (routes.go) and the collections'
// definitions. Each collection gets its own paths, so that a client sees
// the parameters and the feature schema of that collection.

func stringSchema() *openapi3.Schema { return openapi3.NewStringSchema() }

func listSchema(items *openapi3.Schema) *openapi3.Schema {
	return openapi3.NewArraySchema().WithItems(items)
}

// queryParam is an optional query parameter; a list is comma-separated
// (form style, not exploded), as OGC API parameters are.
func queryParam(name, description string, schema *openapi3.Schema) *openapi3.ParameterRef {
	p := openapi3.NewQueryParameter(name).WithDescription(description).WithSchema(schema)
	if schema.Type != nil && schema.Type.Is("array") {
		explode := false
		p.Style, p.Explode = openapi3.SerializationForm, &explode
	}
	return &openapi3.ParameterRef{Value: p}
}

func required(p *openapi3.ParameterRef) *openapi3.ParameterRef {
	p.Value.Required = true
	return p
}

func numberRange(min, max float64) *openapi3.Schema {
	return openapi3.NewFloat64Schema().WithMin(min).WithMax(max)
}

// parameters describes every query parameter a route of the table may
// name; a route's own version of one goes under "operationId.name".
func parameters() map[string]*openapi3.ParameterRef {
	point := listSchema(openapi3.NewFloat64Schema()).WithMinItems(2).WithMaxItems(2)
	weight := func(name, what string, def float64) *openapi3.ParameterRef {
		return queryParam(name, "The weight of "+what+"; only ratios matter.", numberRange(0, 1000).WithDefault(def))
	}
	return map[string]*openapi3.ParameterRef{
		"getSiting.segment": required(queryParam("segment", "The segment of the plant to site, by slug.", stringSchema())),
		"getSiting.mode": queryParam("mode", "zones ranks the zones of the segment's chain; parcels ranks their available land parcels of at least min_area_ha, each by its zone's plan and its own distance to the suppliers, customers and near, and says which parcels are synthetic.",
			stringSchema().WithEnum("zones", "parcels").WithDefault("zones")),
		"getSiting.min_area_ha": queryParam("min_area_ha", "mode=parcels only: the least area of a parcel, in hectares.", numberRange(0, geo.MaxParcelAreaHa).WithDefault(0)),
		"getSiting.limit": queryParam("limit", fmt.Sprintf("How many results: zones (default %d, at most %d) or parcels (default %d, at most %d); beyond the maximum is a 400.", defaultZoneResults, maxZoneResults, defaultParcelResult, geo.MaxParcelResults),
			openapi3.NewIntegerSchema().WithMin(1).WithMax(maxZoneResults)),
		"near":        queryParam("near", "A point of interest, lon,lat in WGS 84.", point),
		"lang":        queryParam("lang", "The language of the reasons; default from Accept-Language, else zh.", stringSchema().WithEnum("zh", "en")),
		"w_assigned":  weight("w_assigned", "the plan (assigned, or reserved for the chain)", 0.4),
		"w_suppliers": weight("w_suppliers", "the suppliers: hosted in the zone or nearby", 0.25),
		"w_customers": weight("w_customers", "the customers: hosted in the zone or nearby", 0.25),
		"w_near":      weight("w_near", "the distance from near", 0.1),
		"lon":         required(queryParam("lon", "Longitude, WGS 84.", numberRange(-180, 180))),
		"lat":         required(queryParam("lat", "Latitude, WGS 84.", numberRange(-90, 90))),
		"n":           queryParam("n", "How many nearest zones.", openapi3.NewIntegerSchema().WithMin(0).WithMax(100).WithDefault(4)),
		"chain":       queryParam("chain", "The chain's slug; by default the dataset's first chain with segments.", stringSchema()),
		"bbox": queryParam("bbox", "minLon,minLat,maxLon,maxLat in CRS84 (6 numbers with heights are accepted; heights are ignored). A west edge east of the east edge crosses the antimeridian.",
			listSchema(openapi3.NewFloat64Schema()).WithMinItems(4).WithMaxItems(6)),
		"limit": queryParam("limit", "Features per page; larger values are clamped to the maximum.",
			openapi3.NewIntegerSchema().WithMin(1).WithMax(maxLimit).WithDefault(defaultLimit)),
		"offset": queryParam("offset", "Features to skip, for paging; a deep offset costs the features skipped, a next link's cursor does not.", openapi3.NewIntegerSchema().WithMin(0).WithDefault(0)),
		"cursor": queryParam("cursor", "Where the page starts: the opaque, signed cursor of a next link (keyset paging), valid for 24 hours with the same parameters; not with offset. A cursor that was altered, belongs to other parameters, has expired or was issued by a restarted server without --cursor-key is a 400.",
			stringSchema().WithMaxLength(maxCursor)),
		"datetime": queryParam("datetime", "A date, an RFC 3339 date-time, or an interval start/end with .. for an open end. Features whose temporal property lies in it; a collection without one returns all its features.",
			stringSchema()),
		"filter": queryParam("filter", "A CQL2 filter (OGC API - Features Part 3) on the collection's queryables, e.g. status = 'operating' AND S_INTERSECTS(geometry, BBOX(102.5, 24.2, 102.8, 24.5)).",
			stringSchema()),
		"filter-lang": queryParam("filter-lang", "The filter's encoding.", stringSchema().WithEnum("cql2-text", "cql2-json").WithDefault("cql2-text")),
		"filter-crs":  queryParam("filter-crs", "The CRS of the filter's coordinates, in its axis order.", stringSchema().WithEnum(anys(geo.CRSURIs())...).WithDefault(crs84)),
		"crs": queryParam("crs", "The CRS of the response's coordinates (OGC API - Features Part 2), in its axis order: latitude first for EPSG:4326 and EPSG:4490, northing first for the CGCS2000 Gauss–Krüger EPSG:4543 and EPSG:4522. The response's Content-Crs header names it.",
			stringSchema().WithEnum(anys(geo.CRSURIs())...).WithDefault(crs84)),
		"bbox-crs":     queryParam("bbox-crs", "The CRS of bbox's numbers, in its axis order.", stringSchema().WithEnum(anys(geo.CRSURIs())...).WithDefault(crs84)),
		"coordsys":     coordsysParam(),
		"skipGeometry": queryParam("skipGeometry", "Leave the geometry out (null).", openapi3.NewBoolSchema().WithDefault(false)),
	}
}

// formatParam is the f parameter of a route: json, and the formats it adds.
func formatParam(formats []string) *openapi3.ParameterRef {
	values := []any{"json"}
	description := "Output format."
	for _, f := range formats {
		values = append(values, f)
		if f == "csv" {
			description = "Output format; CSV is UTF-8 with a byte-order mark."
		}
		if f == "html" {
			description += " html is a page to browse, which a browser's Accept header gets too."
		}
		if ex := exportNamed(f); ex != nil && f != "csv" {
			description += " " + f + ": " + ex.description + "; its media type in Accept chooses it too."
		}
	}
	return queryParam("f", description, stringSchema().WithEnum(values...).WithDefault("json"))
}

// ref points at a schema of the document's components.
func ref(name string) *openapi3.SchemaRef {
	return openapi3.NewSchemaRef("#/components/schemas/"+name, nil)
}

func jsonResponse(description, contentType string, schema *openapi3.SchemaRef) *openapi3.ResponseRef {
	r := openapi3.NewResponse().WithDescription(description)
	r.Content = openapi3.NewContentWithSchemaRef(schema, []string{contentType})
	return &openapi3.ResponseRef{Value: r}
}

func responses(ok *openapi3.ResponseRef, notFound bool) *openapi3.Responses {
	errorResponse := func(what string) *openapi3.ResponseRef {
		return jsonResponse(what, contentJSON, ref("Error"))
	}
	rs := openapi3.NewResponses(
		openapi3.WithStatus(http.StatusOK, ok),
		openapi3.WithStatus(http.StatusBadRequest, errorResponse("A malformed or unknown parameter")),
		openapi3.WithStatus(http.StatusServiceUnavailable, errorResponse("The database is unreachable; retry after Retry-After seconds")),
	)
	if notFound {
		rs.Set(strconv.Itoa(http.StatusNotFound), errorResponse("No such collection or feature"))
	}
	return rs
}

// propertyOpenAPI is a property's schema, from its definition.
func propertyOpenAPI(p geo.Property) *openapi3.Schema {
	var s *openapi3.Schema
	switch p.Type {
	case geo.TypeNumber:
		s = openapi3.NewFloat64Schema()
	case geo.TypeInteger:
		s = openapi3.NewIntegerSchema()
	case geo.TypeBoolean:
		s = openapi3.NewBoolSchema()
	case geo.TypeStrings:
		s = listSchema(stringSchema())
	case geo.TypeDate:
		s = stringSchema().WithFormat("date")
	case geo.TypeTimestamp:
		s = openapi3.NewDateTimeSchema()
	default:
		s = stringSchema()
	}
	if len(p.Enum) > 0 {
		values := make([]any, len(p.Enum))
		for i, v := range p.Enum {
			values[i] = v
		}
		if p.Type == geo.TypeStrings {
			s.Items.Value.WithEnum(values...)
		} else {
			s.WithEnum(values...)
		}
	}
	s.Title = p.Title.Bilingual()
	s.Description = p.Description.Bilingual()
	if p.Unit != "" {
		s.Description += " (" + p.Unit + ")"
	}
	if p.Nullable {
		s.Nullable = true
	}
	return s
}

// featureSchemas returns a collection's Feature and FeatureCollection
// schemas, named after it.
func featureSchemas(def *geo.Collection) (feature, collection *openapi3.Schema) {
	props := openapi3.NewObjectSchema()
	var names []string
	for _, p := range def.Properties {
		props.WithProperty(p.Name, propertyOpenAPI(p))
		names = append(names, p.Name)
	}
	props.WithRequired(names)
	geometry := openapi3.NewObjectSchema().WithRequired([]string{"type", "coordinates"})
	geometry.Description = "RFC 7946 " + string(def.GeometryType) + " in CRS84"
	geometry.Nullable = def.GeometryNullable
	feature = openapi3.NewObjectSchema().
		WithProperty("type", stringSchema().WithEnum("Feature")).
		WithProperty("id", stringSchema().WithPattern(def.IDPattern)).
		WithProperty("geometry", geometry).
		WithProperty("properties", props).
		WithRequired([]string{"type", "id", "geometry", "properties"})
	feature.Properties["links"] = &openapi3.SchemaRef{Value: openapi3.NewArraySchema()}
	feature.Properties["links"].Value.Items = ref("Link")
	feature.Title = def.Title.Bilingual()
	features := openapi3.NewArraySchema()
	features.Items = ref(schemaName(def, "Feature"))
	links := openapi3.NewArraySchema()
	links.Items = ref("Link")
	collection = openapi3.NewObjectSchema().
		WithProperty("type", stringSchema().WithEnum("FeatureCollection")).
		WithPropertyRef("features", &openapi3.SchemaRef{Value: features}).
		WithProperty("numberMatched", openapi3.NewIntegerSchema().WithMin(0)).
		WithProperty("numberMatchedEstimated", estimatedSchema()).
		WithProperty("numberReturned", openapi3.NewIntegerSchema().WithMin(0)).
		WithPropertyRef("links", &openapi3.SchemaRef{Value: links}).
		WithProperty("timeStamp", openapi3.NewDateTimeSchema()).
		WithRequired([]string{"type", "features"})
	return feature, collection
}

// schemaName names a collection's schema in the components: parks → ParksFeature.
func schemaName(def *geo.Collection, kind string) string {
	var b strings.Builder
	upper := true
	for _, r := range def.ID {
		switch {
		case r == '-' || r == '_' || r == '.':
			upper = true
		case upper:
			b.WriteString(strings.ToUpper(string(r)))
			upper = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String() + kind
}

// collectionPaths are one collection's paths: its metadata, schema,
// queryables, items (with a parameter for each queryable property) and one
// feature.
func (s *server) collectionPaths(paths *openapi3.Paths, routes []route, params map[string]*openapi3.ParameterRef, def *geo.Collection) {
	base := "/collections/" + def.ID
	for _, rt := range routes {
		if !strings.HasPrefix(rt.path, "/collections/{collectionId}") {
			continue
		}
		path := base + strings.TrimPrefix(rt.path, "/collections/{collectionId}")
		op := openapi3.NewOperation()
		op.Summary = rt.summary + ": " + def.Title.Bilingual()
		op.OperationID = rt.operation + schemaName(def, "")
		op.Tags = []string{def.ID}
		var ok *openapi3.ResponseRef
		switch rt.operation {
		case "getFeatures":
			ok = jsonResponse(rt.summary, contentGeoJSON, ref(schemaName(def, "FeatureCollection")))
			for _, name := range itemsParams {
				if name == "f" {
					op.AddParameter(formatParam(rt.formats).Value)
					continue
				}
				if name == "sortby" {
					op.AddParameter(queryParam("sortby", "Sort by these properties, comma-separated, each with + (ascending, the default) or - (descending).",
						listSchema(stringSchema().WithEnum(prefixed(def.Sortables())...))).Value)
					continue
				}
				if name == "properties" {
					op.AddParameter(queryParam("properties", "Keep only these properties.", listSchema(stringSchema().WithEnum(anys(def.Names(nil))...))).Value)
					continue
				}
				if name == "limit" {
					// By reference, as OGC's OpenAPI fragments have it: QGIS
					// reads the page size it asks for from
					// components.parameters.limit only, else asks 100 at a time.
					op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Ref: "#/components/parameters/limit", Value: params[name].Value})
					continue
				}
				op.AddParameter(params[name].Value)
			}
			queryablesOpenAPI(op, def)
		case "getFeature":
			ok = jsonResponse(rt.summary, contentGeoJSON, ref(schemaName(def, "Feature")))
			op.AddParameter(openapi3.NewPathParameter("featureId").WithDescription("The feature's id.").
				WithSchema(stringSchema().WithPattern(def.IDPattern)))
			op.AddParameter(params["coordsys"].Value)
			op.AddParameter(formatParam(rt.formats).Value)
		case "getTile":
			ok = tileOpenAPI(op, s.tileMaxZoom())
			for _, name := range tileParams {
				op.AddParameter(params[name].Value)
			}
			queryablesOpenAPI(op, def)
		default:
			ok = jsonResponse(rt.summary, strings.Split(rt.produces, ";")[0], &openapi3.SchemaRef{Value: openapi3.NewObjectSchema()})
			op.AddParameter(formatParam(rt.formats).Value)
			if slices.Contains(rt.params, "coordsys") {
				op.AddParameter(coordsysParam().Value)
			}
		}
		op.Responses = responses(ok, true)
		withPage(op, rt.formats)
		withExports(op, rt.formats)
		if rt.operation == "getTile" {
			op.Responses.Set(strconv.Itoa(http.StatusNoContent), emptyTileResponse())
		}
		paths.Set(path, &openapi3.PathItem{Get: op})
	}
}

// queryablesOpenAPI adds a parameter for each queryable property, by its
// short name and its name.
func queryablesOpenAPI(op *openapi3.Operation, def *geo.Collection) {
	for _, p := range def.Properties {
		if !p.Queryable {
			continue
		}
		item := propertyOpenAPI(p)
		if p.Type == geo.TypeStrings {
			item = item.Items.Value
		}
		description := "Features whose " + p.Name + " is (or holds) any of these values."
		if p.Domain != "" {
			description += " The valid values are listed by the queryables."
		}
		for _, name := range []string{p.Param, p.Name} {
			if name != "" {
				op.AddParameter(queryParam(name, description, listSchema(item)).Value)
			}
		}
	}
}

func prefixed(names []string) []any {
	out := make([]any, 0, 2*len(names))
	for _, n := range names {
		out = append(out, n, "+"+n, "-"+n)
	}
	return out
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// openapiDocument builds the OpenAPI 3.0 document; its title and
// description name the dataset's city.
func (s *server) openapiDocument(base string, d dataset) *openapi3.T {
	params := parameters()
	routes := s.apiRoutes()
	paths := openapi3.NewPaths()
	for _, rt := range routes {
		if strings.HasPrefix(rt.path, "/collections/{collectionId}") {
			continue // one path per collection, below
		}
		op := openapi3.NewOperation()
		op.Summary, op.OperationID = rt.summary, rt.operation
		for _, name := range rt.params {
			if name == "f" {
				op.AddParameter(formatParam(rt.formats).Value)
				continue
			}
			p, ok := params[rt.operation+"."+name]
			if !ok {
				p = params[name]
			}
			op.AddParameter(p.Value)
		}
		op.Responses = responses(jsonResponse(rt.summary, strings.Split(rt.produces, ";")[0],
			&openapi3.SchemaRef{Value: openapi3.NewObjectSchema()}), false)
		withPage(op, rt.formats)
		path := rt.path
		if path == "" {
			path = "/"
		}
		paths.Set(path, &openapi3.PathItem{Get: op})
	}
	schemas := openapi3.Schemas{
		"Error": &openapi3.SchemaRef{Value: openapi3.NewObjectSchema().
			WithProperty("code", stringSchema()).
			WithProperty("description", stringSchema()).
			WithRequired([]string{"code", "description"})},
		"Link": &openapi3.SchemaRef{Value: openapi3.NewObjectSchema().
			WithProperty("href", stringSchema()).
			WithProperty("rel", stringSchema()).
			WithProperty("type", stringSchema()).
			WithProperty("title", stringSchema()).
			WithRequired([]string{"href", "rel"})},
	}
	var tags openapi3.Tags
	for _, def := range s.cfg.Collections {
		s.collectionPaths(paths, routes, params, def)
		feature, collection := featureSchemas(def)
		schemas[schemaName(def, "Feature")] = &openapi3.SchemaRef{Value: feature}
		schemas[schemaName(def, "FeatureCollection")] = &openapi3.SchemaRef{Value: collection}
		tags = append(tags, &openapi3.Tag{Name: def.ID, Description: def.Description.Bilingual()})
	}
	return &openapi3.T{
		OpenAPI: "3.0.3",
		Info: &openapi3.Info{
			Title:       "parkmap: " + d.title().Bilingual(),
			Version:     s.cfg.Version,
			Description: d.description().EN + " " + d.description().ZH,
			License:     &openapi3.License{Name: "Data: see each feature's sources"},
		},
		Servers:    openapi3.Servers{{URL: base + "/api"}},
		Paths:      paths,
		Tags:       tags,
		Components: &openapi3.Components{Schemas: schemas, Parameters: openapi3.ParametersMap{"limit": params["limit"]}},
	}
}

func (s *server) openapi(c *gin.Context) error {
	d, err := s.readDataset(c.Request.Context())
	if err != nil {
		return err
	}
	return writeJSON(c, contentOpenAPI, s.openapiDocument(s.baseURL(c), d))
}

// estimatedSchema is the flag that says numberMatched was estimated.
func estimatedSchema() *openapi3.Schema {
	s := openapi3.NewBoolSchema()
	s.Description = "Present, and true, when numberMatched is the database planner's estimate: PostGIS counts at most 1,000 matches (postgis.DefaultCountCap) beside a page and estimates beyond."
	return s
}

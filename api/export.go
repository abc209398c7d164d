package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/parkmap/parkmap/geo"
)

// Exports: a collection's items as files the tools of a GIS user open,
// chosen by f= or by the Accept header: CSV for spreadsheets, GeoJSON text
// sequences (RFC 8142) for line-oriented tools, KML for Google Earth and
// 奥维互动地图, GeoPackage for QGIS, ArcGIS and GDAL. Without a limit an
// export holds every feature that matches, read from the store a page at a
// time; with one it is that page.

const (
	contentGeoJSONSeq = "application/geo+json-seq"
	contentKML        = "application/vnd.google-earth.kml+xml"
	contentGPKG       = "application/geopackage+sqlite3"

	// exportPage is how many features an export reads from the store at
	// once: big enough that a round trip is cheap beside the encoding,
	// small enough that a page's memory is.
	exportPage = 5000
	// exportWriteWindow is how long the client has to take each part of
	// an export: the server's WriteTimeout bounds a whole response, which
	// a large export outlasts, so each write moves the deadline on.
	exportWriteWindow = 30 * time.Second
)

// exportFormat is one format the items can be exported in.
type exportFormat struct {
	name        string // the value of f
	contentType string
	extension   string
	description string // for the OpenAPI document
	// wgs84Only formats are WGS 84 lon/lat by definition (KML): another
	// crs cannot be written in them.
	wgs84Only bool
	// labelled formats name their CRS in the file itself: GCJ-02, which
	// no CRS describes, would be mislabelled.
	labelled bool
	write    func(w io.Writer, def *geo.Collection, q geo.FeatureQuery, features *featureStream) error
}

// exportFormats are the export formats, in the order the API lists them.
var exportFormats = []*exportFormat{
	{"csv", contentCSV, "csv", "CSV, UTF-8 with a byte-order mark (Excel and WPS read Chinese rightly), lists joined with ';', the geometry as WKT", false, false, writeCSV},
	{"geojsonseq", contentGeoJSONSeq, "geojsons", "GeoJSON text sequence (RFC 8142): one feature a record, each after an RS character", false, false, writeGeoJSONSeq},
	{"kml", contentKML, "kml", "KML 2.2 for Google Earth and 奥维互动地图: placemarks named in Chinese, properties as typed SchemaData with Chinese display names, lists joined with ';'; WGS 84 only", true, true, writeKML},
	{"gpkg", contentGPKG, "gpkg", "GeoPackage 1.3 (SQLite): one typed table with its geometry column, extent and SRS (crs, CRS84 by default; x first, as GeoPackage stores it), lists as JSON text", false, true, writeGPKG},
}

// exportFormatNames are the values of f the exports add.
func exportFormatNames() []string {
	out := make([]string, len(exportFormats))
	for i, f := range exportFormats {
		out[i] = f.name
	}
	return out
}

// exportOf returns the export format a request asks for, by f or, when f
// is absent, by an Accept header that ranks the format's type above JSON
// and HTML; nil for a GeoJSON page or an HTML one.
func exportOf(c *gin.Context) *exportFormat {
	if f, ok := query(c)["f"]; ok {
		for _, ex := range exportFormats {
			if len(f) == 1 && f[0] == ex.name {
				return ex
			}
		}
		return nil
	}
	accept := c.GetHeader("Accept")
	if accept == "" {
		return nil
	}
	ranges := parseAccept(accept)
	floor := acceptQ(ranges, "text", "html")
	for _, sub := range []string{"json", "geo+json"} {
		floor = max(floor, acceptQ(ranges, "application", sub))
	}
	var best *exportFormat
	for _, ex := range exportFormats {
		typ, sub, _ := strings.Cut(ex.contentType, "/")
		// Only a range that names the type exactly chooses an export: */*
		// and text/* mean "anything", which is a GeoJSON page.
		for _, r := range ranges {
			if r.typ == typ && r.sub == sub && r.q > floor {
				best, floor = ex, r.q
			}
		}
	}
	return best
}

// export streams the features a query matches in a format. The first page
// is read before anything is written, so that a bad request or a store
// that is down still gets its JSON error and status; a failure later can
// only cut the response short, which the client sees as a broken download.
func (s *server) export(c *gin.Context, def *geo.Collection, q geo.FeatureQuery, ex *exportFormat, off *offset) error {
	if ex.wgs84Only && !q.CRS.IsCRS84() {
		return invalid("f=%s is written in WGS 84 longitude, latitude, as the format declares; crs does not apply to it", ex.name)
	}
	if ex.labelled && off != nil {
		return invalid("f=%s declares WGS 84 in the file; GCJ-02 coordinates (coordsys=gcj02) would be mislabelled. Use f=json, f=geojsonseq or f=csv", ex.name)
	}
	_, limited := c.GetQuery("limit")
	fs := &featureStream{ctx: c.Request.Context(), store: s.store, def: def, q: q, all: !limited, off: off,
		pageTimeout: s.cfg.RequestTimeout}
	if err := fs.fetch(); err != nil {
		return err
	}
	if fs.done {
		// Everything is read: the rest is writing, which holds no slot,
		// as writeBody does not.
		release(c)
	} else {
		// The rest is read page by page while the client downloads: on an
		// export slot, not on one the map's requests need.
		leave, err := s.exports.enter(c)
		if err != nil {
			return err
		}
		defer leave()
	}
	h := c.Writer.Header()
	h.Set("Content-Type", ex.contentType)
	if ex.name == "csv" {
		h.Set("Content-Type", contentCSV+"; charset=utf-8")
	}
	h.Set("Content-Disposition", `attachment; filename="`+def.ID+"."+ex.extension+`"`)
	h.Set("Cache-Control", "no-cache")
	addVary(h, "Accept-Encoding")
	if off != nil {
		off.label(c)
	} else {
		setContentCRS(c, q.CRS)
	}
	if fs.done && ex.name != "gpkg" {
		// One page holds it all: write it whole, with an ETag, a length
		// and the usual compression, as a GeoJSON page is. (A GeoPackage
		// records when it was made, so it would never match its ETag.)
		var buf bytes.Buffer
		if err := ex.write(&buf, def, q, fs); err != nil {
			return err
		}
		writeBody(c, h.Get("Content-Type"), buf.Bytes(), nil)
		return nil
	}
	// The rest streams: past the first page, each page has its own
	// --request-timeout rather than the request's, which a large export
	// outlasts; a client that went away is found at the next write.
	fs.base = context.WithoutCancel(c.Request.Context())
	out := bufio.NewWriterSize(&deadlineWriter{w: c.Writer, rc: http.NewResponseController(c.Writer)}, 32<<10)
	var w io.Writer = out
	var z *gzip.Writer
	if c.Request.Method != http.MethodHead && acceptsGzip(c.GetHeader("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		z = gzipWriters.Get().(*gzip.Writer)
		z.Reset(out)
		defer func() { z.Reset(nil); gzipWriters.Put(z) }()
		w = z
	}
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		return nil
	}
	err := ex.write(w, def, q, fs)
	if err == nil && z != nil {
		err = z.Close()
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		// The status and part of the body are gone: all that is left is to
		// break the connection, so that the client knows the file is cut.
		s.logger.Warn("export cut short", "collection", def.ID, "format", ex.name, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// featureStream reads the features of an export from the store, a page at
// a time when the export holds them all.
type featureStream struct {
	ctx   context.Context
	store geo.FeatureReader
	def   *geo.Collection
	q     geo.FeatureQuery
	all   bool
	off   *offset
	page  []json.RawMessage
	done  bool
	size  int // features a page when all; exportPage when 0
	// base, when set, is the context the pages after the first are read
	// in, each within pageTimeout.
	base        context.Context
	pageTimeout time.Duration
}

// deadlineWriter moves the connection's write deadline on before each
// write, so that an export is bounded by its progress, not its length.
type deadlineWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	// A writer that cannot have deadlines (a test's recorder) keeps none.
	_ = d.rc.SetWriteDeadline(time.Now().Add(exportWriteWindow))
	return d.w.Write(p)
}

// fetch reads the next page into fs.page. An export of every match reads
// its pages as a bulk read (geo.FeatureQuery.Bulk: no count, which no
// format writes) and, past the first, by keyset, each page starting after
// the last one's Last: a page deep into a million parcels then costs what
// the first does, where an offset walks past every feature before it. An
// order the store cannot cut by keyset (no Last) goes on by offset.
func (fs *featureStream) fetch() error {
	q := fs.q
	size := fs.size
	if size == 0 {
		size = exportPage
	}
	if fs.all {
		q.Limit, q.Bulk = size, true
	}
	ctx := fs.ctx
	if fs.base != nil && fs.pageTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(fs.base, fs.pageTimeout)
		defer cancel()
	}
	page, err := fs.store.Features(ctx, fs.def, q)
	if err != nil {
		return err
	}
	fs.page = page.Features
	if fs.off != nil {
		if fs.page, err = fs.off.features(fs.page); err != nil {
			return err
		}
	}
	// Nothing is counted: only a short page says the end is reached.
	fs.done = !fs.all || len(page.Features) < size
	if page.Last != nil {
		fs.q.After, fs.q.Offset = page.Last, 0
	} else {
		fs.q.Offset = q.Offset + len(page.Features)
	}
	return nil
}

// each calls fn on every feature, in the query's order.
func (fs *featureStream) each(fn func(json.RawMessage) error) error {
	for {
		for _, f := range fs.page {
			if err := fn(f); err != nil {
				return err
			}
		}
		if fs.done {
			return nil
		}
		if err := fs.fetch(); err != nil {
			return err
		}
	}
}

// exportFeature is an encoded feature read back for a format that is not
// GeoJSON: its id as text, its geometry, its properties still encoded.
type exportFeature struct {
	ID         string
	Geometry   orb.Geometry // nil for none
	Properties map[string]json.RawMessage
}

// readExportFeature reads an encoded feature for an export.
func readExportFeature(raw json.RawMessage) (exportFeature, error) {
	var f struct {
		ID         json.RawMessage            `json:"id"`
		Geometry   json.RawMessage            `json:"geometry"`
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return exportFeature{}, err
	}
	out := exportFeature{ID: jsonText(f.ID), Properties: f.Properties}
	if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
		g, err := geojson.UnmarshalGeometry(f.Geometry)
		if err != nil {
			return out, err
		}
		out.Geometry = g.Geometry()
	}
	return out, nil
}

// jsonText is a JSON scalar as text: a string unquoted, null as "", any
// other value as JSON writes it.
func jsonText(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// exportColumns are the properties an export writes: those the query
// keeps, in the definition's order.
func exportColumns(def *geo.Collection, q geo.FeatureQuery) []geo.Property {
	var out []geo.Property
	for _, p := range def.Properties {
		if q.Properties == nil || slices.Contains(q.Properties, p.Name) {
			out = append(out, p)
		}
	}
	return out
}

// writeGeoJSONSeq writes RFC 8142's GeoJSON text sequence: each feature
// after an RS (0x1E) and before a line feed, so that both RS-aware readers
// and line-oriented ones (GDAL's GeoJSONSeq driver, jq --seq) read it.
func writeGeoJSONSeq(w io.Writer, _ *geo.Collection, _ geo.FeatureQuery, features *featureStream) error {
	var buf bytes.Buffer
	return features.each(func(f json.RawMessage) error {
		buf.Reset()
		buf.WriteByte(0x1E)
		if bytes.ContainsAny(f, "\r\n") {
			if err := json.Compact(&buf, f); err != nil {
				return err
			}
		} else {
			buf.Write(f)
		}
		buf.WriteByte('\n')
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// exportNamed returns the export format f names, nil for none.
func exportNamed(f string) *exportFormat {
	for _, ex := range exportFormats {
		if ex.name == f {
			return ex
		}
	}
	return nil
}

// withExports adds the export formats an operation offers to its 200
// answer, so that the OpenAPI document lists each media type.
func withExports(op *openapi3.Operation, formats []string) {
	ok := op.Responses.Status(http.StatusOK)
	if ok == nil || ok.Value == nil {
		return
	}
	for _, f := range formats {
		ex := exportNamed(f)
		if ex == nil || ex.name == "csv" && ok.Value.Content[contentCSV] != nil {
			continue
		}
		if ok.Value.Content == nil {
			ok.Value.Content = openapi3.Content{}
		}
		schema := stringSchema()
		if ex.name == "gpkg" {
			schema = schema.WithFormat("binary")
		}
		schema.Description = ex.description
		ok.Value.Content[ex.contentType] = openapi3.NewMediaType().WithSchema(schema)
	}
}

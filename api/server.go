// Package api is parkmap's HTTP surface: OGC API - Features for the zones,
// projects and counties, the domain endpoints (chain), health checks, and
// the embedded web map. All routes are declared in routes.go.
package api

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// Config is what the server needs beyond its store.
type Config struct {
	// BaseURL is the public URL of the service root (e.g.
	// "https://maps.example.org/parkmap") when it runs behind a proxy;
	// empty means links are built from each request's Host.
	BaseURL string
	// Version is reported on the landing page.
	Version string
	// Assets is the web map served at "/"; nil serves the API alone.
	Assets fs.FS
	// RequestTimeout bounds each request's work in the store.
	RequestTimeout time.Duration
	// Embedded says the store is the read-only embedded one, so that a
	// write is told it needs PostGIS.
	Embedded bool
	// Collections are the feature collections served, in order: the
	// built-in ones (geo.Builtin) and any a user publishes.
	Collections geo.Catalog
	// Tiles is an online base layer the map may offer (e.g. 天地图 with a
	// user's key); nil keeps the map offline, the default.
	Tiles *TileLayer
}

// TileLayer is an XYZ tile service for the map's optional online base layer.
type TileLayer struct {
	URL         string `json:"url"` // a Leaflet URL template: {z}/{x}/{y}, {s}
	Attribution string `json:"attribution"`
	MaxZoom     int    `json:"max_zoom"`
}

// server holds what handlers share. Nothing in it changes after NewServer.
type server struct {
	cfg       Config
	store     geo.Store
	logger    *slog.Logger
	assetTags map[string]string // web asset path -> ETag
	// idPatterns holds each collection's id pattern, compiled once.
	idPatterns map[string]*regexp.Regexp
	metrics    *metrics
}

// zeroTime leaves Last-Modified out: embedded files have no time, and the
// ETag validates them.
var zeroTime time.Time

// NewServer returns the HTTP handler for the whole service. It fails only
// when the web assets cannot be read.
func NewServer(cfg Config, store geo.Store, logger *slog.Logger) (http.Handler, error) {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	tags, err := assetTags(cfg.Assets)
	if err != nil {
		return nil, fmt.Errorf("web assets: %w", err)
	}
	if cfg.Collections == nil {
		cfg.Collections = geo.Builtin()
	}
	s := &server{cfg: cfg, store: store, logger: logger, assetTags: tags, metrics: newMetrics(),
		idPatterns: map[string]*regexp.Regexp{}}
	for _, def := range cfg.Collections {
		re, err := regexp.Compile(def.IDPattern)
		if err != nil || def.IDPattern == "" {
			return nil, fmt.Errorf("collection %s: id pattern %q: %v", def.ID, def.IDPattern, err)
		}
		s.idPatterns[def.ID] = re
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	s.routes(r)
	return r, nil
}

// baseURL is the absolute URL of the service root for links: GDAL and QGIS
// resolve relative hrefs wrongly, so every href is absolute.
func (s *server) baseURL(c *gin.Context) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// Package api is parkmap's HTTP surface: OGC API - Features for the zones,
// projects and counties, the domain endpoints (chain), health checks, and
// the embedded web map. All routes are declared in routes.go.
package api

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// Config is what the server needs beyond its store: every timeout and
// limit of the HTTP surface is here, with its default in DefaultConfig.
type Config struct {
	// BaseURL is the public URL of the service root (e.g.
	// "https://maps.example.org/parkmap") when it runs behind a proxy.
	// Empty means links are built from the request's Host when it is a
	// trusted one (see Hosts), else from Addr.
	BaseURL string
	// Addr is the address the server listens on. Without BaseURL, a request
	// whose Host is not trusted gets links to it.
	Addr string
	// Hosts are the Host header values (host or host:port) trusted to build
	// links from when BaseURL is empty, besides loopback names and Addr.
	// A Host taken on trust would let anyone who can reach the server put
	// their own host in links that a shared cache then serves to others.
	Hosts []string
	// Version is reported on the landing page.
	Version string
	// Assets is the web map served at "/"; nil serves the API alone.
	Assets fs.FS
	// RequestTimeout bounds each request's work in the store.
	RequestTimeout time.Duration
	// Collections are the feature collections served, in order: the
	// built-in ones (geo.Builtin) and any a user publishes.
	Collections geo.Catalog
	// ReadyTimeout bounds /readyz's ping of the store.
	ReadyTimeout time.Duration
	// MaxInFlight bounds the /api requests worked on at once; it should
	// not exceed the database pool, so that a request let in finds a
	// connection. Requests beyond it wait in line, first come first served.
	MaxInFlight int
	// MaxQueued bounds the requests waiting in that line; beyond it a
	// request is answered 503 at once.
	MaxQueued int
	// QueueWait is how long a request waits in line before it is answered
	// 503 with Retry-After: a busy or stalled database fails requests fast
	// instead of piling them up.
	QueueWait time.Duration
	// MaxExports bounds the exports streamed at once (f=csv and the
	// others, without a limit). Once its first page is read, an export
	// gives its MaxInFlight slot back and streams on one of these, so that
	// long downloads cannot hold the slots the map's requests need; past
	// the bound an export is refused 503 at once (see exportGate).
	MaxExports int
	// ErrorLogRate bounds the error lines logged per second for one kind of
	// failure; the rest are counted and reported with the next line logged.
	ErrorLogRate int
	// Draining, when closed, turns /readyz to 503 so that load balancers
	// stop sending requests before the server stops; nil never drains.
	Draining <-chan struct{}
	// Tiles is an online base layer the map may offer (e.g. 天地图 with a
	// user's key); nil keeps the map offline, the default.
	Tiles *TileLayer
	// TileMaxZoom is the deepest zoom of the collections' vector tiles; 0
	// means 22.
	TileMaxZoom int
	// TileMaxAge is how long any cache may keep a vector tile before it
	// revalidates it by its ETag (Cache-Control: public, max-age); 0 has it
	// revalidate each time. A tile can be that much older than the data.
	TileMaxAge time.Duration
	// ParcelMinZoom is the zoom from which the map draws the parcels, as
	// vector tiles; below it they are too many and too small to draw.
	ParcelMinZoom int
	// StreamAfter is the size past which a page of a store that reads
	// features one at a time is streamed rather than held whole (and goes
	// without an ETag); 0 means 1 MiB.
	StreamAfter int
	// CursorKey signs the cursors of next links (HMAC-SHA256); empty
	// means a random key per process, whose cursors a restarted or
	// another replica refuses. Replicas behind one load balancer share one.
	CursorKey []byte
	// Projector brings a bbox-crs box and a filter-crs filter's geometries
	// to CRS84, which the stores filter in. Required: it is PROJ's (cmd
	// wires data/proj), and the api does not guess one.
	Projector geo.Projector
}

// DefaultConfig returns the defaults of every timeout and limit.
func DefaultConfig() Config {
	return Config{
		RequestTimeout: 10 * time.Second,
		ReadyTimeout:   2 * time.Second,
		MaxInFlight:    20,
		MaxQueued:      512,
		QueueWait:      time.Second,
		MaxExports:     defaultMaxExports,
		ErrorLogRate:   5,
		TileMaxZoom:    defaultTileMaxZoom,
		TileMaxAge:     5 * time.Minute,
		ParcelMinZoom:  13,
	}
}

// withDefaults fills in what cfg leaves zero.
func (cfg Config) withDefaults() Config {
	d := DefaultConfig()
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = d.RequestTimeout
	}
	if cfg.ReadyTimeout <= 0 {
		cfg.ReadyTimeout = d.ReadyTimeout
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = d.MaxInFlight
	}
	if cfg.MaxQueued < 0 {
		cfg.MaxQueued = 0
	} else if cfg.MaxQueued == 0 {
		cfg.MaxQueued = d.MaxQueued
	}
	if cfg.QueueWait <= 0 {
		cfg.QueueWait = d.QueueWait
	}
	if cfg.MaxExports <= 0 {
		cfg.MaxExports = d.MaxExports
	}
	if cfg.ErrorLogRate <= 0 {
		cfg.ErrorLogRate = d.ErrorLogRate
	}
	if cfg.ParcelMinZoom <= 0 {
		cfg.ParcelMinZoom = d.ParcelMinZoom
	}
	if cfg.StreamAfter <= 0 {
		cfg.StreamAfter = defaultStreamAfter
	}
	return cfg
}

// TileLayer is an XYZ tile service for the map's optional online base layer.
type TileLayer struct {
	URL         string `json:"url"` // a Leaflet URL template: {z}/{x}/{y}, {s}
	Attribution string `json:"attribution"`
	MaxZoom     int    `json:"max_zoom"`
}

// server holds what handlers share. Nothing in it changes after NewServer
// but the counters of the limiter and the log limiter, which lock.
type server struct {
	cfg       Config
	store     geo.Store
	logger    *slog.Logger
	assets    map[string]asset // web asset path -> its bytes, gzipped bytes and ETag
	metrics   *metrics
	gate      *gate
	exports   *exportGate
	errLog    *logLimiter
	csp       string
	routeTree []string // /api route patterns in gin's form, for trailing-slash redirects
	// idPatterns holds each collection's id pattern, compiled once.
	idPatterns map[string]*regexp.Regexp
	cursors    *cursorCodec // signs and checks the cursors of next links
}

// zeroTime leaves Last-Modified out: embedded files have no time, and the
// ETag validates them.
var zeroTime time.Time

// NewServer returns the HTTP handler for the whole service. Zero fields of
// cfg take DefaultConfig's values. It fails when the web assets cannot be
// read or cfg has no Projector.
func NewServer(cfg Config, store geo.Store, logger *slog.Logger) (http.Handler, error) {
	_, h, err := newServer(cfg, store, logger)
	return h, err
}

// newServer is NewServer, with the server's parts for tests.
func newServer(cfg Config, store geo.Store, logger *slog.Logger) (*server, *gin.Engine, error) {
	cfg = cfg.withDefaults()
	if cfg.Collections == nil {
		cfg.Collections = geo.Builtin()
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Projector == nil {
		return nil, nil, fmt.Errorf("api: Config.Projector is nil: bbox-crs and filter-crs need one (data/proj)")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	assets, err := loadAssets(cfg.Assets)
	if err != nil {
		return nil, nil, fmt.Errorf("web assets: %w", err)
	}
	s := &server{
		cfg: cfg, store: store, logger: logger, assets: assets, metrics: newMetrics(),
		gate:    newGate(cfg.MaxInFlight, cfg.MaxQueued, cfg.QueueWait),
		exports: newExportGate(cfg.MaxExports),
		errLog:  newLogLimiter(cfg.ErrorLogRate, time.Now),
		csp:     contentSecurityPolicy(cfg.Tiles),
		cursors: newCursorCodec(cfg.CursorKey),
	}
	s.idPatterns = map[string]*regexp.Regexp{}
	for _, def := range cfg.Collections {
		re, err := regexp.Compile(def.IDPattern)
		if err != nil || def.IDPattern == "" {
			return nil, nil, fmt.Errorf("collection %s: id pattern %q: %v", def.ID, def.IDPattern, err)
		}
		s.idPatterns[def.ID] = re
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// gin's own redirect answers with a path of this host, ignoring BaseURL;
	// notFound redirects instead (see trailingSlash).
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	s.routes(r)
	return s, r, nil
}

// baseURL is the absolute URL of the service root for links: GDAL and QGIS
// resolve relative hrefs wrongly, so every href is absolute. Without a
// configured BaseURL the request's Host is used only when it is trusted
// (loopback, Addr, or one of Hosts); any other Host gets links to Addr, so
// that a forged Host cannot put another site in links a cache may keep.
func (s *server) baseURL(c *gin.Context) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	host := c.Request.Host
	if !s.trustedHost(host) {
		host = fallbackHost(s.cfg.Addr)
	}
	return scheme + "://" + host
}

// trustedHost reports whether links may name host.
func (s *server) trustedHost(host string) bool {
	if host == "" {
		return false
	}
	h := strings.ToLower(host)
	for _, t := range s.cfg.Hosts {
		if strings.EqualFold(t, h) {
			return true
		}
	}
	if s.cfg.Addr != "" && strings.EqualFold(s.cfg.Addr, h) {
		return true
	}
	name := h
	if n, port, err := net.SplitHostPort(h); err == nil {
		if !validPort(port) {
			return false
		}
		name = n
	}
	name = strings.Trim(name, "[]")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	for _, r := range p {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// fallbackHost is the host for links when the request's is not trusted:
// the listen address, with an unspecified IP (0.0.0.0, ::) replaced by
// localhost, since it names no host a client could reach.
func fallbackHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || addr == "" {
		return "localhost"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// recovery turns a panic into a logged 500 with the JSON error body, so a
// bug costs one request, not the server.
func (s *server) recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.writeError(c, &geo.Error{Code: geo.EInternal, Message: "internal error", Err: fmt.Errorf("panic: %v", v)})
		}
	}()
	c.Next()
}

func (s *server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	// Asked first, so that a server not logging requests (the default,
	// Info) does not build each one's attributes.
	if !s.logger.Enabled(c.Request.Context(), slog.LevelDebug) {
		return
	}
	// The query, cut short, shows what a client asked the server to do
	// (a GIS client's filter, say) rather than do itself.
	s.logger.Debug("request", "method", c.Request.Method, "path", c.Request.URL.Path,
		"query", truncateLog(c.Request.URL.RawQuery), "status", c.Writer.Status(), "duration", time.Since(start))
}

// securityHeaders are sent with every response. The page loads no inline
// script and no remote resource but the optional tile layer, so the policy
// allows only this origin (and the tile host's images); no site may frame
// the map.
func (s *server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Frame-Options", "DENY")
	// Tile providers (OpenStreetMap's among them) ask for a Referer naming
	// the site; the origin alone says that much and no more.
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	c.Next()
}

// contentSecurityPolicy allows this origin only, plus the images of the
// configured tile layer. data: images are Leaflet's and the page's empty
// icon.
func contentSecurityPolicy(tiles *TileLayer) string {
	img := "'self' data:"
	if tiles != nil {
		if o := tileOrigin(tiles.URL); o != "" {
			img += " " + o
		}
	}
	return "default-src 'self'; img-src " + img + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

// tileOrigin is a tile URL template's origin as a CSP source, with {s}
// subdomains as a wildcard.
func tileOrigin(template string) string {
	u, err := url.Parse(strings.NewReplacer("{s}", "x-s-x", "{z}", "0", "{x}", "0", "{y}", "0").Replace(template))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	host := u.Host
	if i := strings.Index(host, "x-s-x"); i >= 0 {
		host = "*" + host[i+len("x-s-x"):]
	}
	return u.Scheme + "://" + host
}

// cors opens the API's reads to any origin: the data is public and web maps
// on other hosts should be able to use it. It is on /api only: /metrics and
// the health checks are for operators, not for other sites' scripts.
func (s *server) cors(c *gin.Context) {
	h := c.Writer.Header()
	openToAll(h)
	if c.Request.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "If-None-Match, Accept, Accept-Language")
		h.Set("Access-Control-Max-Age", "86400")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// openToAll lets scripts of any origin read the response.
func openToAll(h http.Header) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "ETag, Retry-After")
}

// strictQuery refuses a query string that does not parse (see parseQuery)
// before any handler reads it through gin, which would drop what it cannot
// read and answer as if it had not been asked.
func (s *server) strictQuery(c *gin.Context) {
	q, err := parseQuery(c.Request.URL.RawQuery)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.Set(queryKey, q)
	c.Next()
}

const (
	queryKey   = "parkmap.query"
	releaseKey = "parkmap.release"
)

// query is the request's strictly parsed query string.
func query(c *gin.Context) url.Values {
	if v, ok := c.Get(queryKey); ok {
		return v.(url.Values)
	}
	q, _ := url.ParseQuery(c.Request.URL.RawQuery)
	return q
}

// timeout bounds the store's work for one request, and lets it go on for
// clientGrace after the client went away.
func (s *server) timeout(c *gin.Context) {
	ctx, stop := outliveClient(c.Request.Context(), clientGrace)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	defer cancel()
	c.Request = c.Request.WithContext(ctx)
	c.Next()
}

// errBusy is the answer to a request that found no room in time.
var errBusy = &geo.Error{Code: geo.EUnavailable, Message: "the server is busy: too many requests in flight; retry later"}

// limit lets at most MaxInFlight requests work at once. The others wait in
// line, first come first served, for at most QueueWait, and are then told
// 503 with Retry-After; beyond MaxQueued waiting, at once. A request's slot
// is given back when its body is ready to write (writeBody), not when the
// client has read it, so a slow reader holds no database connection's turn.
func (s *server) limit(c *gin.Context) {
	release, err := s.gate.enter(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	var once sync.Once
	done := func() { once.Do(release) }
	c.Set(releaseKey, done)
	defer done()
	c.Next()
}

// release gives back the request's slot early; it is safe to call twice.
func release(c *gin.Context) {
	if v, ok := c.Get(releaseKey); ok {
		v.(func())()
	}
}

// gate is a counting semaphore with a bounded FIFO line. Go's channel
// senders are woken in the order they blocked, which makes the line fair.
type gate struct {
	slots  chan struct{}
	wait   time.Duration
	mu     sync.Mutex
	queued int
	max    int
}

func newGate(inFlight, queued int, wait time.Duration) *gate {
	return &gate{slots: make(chan struct{}, inFlight), wait: wait, max: queued}
}

// enter takes a slot, waiting at most g.wait; the error is errBusy, or the
// context's when the client left while waiting.
func (g *gate) enter(ctx context.Context) (func(), error) {
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	default:
	}
	g.mu.Lock()
	if g.queued >= g.max {
		g.mu.Unlock()
		return nil, errBusy
	}
	g.queued++
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.queued--
		g.mu.Unlock()
	}()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for a turn: %w", ctx.Err())
	}
}

func (g *gate) leave() { <-g.slots }

// waiting is how many requests are in line.
func (g *gate) waiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.queued
}

// canceled reports whether the request failed because its client went
// away. Whatever the store then says (context.Canceled, or the driver's
// "canceling statement due to user request"), it is no failure of ours.
func canceled(c *gin.Context) bool {
	return errors.Is(c.Request.Context().Err(), context.Canceled)
}

// truncateLog keeps a logged query to 500 bytes.
func truncateLog(s string) string {
	if len(s) > 500 {
		return s[:500] + "…"
	}
	return s
}

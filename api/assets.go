package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// asset is one web file, read once at start with its gzipped form (when
// that is smaller) and a strong ETag for each coding: embedded files carry
// no modification time, and without a validator each reload would fetch
// the whole page again.
type asset struct {
	raw, gz         []byte
	tag, gzTag, typ string
}

// loadAssets reads and compresses every web asset once.
func loadAssets(assets fs.FS) (map[string]asset, error) {
	out := map[string]asset{}
	if assets == nil {
		return out, nil
	}
	err := fs.WalkDir(assets, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(assets, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(raw)
		tag := base64.RawURLEncoding.EncodeToString(sum[:12])
		a := asset{raw: raw, tag: `"` + tag + `"`, typ: mime.TypeByExtension(path.Ext(name))}
		if a.typ == "" {
			a.typ = http.DetectContentType(raw)
		}
		if z, ok := gzipped(raw); ok && len(raw) >= minGzip {
			a.gz = bytes.Clone(z.buf.Bytes())
			a.gzTag = `"` + tag + `-gzip"`
			z.free()
		}
		out[name] = a
		return nil
	})
	return out, err
}

// assetsOrNotFound serves the web map for paths outside /api, redirects a
// path that differs from a route by its trailing slash, and answers a JSON
// 404 for everything else.
func (s *server) assetsOrNotFound(c *gin.Context) {
	p := c.Request.URL.Path
	get := c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead
	if s.cfg.Assets != nil && !strings.HasPrefix(p, "/api") && get {
		name := strings.TrimPrefix(p, "/")
		if name == "" {
			name = "index.html"
		}
		if a, ok := s.assets[name]; ok {
			h := c.Writer.Header()
			h.Set("Cache-Control", "no-cache")
			h.Set("Content-Type", a.typ)
			addVary(h, "Accept-Encoding")
			body, tag := a.raw, a.tag
			if a.gz != nil && acceptsGzip(c.GetHeader("Accept-Encoding")) {
				body, tag = a.gz, a.gzTag
				h.Set("Content-Encoding", "gzip")
			}
			h.Set("ETag", tag)
			http.ServeContent(c.Writer, c.Request, name, zeroTime, bytes.NewReader(body))
			return
		}
	}
	if strings.HasPrefix(p, "/api") {
		openToAll(c.Writer.Header()) // a web map elsewhere may read the error
	}
	if to, ok := s.trailingSlash(p); ok && get {
		if q := c.Request.URL.RawQuery; q != "" {
			to += "?" + q
		}
		c.Redirect(http.StatusMovedPermanently, s.baseURL(c)+to)
		return
	}
	s.writeError(c, geo.Errorf(geo.ENotFound, "nothing at %s; the API is at /api, the map at /", truncate(p)))
}

// trailingSlash returns p with its trailing slash removed when that names
// an /api route. gin's own redirect is off because it ignores BaseURL.
func (s *server) trailingSlash(p string) (string, bool) {
	if !strings.HasPrefix(p, "/api/") || !strings.HasSuffix(p, "/") || p == "/api/" {
		return "", false
	}
	to := strings.TrimRight(p, "/")
	for _, pattern := range s.routeTree {
		if matchRoute(pattern, to) {
			return to, true
		}
	}
	return "", false
}

// matchRoute reports whether path p fits a gin pattern with :params.
func matchRoute(pattern, p string) bool {
	ps, qs := strings.Split(pattern, "/"), strings.Split(p, "/")
	if len(ps) != len(qs) {
		return false
	}
	for i := range ps {
		if strings.HasPrefix(ps[i], ":") {
			if qs[i] == "" {
				return false
			}
			continue
		}
		if ps[i] != qs[i] {
			return false
		}
	}
	return true
}

package api

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// assetTags hashes every web asset once at start: embedded files carry no
// modification time, and without a validator each reload would fetch the
// whole page again.
func assetTags(assets fs.FS) (map[string]string, error) {
	tags := map[string]string{}
	if assets == nil {
		return tags, nil
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
		tags[name] = `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
		return nil
	})
	return tags, err
}

// assetsOrNotFound serves the web map for paths outside /api, and a JSON
// 404 for everything else.
func (s *server) assetsOrNotFound(c *gin.Context) {
	p := c.Request.URL.Path
	if s.cfg.Assets != nil && !strings.HasPrefix(p, "/api") && (c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead) {
		name := strings.TrimPrefix(p, "/")
		if name == "" {
			name = "index.html"
		}
		if tag, ok := s.assetTags[name]; ok {
			if f, err := s.cfg.Assets.Open(name); err == nil {
				defer f.Close()
				if rs, ok := f.(io.ReadSeeker); ok {
					c.Header("Cache-Control", "no-cache")
					c.Header("ETag", tag)
					http.ServeContent(c.Writer, c.Request, name, zeroTime, rs)
					return
				}
			}
		}
	}
	writeError(c, s.logger, geo.Errorf(geo.ENotFound, "nothing at %s; the API is at /api, the map at /", truncate(p)))
}

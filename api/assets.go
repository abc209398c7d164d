package api

import (
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// assetsOrNotFound serves the web map for paths outside /api, and a JSON
// 404 for everything else.
func (s *server) assetsOrNotFound(c *gin.Context) {
	p := c.Request.URL.Path
	if s.cfg.Assets != nil && !strings.HasPrefix(p, "/api") && (c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead) {
		name := strings.TrimPrefix(p, "/")
		if name == "" {
			name = "index.html"
		}
		if f, err := s.cfg.Assets.Open(name); err == nil {
			defer f.Close()
			st, err := f.Stat()
			if rs, ok := f.(io.ReadSeeker); ok && err == nil && !st.IsDir() {
				c.Header("Cache-Control", "no-cache")
				http.ServeContent(c.Writer, c.Request, name, st.ModTime(), rs)
				return
			}
		}
	}
	writeError(c, s.logger, geo.Errorf(geo.ENotFound, "nothing at %s; the API is at /api, the map at /", truncate(p)))
}

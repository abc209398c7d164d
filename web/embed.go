// Package web holds the parkmap map page: HTML, CSS and plain ES modules under
// static/, embedded into the binary so the map works offline.
//
// Leaflet is not checked in: scripts/vendor-web.sh copies it from npm into
// static/vendor/leaflet/ before the build, and the embed picks it up there.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:static
var static embed.FS

// FS returns the page's files rooted at static/: index.html at the top, then
// style.css, js/*.js and vendor/leaflet/*. The server serves it at "/".
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		// fs.Sub fails only on an invalid path; "static" is a constant.
		panic(err)
	}
	return sub
}

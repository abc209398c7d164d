package api

import (
	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// docs serves the API documentation (the landing page's service-doc):
// Swagger UI, vendored from npm into the web assets, drawing the OpenAPI
// document of this server. Its start-up code is web/static/js/apidocs.js,
// which reads the document's address from the page.
func (s *server) docs(c *gin.Context) error {
	if err := checkParams(query(c), nil); err != nil {
		return err
	}
	root := s.baseURL(c)
	return writeHTML(c, "docs", htmlPage{
		Title: geo.Text{ZH: "API 文档", EN: "API documentation"},
		Root:  root, Crumbs: s.htmlCrumbs(c, nil, false),
		Styles:  []string{"/vendor/swagger-ui/swagger-ui.css"},
		Scripts: []htmlScript{{Src: "/vendor/swagger-ui/swagger-ui-bundle.js"}, {Src: "/js/apidocs.js", Module: true}},
		Data:    struct{ Spec string }{root + "/api/openapi"},
	})
}

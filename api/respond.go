package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// writeBody sends a response with a strong ETag over etagOf (the body when
// nil) and answers 304 when the client already has it. Volatile members
// such as timeStamp stay out of etagOf so that a cache can revalidate.
func writeBody(c *gin.Context, contentType string, body, etagOf []byte) {
	if etagOf == nil {
		etagOf = body
	}
	sum := sha256.Sum256(etagOf)
	etag := `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "no-cache")
	c.Header("Vary", "Accept-Encoding")
	if matchETag(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, contentType, body)
}

func matchETag(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == etag || t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// writeJSON encodes v and sends it with an ETag.
func writeJSON(c *gin.Context, contentType string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	writeBody(c, contentType, body, nil)
	return nil
}

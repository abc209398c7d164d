package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// errorBody is the JSON every error answers with.
type errorBody struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// statuses maps geo error codes to HTTP statuses and the codes clients see.
var statuses = map[string]struct {
	status int
	code   string
}{
	geo.EInvalid:     {http.StatusBadRequest, "InvalidParameterValue"},
	geo.ENotFound:    {http.StatusNotFound, "NotFound"},
	geo.EUnavailable: {http.StatusServiceUnavailable, "ServiceUnavailable"},
	geo.EReadOnly:    {http.StatusMethodNotAllowed, "ReadOnly"},
	geo.EInternal:    {http.StatusInternalServerError, "InternalError"},
}

// retryAfter is what a client waiting for the database is told, in seconds.
const retryAfter = "5"

// handle adapts a handler that returns an error into gin, and is the one
// place where errors become statuses. Only 5xx are logged: they are ours.
func handle(logger *slog.Logger, h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			writeError(c, logger, err)
		}
	}
}

func writeError(c *gin.Context, logger *slog.Logger, err error) {
	code := geo.ErrorCode(err)
	if errors.Is(err, c.Request.Context().Err()) && c.Request.Context().Err() != nil {
		code = geo.EUnavailable
	}
	st, ok := statuses[code]
	if !ok {
		st = statuses[geo.EInternal]
	}
	if st.status >= 500 {
		logger.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	if st.status == http.StatusServiceUnavailable {
		c.Header("Retry-After", retryAfter)
	}
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(st.status, errorBody{Code: st.code, Description: geo.ErrorMessage(err)})
}

func invalid(format string, args ...any) error { return geo.Errorf(geo.EInvalid, format, args...) }

package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

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

// statusClientClosed is nginx's 499: the client went away before the
// answer. Nobody reads it; it is what the metrics and the debug log say.
const statusClientClosed = 499

// retryAfter is what a client waiting for the database is told, in seconds.
const retryAfter = "5"

// handle adapts a handler that returns an error into gin, and is the one
// place where errors become statuses.
func (s *server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.writeError(c, err)
		}
	}
}

// writeError answers err. A client that left is no failure of ours: it is
// counted as 499 and logged at debug. A request that ran out of its own
// time is a 503. Only 5xx are logged at error, at most ErrorLogRate lines a
// second for one kind, so that an outage under load does not flood the log.
func (s *server) writeError(c *gin.Context, err error) {
	release(c)
	if canceled(c) {
		s.logger.Debug("client went away", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		c.AbortWithStatus(statusClientClosed)
		return
	}
	code := geo.ErrorCode(err)
	if errors.Is(err, context.DeadlineExceeded) && c.Request.Context().Err() != nil {
		code = geo.EUnavailable
	}
	st, ok := statuses[code]
	if !ok {
		st = statuses[geo.EInternal]
	}
	if st.status >= 500 {
		s.errLog.log(s.logger, slog.LevelError, geo.ErrorMessage(err), "request failed",
			"method", c.Request.Method, "path", c.Request.URL.Path, "status", st.status, "err", err)
	}
	if st.status == http.StatusServiceUnavailable {
		c.Header("Retry-After", retryAfter)
	}
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(st.status, errorBody{Code: st.code, Description: geo.ErrorMessage(err)})
}

func invalid(format string, args ...any) error { return geo.Errorf(geo.EInvalid, format, args...) }

// logLimiter lets through at most rate lines a second for each key (the
// client-facing message, which names the kind of failure without the
// variable parts), and adds to the next line let through how many were
// held back.
type logLimiter struct {
	rate int
	now  func() time.Time
	mu   sync.Mutex
	keys map[string]*logWindow
}

type logWindow struct {
	start      time.Time
	n          int
	suppressed int
}

// maxLogKeys bounds the limiter's memory; past it the windows start over.
const maxLogKeys = 1024

func newLogLimiter(rate int, now func() time.Time) *logLimiter {
	return &logLimiter{rate: rate, now: now, keys: map[string]*logWindow{}}
}

// log writes msg at level unless key has had its share this second.
func (l *logLimiter) log(logger *slog.Logger, level slog.Level, key, msg string, args ...any) {
	now := l.now()
	l.mu.Lock()
	w := l.keys[key]
	if w == nil {
		if len(l.keys) >= maxLogKeys {
			clear(l.keys)
		}
		w = &logWindow{start: now}
		l.keys[key] = w
	}
	if now.Sub(w.start) >= time.Second {
		w.start, w.n = now, 0
	}
	if w.n >= l.rate {
		w.suppressed++
		l.mu.Unlock()
		return
	}
	w.n++
	suppressed := w.suppressed
	w.suppressed = 0
	l.mu.Unlock()
	if suppressed > 0 {
		args = append(args, "suppressed", suppressed)
	}
	logger.Log(context.Background(), level, msg, args...)
}

package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz says the process is alive; it asks nothing of the store.
func (s *server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz says whether the store can serve reads now, so a load balancer
// takes the replica out while its database is away.
func (s *server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.logger.Warn("not ready", "err", err)
		c.Header("Retry-After", retryAfter)
		c.JSON(http.StatusServiceUnavailable, errorBody{"ServiceUnavailable", "the store is unreachable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

// config tells the map what it may offer; with no tile layer configured it
// stays offline.
func (s *server) config(c *gin.Context) error {
	return writeJSON(c, contentJSON, gin.H{"tiles": s.cfg.Tiles, "version": s.cfg.Version})
}

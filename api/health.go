package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// healthz says the process is alive; it asks nothing of the store.
func (s *server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz says whether this replica should get traffic: not while it drains
// before stopping, nor while its database does not answer. It asks the
// store's Ping, which must not wait behind the requests for a connection
// (PostGIS keeps one aside for it): a busy pool is no reason to pull a
// healthy replica, and pulling every busy replica at once would be an
// outage. A store with a primary and a replica lists both pools, whether
// each answers, which takes reads and the replica's lag, in the 200 and
// the 503 alike.
func (s *server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	if s.draining() {
		c.Header("Retry-After", retryAfter)
		c.JSON(http.StatusServiceUnavailable, errorBody{"ServiceUnavailable", "shutting down: draining requests in flight"})
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.ReadyTimeout)
	defer cancel()
	err := s.store.Ping(ctx)
	var pools []geo.PoolState
	if r, ok := s.store.(geo.PoolReporter); ok {
		pools = r.Pools()
	}
	if err != nil {
		s.errLog.log(s.logger, slog.LevelWarn, "not ready", "not ready", "err", err)
		c.Header("Retry-After", retryAfter)
		c.JSON(http.StatusServiceUnavailable, notReady{errorBody{"ServiceUnavailable", "the store is unreachable"}, pools})
		return
	}
	c.JSON(http.StatusOK, ready{"ready", pools})
}

// ready is /readyz's 200; Pools is absent for a store with one pool.
type ready struct {
	Status string          `json:"status"`
	Pools  []geo.PoolState `json:"pools,omitempty"`
}

// notReady is /readyz's 503: the error body, and the pools when there are several.
type notReady struct {
	errorBody
	Pools []geo.PoolState `json:"pools,omitempty"`
}

func (s *server) draining() bool {
	if s.cfg.Draining == nil {
		return false
	}
	select {
	case <-s.cfg.Draining:
		return true
	default:
		return false
	}
}

// config tells the map what it may offer; with no tile layer configured it
// stays offline. parcels says from which zoom the map draws them, null
// when the store serves no vector tiles.
func (s *server) config(c *gin.Context) error {
	var parcels any
	if _, ok := s.tileReader(); ok {
		parcels = gin.H{"min_zoom": s.cfg.ParcelMinZoom}
	}
	return writeJSON(c, contentJSON, gin.H{"tiles": s.cfg.Tiles, "version": s.cfg.Version, "parcels": parcels})
}

package main

import (
	"context"
	"log/slog"

	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/geo"
)

// openReplicated serves reads from the streaming replica at cfg.ReadURL
// and keeps the primary at url for writes and as the readers' fallback.
func openReplicated(ctx context.Context, url string, cfg Config, logger *slog.Logger) (geo.Store, func(), error) {
	s, err := postgis.OpenReplicated(ctx, url, cfg.ReadURL, logger, cfg.Pool, cfg.Replica)
	if err != nil {
		return nil, nil, err
	}
	logger.Info("serving from PostGIS, reads from the replica", "pool", cfg.Pool.MaxOpen, "max_lag", cfg.Replica.MaxLag)
	return s, func() { s.Close() }, nil
}

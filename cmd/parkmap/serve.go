package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/proj"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/web"
)

func (e environment) serve(ctx context.Context, args []string) error {
	fs := e.flags("serve", "Serves the API under /api and the map at /, from PostGIS when DATABASE_URL is set,\nelse from the embedded store.")
	cfg := DefaultConfig()
	env := cfg.bind(fs)
	tileURL := fs.String("tile-url", e.getenv("PARKMAP_TILE_URL"), "an online XYZ tile layer the map may offer, e.g. 天地图 with your key (default: offline only; env PARKMAP_TILE_URL)")
	tileAttribution := fs.String("tile-attribution", e.getenv("PARKMAP_TILE_ATTRIBUTION"), "the tile layer's attribution (env PARKMAP_TILE_ATTRIBUTION)")
	collectionsFile := fs.String("collections", e.getenv("PARKMAP_COLLECTIONS"), "a YAML or JSON file publishing PostGIS tables and views as collections beside the built-in ones (needs DATABASE_URL; env PARKMAP_COLLECTIONS; see docs/collections.md)")
	if err := applyEnv(fs, env, e.getenv); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	if *tileURL != "" {
		if *tileAttribution == "" {
			return errors.New("--tile-url needs --tile-attribution: tile providers require credit")
		}
		cfg.API.Tiles = &api.TileLayer{URL: *tileURL, Attribution: *tileAttribution, MaxZoom: 18}
	}
	logger := e.logger()
	store, closeStore, err := e.openStoreCtx(ctx, cfg, logger)
	if err != nil {
		return err
	}
	if store == nil {
		logger.Info("stopped while loading")
		return nil
	}
	defer closeStore()
	// Set once the data is in: a data folder larger than the limit made the
	// collector run without pause while it loaded (a million parcels took
	// minutes of collection under the default 512MiB).
	e.setMemoryLimit(cfg, flagGiven(fs, "memory-limit"), logger)

	cfg.API.Collections = geo.Builtin()
	if *collectionsFile != "" {
		published, err := publish(ctx, store, *collectionsFile, cfg.API.Collections.IDs())
		if err != nil {
			return err
		}
		cfg.API.Collections = append(cfg.API.Collections, published...)
		logger.Info("publishing collections", "file", *collectionsFile, "collections", published.IDs())
	}
	if cfg.API.Projector, err = proj.Shared(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	draining := make(chan struct{})
	cfg.API.Version, cfg.API.Assets, cfg.API.Addr, cfg.API.Draining = version, web.FS(), ln.Addr().String(), draining
	handler, err := api.NewServer(cfg.API, store, logger)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(e.stdout, "parkmap %s listening on http://%s\n", version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return drain(srv, errc, draining, cfg, logger)
}

// drain stops srv gently. First /readyz turns 503 while everything else
// is still served, for DrainDelay, so that load balancers stop sending
// before the listener closes (closing it at once resets the connections
// they have already opened). Then the listener closes and requests in
// flight have DrainTimeout to finish; those that have not are cut off.
// Either way the stop was asked for and went as configured: no error.
func drain(srv *http.Server, errc <-chan error, draining chan struct{}, cfg Config, logger *slog.Logger) error {
	logger.Info("shutting down: /readyz answers 503, requests are still served", "drain_delay", cfg.DrainDelay)
	close(draining)
	srv.SetKeepAlivesEnabled(false) // each client's next request opens a connection the balancer routes elsewhere
	if cfg.DrainDelay > 0 {
		select {
		case err := <-errc:
			return err
		case <-time.After(cfg.DrainDelay):
		}
	}
	logger.Info("shutting down: listener closed, draining requests in flight", "drain_timeout", cfg.DrainTimeout)
	ctx, cancel := context.WithTimeout(context.Background(), cfg.DrainTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("shutting down: requests still in flight after the drain timeout were cut off", "drain_timeout", cfg.DrainTimeout, "err", err)
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// setMemoryLimit sets Go's soft memory limit, so that the collector works
// harder before the process outgrows its container, rather than after.
// GOMEMLIMIT is the runtime's own setting: it is kept unless --memory-limit
// is given.
func (e environment) setMemoryLimit(cfg Config, given bool, logger *slog.Logger) {
	if e.getenv("GOMEMLIMIT") != "" && !given {
		logger.Debug("memory limit from GOMEMLIMIT", "bytes", debug.SetMemoryLimit(-1))
		return
	}
	if cfg.MemoryLimit > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimit)
		logger.Debug("memory limit", "bytes", cfg.MemoryLimit)
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if int64(m.HeapAlloc) > cfg.MemoryLimit/2 {
			logger.Warn("the data takes much of --memory-limit: the collector will run often; raise the limit", "heap_bytes", m.HeapAlloc, "limit_bytes", cfg.MemoryLimit)
		}
	}
}

// openStoreCtx opens the store but gives up when ctx is done (SIGTERM
// while the data loads or the database does not answer): loading takes no
// context, so it is left to finish in the background and its store closed.
// A nil store and nil error mean ctx ended first.
func (e environment) openStoreCtx(ctx context.Context, cfg Config, logger *slog.Logger) (geo.Store, func(), error) {
	type opened struct {
		store geo.Store
		close func()
		err   error
	}
	done := make(chan opened, 1)
	go func() {
		s, closeFn, err := e.openStore(ctx, cfg, logger)
		done <- opened{s, closeFn, err}
	}()
	select {
	case o := <-done:
		if o.err != nil && ctx.Err() != nil {
			return nil, nil, nil // the open failed because it was told to stop
		}
		return o.store, o.close, o.err
	case <-ctx.Done():
		go func() {
			if o := <-done; o.err == nil {
				o.close()
			}
		}()
		return nil, nil, nil
	}
}

// openStore picks PostGIS when DATABASE_URL is set, else the embedded store.
func (e environment) openStore(ctx context.Context, cfg Config, logger *slog.Logger) (geo.Store, func(), error) {
	if url := e.getenv("DATABASE_URL"); url != "" {
		if cfg.DataDir != "" {
			return nil, nil, errors.New("--data is for the embedded store; with DATABASE_URL, load data with parkmap seed --data")
		}
		if cfg.API.MaxInFlight > cfg.Pool.MaxOpen {
			logger.Warn("--max-in-flight is above --db-pool: requests let in may wait for a connection until their timeout instead of failing fast in line",
				"max_in_flight", cfg.API.MaxInFlight, "db_pool", cfg.Pool.MaxOpen)
		}
		if cfg.ReadURL != "" {
			return openReplicated(ctx, url, cfg, logger)
		}
		s, err := postgis.OpenPool(ctx, url, logger, cfg.Pool)
		if err != nil {
			return nil, nil, err
		}
		// Not with a replica: its reads may lag the primary's notifications
		// (openReplicated).
		if err := s.EnablePageCache(ctx, url, cfg.PageCache); err != nil {
			s.Close()
			return nil, nil, err
		}
		logger.Info("serving from PostGIS", "pool", cfg.Pool.MaxOpen, "page_cache", cfg.PageCache)
		return s, func() { s.Close() }, nil
	}
	if cfg.ReadURL != "" {
		return nil, nil, errors.New("--database-read-url (DATABASE_READ_URL) names a replica of DATABASE_URL: set DATABASE_URL too")
	}
	d, err := e.dataset(cfg.DataDir, cfg.MaxDataFile)
	if err != nil {
		return nil, nil, err
	}
	s, err := memory.New(d)
	if err != nil {
		return nil, nil, err
	}
	s.SetTileCache(cfg.PageCache)
	logger.Info("serving from the embedded store", "zones", len(d.Parks), "projects", len(d.Projects), "counties", len(d.Counties))
	return s, func() {}, nil
}

func (e environment) dataset(dir string, maxFile int64) (*seed.Dataset, error) {
	if dir == "" {
		return seed.Bundled()
	}
	d, err := seed.LoadLimited(os.DirFS(dir), maxFile)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", dir, err)
	}
	return d, nil
}

func (e environment) logger() *slog.Logger {
	level := slog.LevelInfo
	if v := e.getenv("PARKMAP_LOG"); v != "" {
		_ = level.UnmarshalText([]byte(v))
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// publisher is a store that can publish a user's tables as collections.
type publisher interface {
	Publish(ctx context.Context, file string, raw []byte, taken []string) (geo.Catalog, error)
}

// publish reads a definitions file and checks it against the store's tables.
func publish(ctx context.Context, store geo.Store, file string, taken []string) (geo.Catalog, error) {
	p, ok := store.(publisher)
	if !ok {
		return nil, errors.New("--collections publishes PostGIS tables: set DATABASE_URL")
	}
	raw, err := readSmallFile(file, postgis.MaxDefinitionsFile)
	if err != nil {
		return nil, err
	}
	return p.Publish(ctx, file, raw, taken)
}

// readSmallFile reads a regular file of at most limit bytes: a FIFO, a
// device or a huge file is refused with a message, not waited on.
func readSmallFile(name string, limit int64) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", name)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s is %d bytes; at most %d are read", name, info.Size(), limit)
	}
	return os.ReadFile(name)
}

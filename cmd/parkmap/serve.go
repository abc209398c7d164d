package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
	"github.com/parkmap/parkmap/web"
)

// drainTimeout is how long SIGTERM waits for requests in flight.
const drainTimeout = 15 * time.Second

func (e environment) serve(ctx context.Context, args []string) error {
	fs := e.flags("serve", "Serves the API under /api and the map at /, from PostGIS when DATABASE_URL is set,\nelse from the embedded store.")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dataDir := fs.String("data", "", "serve this data folder instead of the bundled Yuxi data (embedded store only)")
	baseURL := fs.String("base-url", "", "public URL of the service root, for links behind a proxy")
	tileURL := fs.String("tile-url", e.getenv("PARKMAP_TILE_URL"), "an online XYZ tile layer the map may offer, e.g. 天地图 with your key (default: offline only; env PARKMAP_TILE_URL)")
	tileAttribution := fs.String("tile-attribution", e.getenv("PARKMAP_TILE_ATTRIBUTION"), "the tile layer's attribution (env PARKMAP_TILE_ATTRIBUTION)")
	collectionsFile := fs.String("collections", e.getenv("PARKMAP_COLLECTIONS"), "a YAML or JSON file publishing PostGIS tables and views as collections beside the built-in ones (needs DATABASE_URL; env PARKMAP_COLLECTIONS; see docs/collections.md)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := e.logger()
	store, closeStore, err := e.openStore(ctx, *dataDir, logger)
	if err != nil {
		return err
	}
	defer closeStore()

	_, embedded := store.(*memory.Store)
	cfg := api.Config{BaseURL: *baseURL, Version: version, Assets: web.FS(), Embedded: embedded, Collections: geo.Builtin()}
	if *collectionsFile != "" {
		published, err := publish(ctx, store, *collectionsFile, cfg.Collections.IDs())
		if err != nil {
			return err
		}
		cfg.Collections = append(cfg.Collections, published...)
		logger.Info("publishing collections", "file", *collectionsFile, "collections", published.IDs())
	}
	if *tileURL != "" {
		if *tileAttribution == "" {
			return errors.New("--tile-url needs --tile-attribution: tile providers require credit")
		}
		cfg.Tiles = &api.TileLayer{URL: *tileURL, Attribution: *tileAttribution, MaxZoom: 18}
	}
	handler, err := api.NewServer(cfg, store, logger)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "parkmap %s listening on http://%s\n", version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: draining requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("drain: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openStore picks PostGIS when DATABASE_URL is set, else the embedded store.
func (e environment) openStore(ctx context.Context, dataDir string, logger *slog.Logger) (geo.Store, func(), error) {
	if url := e.getenv("DATABASE_URL"); url != "" {
		if dataDir != "" {
			return nil, nil, errors.New("--data is for the embedded store; with DATABASE_URL, load data with parkmap seed --data")
		}
		s, err := postgis.Open(ctx, url, logger)
		if err != nil {
			return nil, nil, err
		}
		logger.Info("serving from PostGIS")
		return s, func() { s.Close() }, nil
	}
	d, err := e.dataset(dataDir)
	if err != nil {
		return nil, nil, err
	}
	s, err := memory.New(d)
	if err != nil {
		return nil, nil, err
	}
	logger.Info("serving from the embedded store", "zones", len(d.Parks), "projects", len(d.Projects), "counties", len(d.Counties))
	return s, func() {}, nil
}

func (e environment) dataset(dir string) (*seed.Dataset, error) {
	if dir == "" {
		return seed.Bundled()
	}
	d, err := seed.Load(os.DirFS(dir))
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
	raw, err := readSmallFile(file, 1<<20)
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

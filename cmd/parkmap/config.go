package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/data/postgis"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// Config is every setting of serve, with every timeout and limit in one
// place. DefaultConfig holds the defaults; flags and PARKMAP_* variables
// (read here, in cmd, and nowhere else) override them.
type Config struct {
	// Addr is the address to listen on.
	Addr string
	// DataDir is a data folder for the embedded store; empty is the bundled data.
	DataDir string
	// API is the HTTP surface's settings, its timeouts and limits.
	API api.Config
	// Pool is the PostGIS connection pool (each database's, with a replica).
	Pool postgis.Pool
	// ReadURL is a PostgreSQL streaming replica of DATABASE_URL that takes
	// the reads; empty reads from DATABASE_URL.
	ReadURL string
	// Replica says when the replica takes reads.
	Replica postgis.ReplicaOptions
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout are the
	// HTTP server's.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// DrainDelay is how long, after SIGTERM, /readyz answers 503 while
	// requests are still served, so that load balancers stop sending
	// before the listener closes.
	DrainDelay time.Duration
	// DrainTimeout is how long requests in flight then have to finish;
	// those that have not are cut off, and the process still exits 0.
	DrainTimeout time.Duration
	// MemoryLimit is the Go runtime's soft memory limit in bytes (0: none).
	// GOMEMLIMIT, when set, wins unless the limit is given as a flag.
	MemoryLimit int64
	// MaxDataFile is the largest file of a data folder that is read.
	MaxDataFile int64
	// PageCache is the bytes of encoded PostGIS pages and tiles kept, dropped on
	// every change to the data, and of the embedded store's tiles (0: none).
	PageCache int64
}

// DefaultConfig returns serve's defaults.
func DefaultConfig() Config {
	return Config{
		Addr:              "127.0.0.1:8080",
		API:               api.DefaultConfig(),
		Pool:              postgis.DefaultPool(),
		Replica:           postgis.DefaultReplicaOptions(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		DrainDelay:        5 * time.Second,
		DrainTimeout:      15 * time.Second,
		MemoryLimit:       512 << 20,
		MaxDataFile:       seed.DefaultMaxFileSize,
		PageCache:         postgis.DefaultPageCache,
	}
}

// bind declares cfg's flags on fs, each with a PARKMAP_ variable (applied
// by applyEnv) and cfg's value as its default.
func (cfg *Config) bind(fs *flag.FlagSet) map[string]string {
	env := map[string]string{}
	v := func(name, variable string) string { env[name] = variable; return " (env " + variable + ")" }
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on"+v("addr", "PARKMAP_ADDR"))
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "serve this data folder instead of the bundled Yuxi data (embedded store only)")
	fs.StringVar(&cfg.API.BaseURL, "base-url", cfg.API.BaseURL, "public URL of the service root, for links behind a proxy"+v("base-url", "PARKMAP_BASE_URL"))
	fs.Var((*listFlag)(&cfg.API.Hosts), "allowed-hosts", "comma-separated Host values trusted for links when --base-url is not set, besides loopback and --addr"+v("allowed-hosts", "PARKMAP_ALLOWED_HOSTS"))
	fs.DurationVar(&cfg.API.RequestTimeout, "request-timeout", cfg.API.RequestTimeout, "bound on one request's work in the store"+v("request-timeout", "PARKMAP_REQUEST_TIMEOUT"))
	fs.IntVar(&cfg.API.MaxInFlight, "max-in-flight", cfg.API.MaxInFlight, "API requests worked on at once; keep it at most --db-pool"+v("max-in-flight", "PARKMAP_MAX_IN_FLIGHT"))
	fs.IntVar(&cfg.API.MaxQueued, "max-queued", cfg.API.MaxQueued, "API requests waiting for their turn; beyond, 503 at once"+v("max-queued", "PARKMAP_MAX_QUEUED"))
	fs.DurationVar(&cfg.API.QueueWait, "queue-wait", cfg.API.QueueWait, "how long a request waits for its turn before a 503 with Retry-After"+v("queue-wait", "PARKMAP_QUEUE_WAIT"))
	fs.IntVar(&cfg.API.MaxExports, "max-exports", cfg.API.MaxExports, "exports (f=csv, geojsonseq, kml, gpkg without limit) streamed at once, apart from --max-in-flight; beyond, 503 at once"+v("max-exports", "PARKMAP_MAX_EXPORTS"))
	fs.IntVar(&cfg.Pool.MaxOpen, "db-pool", cfg.Pool.MaxOpen, "PostGIS connections for requests (one more is kept for /readyz)"+v("db-pool", "PARKMAP_DB_POOL"))
	fs.DurationVar(&cfg.Pool.StatementTimeout, "db-statement-timeout", cfg.Pool.StatementTimeout, "bound on each statement a request runs in PostGIS (0: none)"+v("db-statement-timeout", "PARKMAP_DB_STATEMENT_TIMEOUT"))
	fs.DurationVar(&cfg.Pool.ConnectTimeout, "db-connect-timeout", cfg.Pool.ConnectTimeout, "bound on dialling PostGIS"+v("db-connect-timeout", "PARKMAP_DB_CONNECT_TIMEOUT"))
	fs.StringVar(&cfg.ReadURL, "database-read-url", cfg.ReadURL, "a streaming replica of DATABASE_URL to read from; writes and migrations stay on DATABASE_URL"+v("database-read-url", "DATABASE_READ_URL"))
	fs.DurationVar(&cfg.Replica.MaxLag, "db-read-max-lag", cfg.Replica.MaxLag, "how far behind its primary the replica may be and still take reads"+v("db-read-max-lag", "PARKMAP_DB_READ_MAX_LAG"))
	fs.DurationVar(&cfg.DrainDelay, "drain-delay", cfg.DrainDelay, "after SIGTERM, how long /readyz says 503 while requests are still served"+v("drain-delay", "PARKMAP_DRAIN_DELAY"))
	fs.DurationVar(&cfg.DrainTimeout, "drain-timeout", cfg.DrainTimeout, "then, how long requests in flight have to finish"+v("drain-timeout", "PARKMAP_DRAIN_TIMEOUT"))
	fs.Var((*bytesFlag)(&cfg.MemoryLimit), "memory-limit", "Go's soft memory limit, e.g. 512MiB, 0 for none; GOMEMLIMIT wins unless this flag is given"+v("memory-limit", "PARKMAP_MEMORY_LIMIT"))
	fs.Var((*bytesFlag)(&cfg.MaxDataFile), "max-data-file", "largest data file --data reads"+v("max-data-file", "PARKMAP_MAX_DATA_FILE"))
	fs.Var((*bytesFlag)(&cfg.PageCache), "page-cache", "encoded PostGIS pages and vector tiles kept in memory (on PostGIS dropped on every change the database announces), and the embedded store's tiles; 0 for none"+v("page-cache", "PARKMAP_PAGE_CACHE"))
	fs.Var((*keyFlag)(&cfg.API.CursorKey), "cursor-key", "secret (16 bytes or more) signing next links' cursors, the same on every replica; by default random per process, so a restart ends them; prefer the variable"+v("cursor-key", "PARKMAP_CURSOR_KEY"))
	fs.IntVar(&cfg.API.TileMaxZoom, "tile-max-zoom", cfg.API.TileMaxZoom, "the deepest zoom of the collections' vector tiles, at most 30"+v("tile-max-zoom", "PARKMAP_TILE_MAX_ZOOM"))
	fs.DurationVar(&cfg.API.TileMaxAge, "tile-max-age", cfg.API.TileMaxAge, "how long caches keep a vector tile before revalidating it by its ETag (0: each time)"+v("tile-max-age", "PARKMAP_TILE_MAX_AGE"))
	fs.IntVar(&cfg.API.ParcelMinZoom, "parcel-min-zoom", cfg.API.ParcelMinZoom, "the zoom from which the map draws the parcels as vector tiles"+v("parcel-min-zoom", "PARKMAP_PARCEL_MIN_ZOOM"))
	return env
}

// applyEnv sets the flags whose variable is set, before the command line
// is parsed, so that a flag given overrides its variable.
func applyEnv(fs *flag.FlagSet, env map[string]string, getenv func(string) string) error {
	for name, variable := range env {
		if value := getenv(variable); value != "" {
			if err := fs.Set(name, value); err != nil {
				return fmt.Errorf("%s=%q: %w", variable, value, err)
			}
		}
	}
	return nil
}

// check refuses settings that cannot work.
func (cfg Config) check() error {
	var errs []error
	positive := map[string]time.Duration{
		"--request-timeout": cfg.API.RequestTimeout, "--queue-wait": cfg.API.QueueWait,
	}
	for name, d := range positive {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive", name))
		}
	}
	if cfg.DrainDelay < 0 || cfg.DrainTimeout < 0 {
		errs = append(errs, errors.New("--drain-delay and --drain-timeout must not be negative"))
	}
	if cfg.API.MaxInFlight < 1 || cfg.Pool.MaxOpen < 1 || cfg.API.MaxExports < 1 || cfg.API.MaxQueued < 0 {
		errs = append(errs, errors.New("--max-in-flight, --max-exports and --db-pool must be at least 1, --max-queued at least 0"))
	}
	if cfg.Pool.StatementTimeout < 0 || cfg.Pool.ConnectTimeout <= 0 {
		errs = append(errs, errors.New("--db-statement-timeout must not be negative, --db-connect-timeout must be positive"))
	}
	if cfg.Replica.MaxLag < 0 {
		errs = append(errs, errors.New("--db-read-max-lag must not be negative"))
	}
	if cfg.API.TileMaxZoom < 0 || cfg.API.TileMaxZoom > geo.MaxTileZoom {
		errs = append(errs, fmt.Errorf("--tile-max-zoom must be from 0 to %d", geo.MaxTileZoom))
	}
	if cfg.API.TileMaxAge < 0 {
		errs = append(errs, errors.New("--tile-max-age must not be negative"))
	}
	if cfg.API.ParcelMinZoom < 1 || cfg.API.ParcelMinZoom > geo.MaxTileZoom {
		errs = append(errs, fmt.Errorf("--parcel-min-zoom must be from 1 to %d", geo.MaxTileZoom))
	}
	if cfg.MemoryLimit < 0 || cfg.MaxDataFile < 1 || cfg.PageCache < 0 {
		errs = append(errs, errors.New("--memory-limit and --page-cache must not be negative, --max-data-file must be positive"))
	}
	return errors.Join(errs...)
}

// listFlag is a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = nil
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// bytesFlag is a size in bytes, written 536870912, 512MiB, 64MB, 1GiB…
type bytesFlag int64

func (b *bytesFlag) String() string { return formatBytes(int64(*b)) }

func (b *bytesFlag) Set(s string) error {
	n, err := parseBytes(s)
	if err != nil {
		return err
	}
	*b = bytesFlag(n)
	return nil
}

var byteUnits = []struct {
	suffix string
	n      int64
}{
	{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
	{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1},
}

// parseBytes reads a size with an optional unit.
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a size: write bytes, or a number with KiB, MiB or GiB", s)
	}
	return n * mult, nil
}

func formatBytes(n int64) string {
	for _, u := range byteUnits[:3] {
		if n >= u.n && n%u.n == 0 {
			return strconv.FormatInt(n/u.n, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// flagGiven reports whether the flag was set, on the command line or by
// its variable.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

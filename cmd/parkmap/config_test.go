package main

import (
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/parkmap/parkmap/data/seed"
)

// TestConfigSources: defaults, then PARKMAP_* variables, then flags.
func TestConfigSources(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want func(*Config)
	}{
		{"defaults", nil, nil, func(*Config) {}},
		{"variables", map[string]string{
			"PARKMAP_REQUEST_TIMEOUT": "3s", "PARKMAP_MAX_IN_FLIGHT": "8", "PARKMAP_DB_POOL": "8",
			"PARKMAP_MEMORY_LIMIT": "1GiB", "PARKMAP_ALLOWED_HOSTS": "a.example, b.example", "PARKMAP_DRAIN_DELAY": "0s",
		}, nil, func(c *Config) {
			c.API.RequestTimeout, c.API.MaxInFlight, c.Pool.MaxOpen = 3*time.Second, 8, 8
			c.MemoryLimit, c.API.Hosts, c.DrainDelay = 1<<30, []string{"a.example", "b.example"}, 0
		}},
		{"flags win", map[string]string{"PARKMAP_QUEUE_WAIT": "3s"}, []string{"--queue-wait", "250ms", "--max-data-file", "2MiB"}, func(c *Config) {
			c.API.QueueWait, c.MaxDataFile = 250*time.Millisecond, 2<<20
		}},
		{"database timeouts", map[string]string{"PARKMAP_DB_STATEMENT_TIMEOUT": "2s"}, []string{"--db-connect-timeout", "3s"}, func(c *Config) {
			c.Pool.StatementTimeout, c.Pool.ConnectTimeout = 2*time.Second, 3*time.Second
		}},
		{"replica", map[string]string{"DATABASE_READ_URL": "postgres://replica.example/parkmap", "PARKMAP_DB_READ_MAX_LAG": "30s"}, nil, func(c *Config) {
			c.ReadURL, c.Replica.MaxLag = "postgres://replica.example/parkmap", 30*time.Second
		}},
		{"tiles and parcels", map[string]string{"PARKMAP_TILE_MAX_AGE": "1h"}, []string{"--parcel-min-zoom", "16"}, func(c *Config) {
			c.API.TileMaxAge, c.API.ParcelMinZoom = time.Hour, 16
		}},
		{"exports", map[string]string{"PARKMAP_MAX_EXPORTS": "2"}, nil, func(c *Config) {
			c.API.MaxExports = 2
		}},
		{"cursor key", map[string]string{"PARKMAP_CURSOR_KEY": "sixteen bytes or more"}, nil, func(c *Config) {
			c.API.CursorKey = []byte("sixteen bytes or more")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			got := DefaultConfig()
			env := got.bind(fs)
			if err := applyEnv(fs, env, func(k string) string { return tt.env[k] }); err != nil {
				t.Fatal(err)
			}
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			want := DefaultConfig()
			tt.want(&want)
			if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(want.API), cmpopts.IgnoreFields(want.API, "Assets", "Draining")); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigRefused(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{"PARKMAP_REQUEST_TIMEOUT": "soon"}, nil},
		{nil, []string{"--memory-limit", "lots"}},
		{nil, []string{"--max-in-flight", "0"}},
		{nil, []string{"--max-exports", "0"}},
		{nil, []string{"--queue-wait", "-1s"}},
		{nil, []string{"--db-statement-timeout", "-1s"}},
		{nil, []string{"--db-read-max-lag", "-1s"}},
		// A replica of nothing: reads from a replica need the primary's DATABASE_URL.
		{map[string]string{"DATABASE_READ_URL": "postgres://127.0.0.1:1/parkmap"}, []string{"--db-read-max-lag", "5s"}},
		{nil, []string{"--tile-max-age", "-1s"}},
		{nil, []string{"--parcel-min-zoom", "0"}},
		{nil, []string{"--parcel-min-zoom", "31"}},
		{map[string]string{"PARKMAP_CURSOR_KEY": "short"}, nil},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr strings.Builder
			err := run(context.Background(), append([]string{"serve"}, tt.args...), func(k string) string { return tt.env[k] }, io.Discard, &stderr)
			if err == nil {
				t.Error("serve accepted the setting")
			}
		})
	}
}

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"0", 0, false},
		{"1024", 1024, false},
		{"512MiB", 512 << 20, false},
		{"2 GiB", 2 << 30, false},
		{"64MB", 64e6, false},
		{"1KiB", 1024, false},
		{"-1", 0, true},
		{"lots", 0, true},
		{"1.5GiB", 0, true},
		{"99999999999GiB", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseBytes(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseBytes(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// TestServeRefusesUnboundedData: serve --data with a FIFO for a file
// fails at once with a message naming it, instead of hanging start-up.
func TestServeRefusesUnboundedData(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{seed.FileSources, seed.FileParks, seed.FileProjects} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, seed.FileChains), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, func(string) string { return "" }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not a regular file") || !strings.Contains(err.Error(), seed.FileChains) {
		t.Errorf("serve --data with a FIFO: %v", err)
	}
}

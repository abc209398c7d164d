package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/geo"
)

// TestReplica starts a real primary and a streaming replica of it
// (scripts/pg-cluster.sh start and replica: pg_basebackup -R), seeds the
// primary and serves twice: from the primary alone, and with
// DATABASE_READ_URL reading from the replica. Both answer the same bytes and
// ETags. Then it shows where the reads go: a replica whose replay is paused
// falls behind and the reads go to the primary, which has the edit; with the
// replica stopped every read is still answered, from the primary; with the
// primary stopped the replica serves alone, where a server without it
// answers 503. No 500 at any step.
func TestReplica(t *testing.T) {
	postgistest.ServerURL(t) // the PostGIS leg: skipped only outside CI, like the others
	dir := t.TempDir()
	primaryDir, replicaDir := filepath.Join(dir, "primary"), filepath.Join(dir, "replica")
	cluster := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("../../scripts/pg-cluster.sh", args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("pg-cluster.sh %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		return strings.TrimSpace(string(out))
	}
	primaryURL := cluster("start", primaryDir, freePort(t))
	t.Cleanup(func() { cluster("destroy", primaryDir) })
	replicaPort := freePort(t)
	replicaURL := cluster("replica", replicaDir, replicaPort, primaryDir)
	t.Cleanup(func() { cluster("destroy", replicaDir) })
	env := map[string]string{"DATABASE_URL": primaryURL}
	for _, cmd := range []string{"migrate", "seed"} {
		if err := run(context.Background(), []string{cmd}, func(k string) string { return env[k] }, &strings.Builder{}, testWriter{t}); err != nil {
			t.Fatalf("parkmap %s: %v", cmd, err)
		}
	}
	primary, replica := openDB(t, primaryURL), openDB(t, replicaURL)
	waitReplayed(t, primary, replica) // the seed, streamed

	const baseURL = "http://parkmap.example" // links alike from both servers
	// Servers behind one load balancer share a cursor key, so that their
	// next links (and ETags) are alike.
	const key = "the replicas' shared cursor key"
	alone := startServerEnv(t, env, "--base-url", baseURL, "--cursor-key", key)
	both := startServerEnv(t, map[string]string{"DATABASE_URL": primaryURL, "DATABASE_READ_URL": replicaURL},
		"--base-url", baseURL, "--db-read-max-lag", "1ms", "--cursor-key", key)
	waitPools(t, both, "the replica takes reads", func(p pools) bool { return p.replica.Reads && p.primary.Up })

	tile := maptile.At(orb.Point{102.55, 24.35}, 10) // Hongta, in Yuxi
	paths := []string{
		"/api/collections/parks/items",
		"/api/collections/parks/items?limit=2&offset=1",
		"/api/collections/counties/items?bbox=102.4,24.2,102.7,24.5",
		"/api/collections/parks/items/longquan",
		"/api/collections/parks/queryables",
		"/api/collections/parks",
		fmt.Sprintf("/api/collections/counties/tiles/WebMercatorQuad/%d/%d/%d", tile.Z, tile.Y, tile.X),
		"/api/chain",
		"/api/locate?lon=102.55&lat=24.35",
	}
	same := func(when string) {
		t.Helper()
		for _, path := range paths {
			a, b := sameSecond(t, alone+path, both+path)
			if a.status != 200 || b.status != 200 {
				t.Errorf("%s: GET %s = %d from the primary, %d with the replica: %s", when, path, a.status, b.status, b.body)
				continue
			}
			if !bytes.Equal(a.body, b.body) {
				t.Errorf("%s: GET %s: the bodies differ:\nprimary %.300s\nreplica %.300s", when, path, a.body, b.body)
			}
			if ea, eb := a.header.Get("ETag"), b.header.Get("ETag"); ea == "" || ea != eb {
				t.Errorf("%s: GET %s: ETag %q from the primary, %q with the replica", when, path, ea, eb)
			}
		}
	}
	same("both up")

	// Pause the replica's replay and edit a zone on the primary: the replica
	// falls behind, and the reads go to the primary, which has the edit.
	mustExec(t, replica, "SELECT pg_wal_replay_pause()")
	mustExec(t, primary, "UPDATE parks SET name_en = 'Longquan, edited' WHERE id = 'longquan'")
	waitPools(t, both, "the lagging replica gives the reads to the primary", func(p pools) bool {
		return !p.replica.Reads && p.primary.Reads && strings.Contains(p.replica.Problem, "behind")
	})
	var stale string
	if err := replica.QueryRow("SELECT name_en FROM parks WHERE id = 'longquan'").Scan(&stale); err != nil || stale == "Longquan, edited" {
		t.Fatalf("the paused replica has %q (%v): it should not have the edit yet", stale, err)
	}
	if r := get(t, "GET", both+"/api/collections/parks/items/longquan", nil); !bytes.Contains(r.body, []byte("Longquan, edited")) {
		t.Errorf("with the replica behind, the zone read is %d %.300s, want the primary's edit", r.status, r.body)
	}
	same("the replica behind")
	mustExec(t, replica, "SELECT pg_wal_replay_resume()")
	waitReplayed(t, primary, replica)
	waitPools(t, both, "the replica caught up takes reads again", func(p pools) bool { return p.replica.Reads })

	// The replica away: every read is answered, by the primary.
	cluster("stop", replicaDir)
	same("the replica stopped")
	waitPools(t, both, "the stopped replica is reported down", func(p pools) bool {
		return !p.replica.Up && p.primary.Reads && p.status == 200
	})
	cluster("replica", replicaDir, replicaPort, primaryDir)
	waitPools(t, both, "the restarted replica takes reads again", func(p pools) bool { return p.replica.Reads })

	// The primary away: the replica serves what it has; alone, 503.
	want := map[string]response{}
	for _, path := range paths {
		want[path] = get(t, "GET", both+path, nil)
	}
	cluster("stop", primaryDir)
	for _, path := range paths {
		b := get(t, "GET", both+path, nil)
		if b.status != 200 || !bytes.Equal(unstamped(b.body), unstamped(want[path].body)) {
			t.Errorf("primary stopped: GET %s with the replica = %d %.300s, want the same 200 as before", path, b.status, b.body)
		}
	}
	if r := get(t, "GET", alone+paths[0], nil); r.status != 503 {
		t.Errorf("primary stopped: GET %s from the primary alone = %d %s, want 503", paths[0], r.status, r.body)
	}
	waitPools(t, both, "the stopped primary is reported down, the replica serving", func(p pools) bool {
		return !p.primary.Up && p.replica.Reads && p.status == 200
	})
}

// sameSecond gets a and b within one second of the clock, so that a
// page's timeStamp (seconds), and the ETag it is part of, may agree: it
// gets a again after b, and tries again when the second changed between.
func sameSecond(t *testing.T, a, b string) (response, response) {
	t.Helper()
	for range 3 {
		ra, rb, again := get(t, "GET", a, nil), get(t, "GET", b, nil), get(t, "GET", a, nil)
		if bytes.Equal(ra.body, again.body) {
			return ra, rb
		}
	}
	t.Fatalf("GET %s answers differently each time", a)
	return response{}, response{}
}

// unstamped is a page without its timeStamp, the time of the request.
func unstamped(body []byte) []byte {
	return timeStamp.ReplaceAll(body, nil)
}

var timeStamp = regexp.MustCompile(`"timeStamp":"[^"]*"`)

// pools is /readyz's answer with a replica.
type pools struct {
	status           int
	primary, replica geo.PoolState
}

// waitPools polls base's /readyz until ok holds of its pools, for at most
// 30 s (the store checks them every second).
func waitPools(t *testing.T, base, what string, ok func(pools) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := get(t, "GET", base+"/readyz", nil)
		var body struct{ Pools []geo.PoolState }
		if err := json.Unmarshal(r.body, &body); err != nil || len(body.Pools) != 2 {
			t.Fatalf("/readyz = %d %s, want both pools (%v)", r.status, r.body, err)
		}
		p := pools{r.status, body.Pools[0], body.Pools[1]}
		if r.status >= 500 && r.status != 503 {
			t.Fatalf("/readyz = %d %s", r.status, r.body)
		}
		if ok(p) {
			t.Logf("%s: /readyz %d %s", what, r.status, r.body)
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 30 s: /readyz = %d %s", what, r.status, r.body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitReplayed waits until the replica has replayed all the primary has
// written so far.
func waitReplayed(t *testing.T, primary, replica *sql.DB) {
	t.Helper()
	var lsn string
	if err := primary.QueryRow("SELECT pg_current_wal_lsn()::text").Scan(&lsn); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		var done bool
		if err := replica.QueryRow("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", lsn).Scan(&done); err != nil {
			t.Fatal(err)
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica has not replayed the primary's WAL up to %s after 60 s", lsn)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func openDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxIdleConns(0) // the clusters are stopped under it
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, query string) {
	t.Helper()
	if _, err := db.Exec(query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// freePort returns a loopback port free now, for a cluster to listen on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

// Package postgistest gives tests a database of their own on the PostGIS
// server named by PARKMAP_TEST_DATABASE_URL.
//
// `make test` starts a throwaway cluster (scripts/pg-cluster.sh) and sets the
// variable. Without it a test skips, saying how to run it, except under
// CI=true, where it fails: the database leg is never skipped in silence.
package postgistest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"
)

// EnvURL is the variable that names the test server.
const EnvURL = "PARKMAP_TEST_DATABASE_URL"

// ServerURL returns the test server's URL, or ends the test: a skip with
// instructions, a failure under CI=true.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u != "" {
		return u
	}
	const how = EnvURL + " is not set: run `make test`, or start a cluster with " +
		"`scripts/pg-cluster.sh start /tmp/pmtest 55439` and set " + EnvURL + " to the URL it prints"
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true and " + how)
	}
	t.Skip(how)
	return ""
}

// NewDatabase creates an empty database with PostGIS on the test server,
// with a random name so that concurrent runs do not collide, drops it when
// the test ends, and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	server := ServerURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	admin, err := sql.Open("postgres", server)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	defer admin.Close()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	name := "parkmap_test_" + hex.EncodeToString(b[:])
	// Identifiers cannot be placeholders: the name is ours, quoted anyway.
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("create test database on %s: %v", redact(server), err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("postgres", server)
		if err != nil {
			t.Error(err)
			return
		}
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	dbURL := withDatabase(server, name)
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE EXTENSION postgis"); err != nil {
		t.Fatalf("CREATE EXTENSION postgis in %s: %v (is PostGIS installed on the server?)", name, err)
	}
	return dbURL
}

// withDatabase returns the connection string with its database replaced,
// for both forms lib/pq reads: a URL, or key=value pairs (where a later key
// wins).
func withDatabase(conn, name string) string {
	if strings.HasPrefix(conn, "postgres://") || strings.HasPrefix(conn, "postgresql://") {
		u, err := url.Parse(conn)
		if err == nil {
			u.Path = "/" + name
			u.RawPath = ""
			return u.String()
		}
	}
	return conn + " dbname=" + name
}

// redact drops a password from a URL for messages.
func redact(conn string) string {
	u, err := url.Parse(conn)
	if err != nil || u.User == nil {
		return conn
	}
	return u.Redacted()
}

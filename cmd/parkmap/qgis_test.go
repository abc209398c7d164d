package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestQGISSendsFilters runs QGIS 3.22's OAPIF provider headless
// (testdata/qgis_filters.py) against a server on PostGIS with a planner's
// dated table, and reads the server's request log: QGIS sends a filter on a
// date field as datetime and the view extent as bbox, asks pages of 1,000
// (the limit the OpenAPI document's components.parameters.limit offers),
// and the server evaluates them: each request QGIS made, replayed, returns
// only the features QGIS shows.
func TestQGISSendsFilters(t *testing.T) {
	env, args := published(t)
	env["PARKMAP_LOG"] = "debug"
	log := &lockedBuffer{}
	base := startServerLog(t, env, log, args...)

	var got map[string][]string
	runQGIS(t, &got, "testdata/qgis_filters.py", base)
	want := map[string][]string{
		"opened since 2020":            {"R2"},
		"opened by 2020, over 4 lanes": {"R1"},
		"parks in view":                {"hongta"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the features QGIS shows (-want +got):\n%s", diff)
	}

	requests := itemsRequests(t, log.String())
	for _, tt := range []struct {
		collection string
		param      string // what QGIS must have sent
		want       []string
	}{
		{"roads", "datetime=2020-01-01/9999-12-31T00:00:00Z", []string{"R2"}},
		// lanes > 4 stays with QGIS: the server returns R1 (2019) only
		// because of the date.
		{"roads", "datetime=0000-01-01T00:00:00Z/2020-01-01", []string{"R1"}},
		{"parks", "bbox=102.4", []string{"hongta"}},
	} {
		i := slices.IndexFunc(requests[tt.collection], func(q url.Values) bool {
			name, value, _ := strings.Cut(tt.param, "=")
			return strings.HasPrefix(q.Get(name), value)
		})
		if i < 0 {
			t.Errorf("QGIS never sent %s for %s; it asked %v", tt.param, tt.collection, requests[tt.collection])
			continue
		}
		q := requests[tt.collection][i]
		if q.Get("limit") != "1000" {
			t.Errorf("%s: QGIS asked limit=%s, want 1000 (default 100 raised to 1000, below the maximum)", tt.param, q.Get("limit"))
		}
		var fc struct{ Features []struct{ ID string } }
		r := get(t, "GET", base+"/api/collections/"+tt.collection+"/items?"+q.Encode(), nil)
		if err := json.Unmarshal(r.body, &fc); err != nil || r.status != 200 {
			t.Fatalf("%s: %d %v", q.Encode(), r.status, err)
		}
		var ids []string
		for _, f := range fc.Features {
			ids = append(ids, f.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("the server answered QGIS's %s with %v, want %v", q.Encode(), ids, tt.want)
		}
	}
}

// logRequest is one request of the server's debug log.
var logRequest = regexp.MustCompile(`path=(\S+) query=("(?:[^"\\]|\\.)*"|\S*) status=200`)

// itemsRequests reads the server's debug log: the query of each successful
// items request, by collection.
func itemsRequests(t *testing.T, log string) map[string][]url.Values {
	t.Helper()
	out := map[string][]url.Values{}
	for _, m := range logRequest.FindAllStringSubmatch(log, -1) {
		collection, ok := strings.CutPrefix(m[1], "/api/collections/")
		if !ok || !strings.HasSuffix(collection, "/items") {
			continue
		}
		raw := m[2]
		if strings.HasPrefix(raw, `"`) {
			var err error
			if raw, err = strconv.Unquote(raw); err != nil {
				t.Fatalf("log query %s: %v", m[2], err)
			}
		}
		q, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatalf("log query %q: %v", raw, err)
		}
		collection = strings.TrimSuffix(collection, "/items")
		out[collection] = append(out[collection], q)
	}
	return out
}

// runQGIS runs a script of testdata with QGIS's Python headless (the
// interpreter python3-qgis is installed for), with a profile of its own,
// and reads the one JSON value it prints into out.
func runQGIS(t *testing.T, out any, script string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/usr/bin/python3", append([]string{script}, args...)...)
	home := t.TempDir() // QGIS's profile and network cache
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "HOME="+home, "XDG_RUNTIME_DIR="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	printed, err := cmd.Output()
	if err != nil {
		t.Fatalf("QGIS: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(printed, out); err != nil {
		t.Fatalf("QGIS printed %q: %v\n%s", printed, err, stderr.String())
	}
}

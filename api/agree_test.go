package api_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"testing"

	"github.com/parkmap/parkmap/data/storetest"
)

// testStoresAgree sends the same requests to a server on each store and
// holds the answers equal once decoded: links with each server's own base,
// the time stamps aside; areas within the contract suite's tolerance
// (storetest.SameJSON), everything else exactly. Distances (locate) are
// the contract suite's: the stores' geodesics agree to 0.5%, not exactly.
func testStoresAgree(t *testing.T, memBase, pgBase string) {
	for _, path := range []string{
		"/api",
		"/api/conformance",
		"/api/collections",
		"/api/collections/parks",
		"/api/collections/counties",
		"/api/collections/parks/queryables",
		"/api/collections/projects/queryables",
		"/api/collections/counties/queryables",
		"/api/collections/parks/schema",
		"/api/collections/parks/items",
		"/api/collections/projects/items",
		"/api/collections/counties/items",
		"/api/collections/parcels/items",
		"/api/collections/parcels/items?sortby=enterprise,-area_ha&bbox=179.8,-16.2,-179.8,-16.1",
		"/api/collections/parcels/queryables",
		"/api/collections/parks/items?limit=2&offset=1",
		"/api/collections/parks/items?limit=2&offset=10",
		"/api/collections/parks/items?bbox=179.8,-16.2,-179.8,-16.1",
		"/api/collections/parks/items?bbox=100.05,9,99.95,11&sortby=-area_ha",
		"/api/collections/projects/items?bbox=10,10,11,11",
		"/api/collections/projects/items?sortby=-investment_yi_cny,park",
		"/api/collections/parks/items?sortby=county_code,-id&limit=3",
		"/api/collections/parks/items?segment=cell,pack&stage=assembly",
		"/api/collections/parks/items?properties=stages,status&skipGeometry=true",
		"/api/collections/counties/items?properties=&bbox=179.8,-16.2,-179.8,-16.1",
		"/api/collections/projects/items?county=990101,990102&datetime=2024-01-01/..",
		"/api/collections/parks/items/QJ_01",
		"/api/collections/parks/items/dateline~e",
		"/api/collections/projects/items/p.300",
		"/api/collections/counties/items/990199",
		"/api/chain?chain=synth-cells",
		"/api/chain", // the dataset's first chain with segments: the city says, not the code
		"/api/coverage",
		"/api/coverage?chain=synth-cells",
		"/api/siting?segment=cell&lang=en",
		"/api/siting?segment=foil&near=100.1,10.1&lang=zh&limit=2",
		"/api/siting?segment=cell&mode=parcels&lang=en",
		"/api/siting?segment=paste&mode=parcels&near=100.12,10.06&min_area_ha=0.5&lang=zh&w_near=3",
	} {
		want := decodeFrom(t, memBase, path)
		got := decodeFrom(t, pgBase, path)
		if err := storetest.SameJSON(want, got, ""); err != nil {
			t.Errorf("GET %s: PostGIS differs from memory: %v", path, err)
		}
	}
}

// decodeFrom gets the path from the server at base and decodes it, its
// base URL replaced by BASE and its time stamp dropped.
func decodeFrom(t *testing.T, base, path string) any {
	t.Helper()
	r := request(t, "GET", base+path, nil)
	if r.status != 200 {
		t.Fatalf("GET %s%s: %d %s", base, path, r.status, r.body)
	}
	var v any
	body := cursorArg.ReplaceAllFunc(bytes.ReplaceAll(r.body, []byte(base), []byte("BASE")), cursorPosition)
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, "timeStamp")
	}
	return v
}

var cursorArg = regexp.MustCompile(`cursor=[A-Za-z0-9_%.-]+`)

// cursorPosition replaces a link's cursor, signed with each server's own
// key at its own second, by the position it names.
func cursorPosition(arg []byte) []byte {
	raw, err := url.QueryUnescape(string(arg[len("cursor="):]))
	if err != nil {
		return arg
	}
	payload, _, _ := bytes.Cut([]byte(raw), []byte("."))
	text, err := base64.RawURLEncoding.DecodeString(string(payload))
	if err != nil {
		return arg
	}
	var p map[string]any
	if json.Unmarshal(text, &p) != nil {
		return arg
	}
	delete(p, "t")
	b, _ := json.Marshal(p)
	return []byte("cursor=" + url.QueryEscape(string(b)))
}

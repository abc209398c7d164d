package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/parkmap/parkmap/api"
)

// TestOpenAPIGolden holds the OpenAPI document to testdata/openapi.json,
// byte for byte once indented, so that a change to the API shows in review
// as a diff of the document; `go test ./api -run OpenAPI -update` rewrites
// it. The document comes from the definitions and the route table alone,
// so one store will do.
func TestOpenAPIGolden(t *testing.T) {
	base := serve(t, memoryStore(t), api.Config{BaseURL: "https://maps.example.org/parkmap", Version: "golden"})
	r := get(t, base+"/api/openapi", "application/vnd.oai.openapi+json;version=3.0", nil)
	var got bytes.Buffer
	if err := json.Indent(&got, r.body, "", "  "); err != nil {
		t.Fatal(err)
	}
	got.WriteByte('\n')
	path := filepath.Join("testdata", "openapi.json")
	if updating() {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the OpenAPI document differs from %s; if the change is meant, run with -update and review the diff", path)
	}
	// The same document twice: nothing in it depends on map order.
	if again := get(t, base+"/api/openapi", "application/vnd.oai.openapi+json", nil); !bytes.Equal(again.body, r.body) {
		t.Error("two requests gave two documents")
	}

	doc, err := openapi3.NewLoader().LoadFromData(want)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://maps.example.org/parkmap/api" {
		t.Errorf("servers %v, want the base URL's /api", doc.Servers)
	}
	for _, p := range []string{"/", "/collections", "/collections/parks/items", "/collections/parks/items/{featureId}",
		"/collections/counties/items/{featureId}", "/collections/projects/queryables", "/collections/projects/schema",
		"/chain", "/coverage", "/siting", "/locate"} {
		if doc.Paths.Find(p) == nil {
			t.Errorf("OpenAPI has no path %s", p)
		}
	}
	items := doc.Paths.Find("/collections/parks/items").Get
	for _, name := range []string{"bbox", "limit", "offset", "datetime", "sortby", "properties", "skipGeometry", "f",
		"segment", "segments", "stage", "county", "county_code", "status", "planned_area_km2"} {
		if items.Parameters.GetByInAndName("query", name) == nil {
			t.Errorf("parks items lack the parameter %s", name)
		}
	}
}

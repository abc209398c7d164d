package api_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/api"
)

// nextCursor returns the cursor of a page's next link.
func nextCursor(t *testing.T, fc featureCollection) string {
	t.Helper()
	l, ok := fc.link("next")
	if !ok {
		t.Fatal("no next link")
	}
	u, err := url.Parse(l.Href)
	if err != nil {
		t.Fatal(err)
	}
	c := u.Query().Get("cursor")
	if c == "" {
		t.Fatalf("next link %q has no cursor", l.Href)
	}
	return c
}

// testCursors walks pages by the cursors of next links, in orders with
// nulls, descending keys and ties, and wants the pages offsets give; a
// cursor altered, malformed, of another query or of another server is a
// clear 400.
func testCursors(t *testing.T, base string) {
	for _, query := range []string{
		"sortby=-planned_area_km2",
		"sortby=status,-area_ha",
		"sortby=name_en&bbox=-180,-90,180,90",
		"segment=cell,foil",
	} {
		t.Run(query, func(t *testing.T) {
			whole := items(t, base, "parks", query+"&limit=100").ids()
			var walked []string
			next := base + "/api/collections/parks/items?" + query + "&limit=2"
			for pages := 0; next != ""; pages++ {
				if pages > len(whole) {
					t.Fatal("next links never end")
				}
				var fc featureCollection
				get(t, next, "application/geo+json", &fc)
				if fc.NumberMatched != len(whole) {
					t.Errorf("numberMatched %d, want %d", fc.NumberMatched, len(whole))
				}
				walked = append(walked, fc.ids()...)
				next = ""
				if l, ok := fc.link("next"); ok {
					next = l.Href
				}
			}
			if !slices.Equal(walked, whole) {
				t.Errorf("pages by cursor %v, want %v", walked, whole)
			}
		})
	}

	first := items(t, base, "parks", "limit=1&sortby=-id")
	cursor := nextCursor(t, first)
	payload, sig, _ := strings.Cut(cursor, ".")
	flipped := []byte(payload)
	flipped[len(flipped)/2] ^= 1
	other := serve(t, memoryStore(t), api.Config{CursorKey: []byte("another server's key")})
	foreign := nextCursor(t, items(t, other, "parks", "limit=1&sortby=-id"))
	for _, tt := range []struct {
		name, query, want string
	}{
		{"altered", "sortby=-id&cursor=" + string(flipped) + "." + sig, "altered"},
		{"signature cut", "sortby=-id&cursor=" + payload + "." + sig[:4], "altered"},
		{"no signature", "sortby=-id&cursor=" + payload, "malformed"},
		{"not base64", "sortby=-id&cursor=%21%21.%21%21", "malformed"},
		{"too long", "sortby=-id&cursor=" + strings.Repeat("a", 5000), "malformed"},
		{"another order", "sortby=id&cursor=" + cursor, "another query"},
		{"another filter", "sortby=-id&status=planned&cursor=" + cursor, "another query"},
		{"another collection", "sortby=-id&cursor=" + cursor, "another query"},
		{"with an offset", "sortby=-id&offset=1&cursor=" + cursor, "exclusive"},
		{"another server's", "sortby=-id&cursor=" + foreign, "not issued by this server"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			collection := "parks"
			if tt.name == "another collection" {
				collection = "projects"
			}
			r := request(t, "GET", base+"/api/collections/"+collection+"/items?"+tt.query, nil)
			var e struct{ Code, Description string }
			if err := json.Unmarshal(r.body, &e); err != nil || r.status != 400 || !strings.Contains(e.Description, tt.want) {
				t.Errorf("%d %s, want 400 saying %q", r.status, r.body, tt.want)
			}
		})
	}
	// A cursor as issued still works after all that, and a page asked for
	// by offset still gets one.
	var fc featureCollection
	get(t, base+"/api/collections/parks/items?limit=1&sortby=-id&cursor="+cursor, "application/geo+json", &fc)
	if byOffset := items(t, base, "parks", "limit=1&sortby=-id&offset=1"); !slices.Equal(fc.ids(), byOffset.ids()) {
		t.Errorf("the cursor's page %v, the offset's %v", fc.ids(), byOffset.ids())
	}
}

// TestCursorKey: servers that share --cursor-key (replicas behind one load
// balancer) take each other's cursors.
func TestCursorKey(t *testing.T) {
	key := []byte("shared by the replicas")
	a := serve(t, memoryStore(t), api.Config{CursorKey: key})
	b := serve(t, memoryStore(t), api.Config{CursorKey: key})
	cursor := nextCursor(t, items(t, a, "parks", "limit=2"))
	fc := items(t, b, "parks", "limit=2&cursor="+url.QueryEscape(cursor))
	if want := items(t, a, "parks", "limit=2&offset=2").ids(); !slices.Equal(fc.ids(), want) {
		t.Errorf("replica b's page %v, want %v", fc.ids(), want)
	}
}

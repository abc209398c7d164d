package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOnlineTiles runs the server with an online tile layer
// configured (a stand-in tile server on another port, so another host to
// the page) and checks that the map offers it in its layer switch, fetches
// nothing from it until the reader switches it on, then draws it with its
// attribution, and that the choice goes into the URL.
func TestBrowserOnlineTiles(t *testing.T) {
	var tileRequests atomic.Int64
	tile := tilePNG(t)
	tiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tileRequests.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(tile)
	}))
	t.Cleanup(tiles.Close)
	ctx, base, rec := browse(t, 1280, 800, "--tile-url", tiles.URL+"/{z}/{x}/{y}.png", "--tile-attribution", "Test tiles © nobody")
	desktop(ctx, t)
	load(ctx, t, base+"/?lang=en")
	must(ctx, t, settle())

	if n := tileRequests.Load(); n != 0 {
		t.Errorf("the page fetched %d tiles before the online layer was switched on", n)
	}
	bases := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#layers .leaflet-control-layers-base label')].map((l) => l.textContent.trim())`)
	if len(bases) != 2 || !strings.Contains(bases[0], "Offline") || !strings.Contains(bases[1], "Online") {
		t.Fatalf("base layers offered = %q, want offline then online", bases)
	}
	if checked := pageEval[string](ctx, t, `document.querySelector('#layers .leaflet-control-layers-base input:checked').nextElementSibling.textContent.trim()`); !strings.Contains(checked, "Offline") {
		t.Errorf("base layer on at start = %q, want the offline one", checked)
	}

	// Switch it on: tiles come, credited, and the URL remembers.
	pageEval[bool](ctx, t, `(() => { document.querySelectorAll('#layers .leaflet-control-layers-base input')[1].click(); return true; })()`)
	waitURL(ctx, t, "base", "online")
	waitJS(ctx, t, `document.querySelectorAll('.leaflet-tile-loaded').length > 0`)
	if n := tileRequests.Load(); n == 0 {
		t.Error("no tile fetched after switching the online layer on")
	}
	if a := must(ctx, t, chromedp.Text(chromedp.CSS(`.leaflet-control-attribution`))); !strings.Contains(a, "Test tiles") {
		t.Errorf("attribution %q does not credit the tile layer", a)
	}

	// A link with the online base map opens with it.
	before := tileRequests.Load()
	load(ctx, t, base+"/?lang=en&base=online")
	waitJS(ctx, t, `document.querySelectorAll('.leaflet-tile-loaded').length > 0`)
	if tileRequests.Load() == before {
		t.Error("a link with base=online fetched no tiles")
	}

	// Zoomed in past the counties on the offline map, the page offers the
	// online one (issue 8, item 19); on it, the note goes.
	load(ctx, t, base+"/?lang=en&at=13.5/24.35/102.55")
	if hint := visibleText(ctx, t, "#detail-hint"); !strings.Contains(hint, "Use the online base map") {
		t.Errorf("zoomed in on the offline map, the hint says %q, want the offer of the online one", hint)
	}
	must(ctx, t, chromedp.Click(chromedp.CSS(`#detail-hint button[data-base="online"]`)))
	waitURL(ctx, t, "base", "online")
	waitJS(ctx, t, `document.getElementById('detail-hint').hidden && document.querySelectorAll('.leaflet-tile-loaded').length > 0`)

	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, base), hostOf(t, tiles.URL))
}

// tilePNG returns a 256×256 tile of one pale colour.
func tilePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for y := 0; y < 256; y++ {
		for x := 0; x < 256; x++ {
			img.Set(x, y, color.RGBA{0xdd, 0xe6, 0xee, 0xff})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAPIPages opens the API's HTML pages and its documentation in
// headless Chromium as a person browsing the API would: the zones' items
// page, reached by the browser's own Accept header (no f=html), with its
// small map of the four zones and their table; a click through to one zone;
// a project nobody placed; and the Swagger UI page with the operations of every collection. Nothing
// may be logged as an error or fetched from another host.
func TestBrowserAPIPages(t *testing.T) {
	ctx, base, rec := browse(t, 1280, 800)
	desktop(ctx, t)

	t.Run("items", func(t *testing.T) {
		openPage(ctx, t, base+"/api/collections/parks/items", `document.getElementById('apimap').dataset.drawn`)
		if drawn := pageEval[string](ctx, t, `document.getElementById('apimap').dataset.drawn`); drawn != "4" {
			t.Errorf("the map drew %q features, want 4", drawn)
		}
		if n := pageEval[int](ctx, t, `document.querySelectorAll('#apimap path.leaflet-interactive').length`); n != 4 {
			t.Errorf("the map has %d shapes, want the 4 zones", n)
		}
		rows := pageEval[[]string](ctx, t, `[...document.querySelectorAll('table.apipage__features tbody tr')].map((r) => r.dataset.id)`)
		if want := []string{"hongta", "huaning", "longquan", "yimen"}; strings.Join(rows, ",") != strings.Join(want, ",") {
			t.Errorf("table rows = %q, want %q", rows, want)
		}
		heading := must(ctx, t, chromedp.Text(chromedp.CSS(`h1`)))
		if !strings.Contains(heading, "产业园区") || !strings.Contains(heading, "Industrial zones") {
			t.Errorf("heading %q, want both titles", heading)
		}
		// The map fills the page's width without covering the table.
		mapBox := pageEval[[]float64](ctx, t, `(() => { const r = document.getElementById('apimap').getBoundingClientRect(); return [r.width, r.height]; })()`)
		if mapBox[0] < 600 || mapBox[1] < 200 {
			t.Errorf("the map is %v px, want at least 600×200", mapBox)
		}
		must(ctx, t, settle())
		screenshot(ctx, t, "api-items.png")
	})

	t.Run("feature", func(t *testing.T) {
		must(ctx, t, chromedp.Click(chromedp.CSS(`tr[data-id="longquan"] a`)))
		// Wait through the DOM, which follows the navigation, then for the map.
		waitVisible(ctx, t, `#apimap.apimap--feature`)
		waitJS(ctx, t, `document.getElementById('apimap').dataset.drawn`)
		if drawn := pageEval[string](ctx, t, `document.getElementById('apimap').dataset.drawn`); drawn != "1" {
			t.Errorf("the feature's map drew %q features, want 1", drawn)
		}
		text := must(ctx, t, chromedp.Text(chromedp.CSS(`main`)))
		for _, want := range []string{"玉溪高新区龙泉片区", "Longquan Area, Yuxi High-tech Zone", "承接环节", "cathode"} {
			if !strings.Contains(text, want) {
				t.Errorf("the feature's page lacks %q", want)
			}
		}
	})

	t.Run("unplaced project", func(t *testing.T) {
		// No geometry: no empty map, a word instead.
		openPage(ctx, t, base+"/api/collections/projects/items/yeyang-lfp", `document.getElementById('apimap').dataset.drawn`)
		if text := must(ctx, t, chromedp.Text(chromedp.CSS(`#apimap`))); !strings.Contains(text, "No geometry") {
			t.Errorf("the map box of an unplaced project says %q, want No geometry", text)
		}
	})

	t.Run("docs", func(t *testing.T) {
		openPage(ctx, t, base+"/api/docs", `document.body.dataset.ready`)
		waitJS(ctx, t, `document.querySelectorAll('.opblock').length > 0`)
		ops := pageEval[[]string](ctx, t, `[...document.querySelectorAll('.opblock-summary-path')].map((p) => p.textContent.replace(/\u200b/g, ''))`)
		for _, want := range []string{"/collections/parks/items", "/collections/projects/items/{featureId}", "/conformance"} {
			if !strings.Contains(strings.Join(ops, " "), want) {
				t.Errorf("the documentation lacks the operation %s (has %q)", want, ops)
			}
		}
		// An operation opens to its parameters, f with html among them.
		must(ctx, t, chromedp.Click(chromedp.CSS(`#operations-parks-getFeaturesParks .opblock-summary-control`)))
		waitVisible(ctx, t, `#operations-parks-getFeaturesParks .parameters-container`)
		params := must(ctx, t, chromedp.Text(chromedp.CSS(`#operations-parks-getFeaturesParks .parameters-container`)))
		for _, want := range []string{"bbox", "limit", "html"} {
			if !strings.Contains(params, want) {
				t.Errorf("getFeaturesParks's parameters lack %q", want)
			}
		}
		// Fonts loaded and two frames drawn (the page has no map to settle).
		must(ctx, t, chromedp.Evaluate[bool](`document.fonts.ready.then(() => new Promise((resolve) =>
			requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))))`, chromedp.EvalAwaitPromise))
		screenshot(ctx, t, "api-docs.png")
	})

	checkPageLog(t, rec, hostOf(t, base))
}

// openPage navigates to a page that is not the map and waits until ready (a
// script expression) is truthy.
func openPage(ctx context.Context, t *testing.T, url, ready string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, drawTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](`!!(`+ready+`)`, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("waiting for %s on %s: %v", ready, url, err)
	}
}

package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserOutage opens the map while the API answers 503 (the database
// is down), as the server does: the page says so, claims nothing of the
// data it has not got, and asks again by itself; when the API answers again, the
// map draws without a reload (issue 8, item 20).
func TestBrowserOutage(t *testing.T) {
	ctx, base, rec := browse(t, 1280, 800)
	desktop(ctx, t)
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	// A proxy that plays the outage: the API answers as the server does
	// when its database is away.
	var down atomic.Bool
	var refused atomic.Int64
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() && strings.HasPrefix(r.URL.Path, "/api/") {
			refused.Add(1)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"code":"Unavailable","description":"the database is not answering; try again shortly"}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)

	rec.expect("503")
	down.Store(true)
	if err := chromedp.Do(ctx, chromedp.Navigate(front.URL+"/?lang=en")); err != nil {
		t.Fatal(err)
	}
	waitJS(ctx, t, `!!document.body.dataset.loadError && document.getElementById('load-status').textContent.includes('Trying again')`)
	status := visibleText(ctx, t, "#load-status")
	if !strings.Contains(status, "the database is not answering") {
		t.Errorf("the load status says %q, want the API's description", status)
	}
	// Until the data comes, the page claims nothing of it: the note on the
	// boundaries (schematic, synthetic) is the data's (/api/city).
	if !pageEval[bool](ctx, t, `document.getElementById('schematic-note').hidden`) {
		t.Error("the note on the boundaries shows before the data says anything")
	}
	must(ctx, t, settle())
	screenshot(ctx, t, "outage.png")

	// It asks again by itself, as told by Retry-After.
	asked := refused.Load()
	time.Sleep(2500 * time.Millisecond)
	if refused.Load() <= asked {
		t.Errorf("the page did not ask again in 2.5 s (Retry-After: 1): %d requests refused, %d before", refused.Load(), asked)
	}

	// The database is back: the map draws, without a reload.
	down.Store(false)
	deadline, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(deadline, chromedp.Poll[bool](`document.body.dataset.ready === 'true' && document.body.dataset.zonesDrawn === '4'`,
		chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatalf("the page did not recover when the API came back: %v", err)
	}
	if pageEval[bool](ctx, t, `!document.getElementById('load-status').hidden || !!document.body.dataset.loadError`) {
		t.Error("the load error still shows after the page recovered")
	}
	if note := visibleText(ctx, t, "#schematic-note"); !strings.Contains(note, "Zone boundaries are schematic") {
		t.Errorf("after the recovery the note says %q, want that the boundaries are schematic", note)
	}
	if nav := pageEval[int](ctx, t, `performance.getEntriesByType('navigation').length`); nav != 1 {
		t.Errorf("%d navigations, want the one: the page recovered by reloading", nav)
	}
	rec.expect("")
	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, front.URL))
}

package main

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCSP serves the page under the policy the server is to send,
// default-src 'self' with nothing inline allowed, and drives it: the page
// draws, opens a zone, the chain and the siting view, and the browser
// refuses nothing (a refusal is logged, and the log must be clean).
func TestBrowserCSP(t *testing.T) {
	ctx, base, rec := browse(t, 1280, 800)
	desktop(ctx, t)
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)

	load(ctx, t, front.URL+"/?lang=en&seg=cathode")
	must(ctx, t, chromedp.Click(chromedp.CSS(`.zone-label[data-zone-id="longquan"]`)))
	waitVisible(ctx, t, `#tp-zones .zone-card[data-zone-id="longquan"] .zone-card__sources`)
	// The inline colours (a stage's dot, a zone's swatch) are set through
	// the CSSOM, which the policy allows; as attributes they would be refused.
	if bg := pageEval[string](ctx, t, `getComputedStyle(document.querySelector('#tp-zones .zone-card .swatch')).getPropertyValue('--swatch').trim()`); bg == "" {
		t.Error("the zone card's swatch has no colour under the policy")
	}
	must(ctx, t, chromedp.Click(chromedp.CSS(`#tab-chain`)))
	waitVisible(ctx, t, `.chain-svg`)
	load(ctx, t, front.URL+"/?lang=en&tab=siting&site=electrolyte&near=102.5,24.3")
	waitJS(ctx, t, `document.getElementById('siting-results').dataset.ready === 'electrolyte|en'`)
	must(ctx, t, settle())
	checkPageLog(t, rec, hostOf(t, front.URL))
}

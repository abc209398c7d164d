package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSitingParcels generates parcels into a data folder (parkmap
// gen), serves it, and asks the siting panel for the available parcels of
// at least 1 ha for an electrolyte plant: the panel lists them ranked with
// their score, their zone's score and place and the reasons, says they are
// synthetic (the API's note, from the parcels' geometry_accuracy), outlines
// them on the map, keeps the least area in the URL, and follows the
// language and a least area too large for any parcel.
func TestBrowserSitingParcels(t *testing.T) {
	dir := t.TempDir()
	args := []string{"gen", "--parcels", "500", "--seed", "4", "--out", dir}
	if err := run(context.Background(), args, func(string) string { return "" }, &strings.Builder{}, testWriter{t}); err != nil {
		t.Fatalf("parkmap %s: %v", strings.Join(args, " "), err)
	}
	ctx, base, rec := browse(t, 1280, 800, "--data", dir)
	desktop(ctx, t)
	load(ctx, t, base+"/?lang=en&tab=siting&site=electrolyte")
	waitJS(ctx, t, `document.getElementById('siting-results').dataset.ready === 'electrolyte|en'`)
	// Ask for parcels of at least 1 ha.
	pageEval[bool](ctx, t, `(() => { const i = document.getElementById('siting-parcels-area'); i.value = '1'; return true; })()`)
	must(ctx, t, chromedp.Click(chromedp.CSS(`#siting-parcels-find`)))
	waitURL(ctx, t, "spa", "1")
	waitJS(ctx, t, `document.getElementById('siting-parcels').dataset.ready === 'electrolyte|en|1'`)
	items := pageEval[[]string](ctx, t, `[...document.querySelectorAll('#siting-parcel-ranking > li')].map((li) => li.dataset.parcelId + ' ' + li.dataset.score + ' ' + li.dataset.accuracy)`)
	if len(items) != 10 {
		t.Fatalf("%d parcels listed, want 10: %q", len(items), items)
	}
	for _, it := range items {
		if !strings.HasSuffix(it, " synthetic") {
			t.Errorf("parcel %q is not marked synthetic", it)
		}
	}
	reveal := func(sel string) {
		// The panel scrolls, not the page, as a reader would scroll it.
		pageEval[bool](ctx, t, `(() => {
			const body = document.getElementById('panel-body');
			const el = document.querySelector('`+sel+`');
			body.scrollTop += el.getBoundingClientRect().top - body.getBoundingClientRect().top - 20;
			return true;
		})()`)
	}
	reveal("#siting-parcels-note")
	note := visibleText(ctx, t, "#siting-parcels-note")
	if !strings.Contains(note, "10 of the 10 parcels are synthetic") {
		t.Errorf("note = %q, want it to say the parcels are synthetic", note)
	}
	first := pageEval[string](ctx, t, `document.querySelector('#siting-parcel-ranking > li:first-child').textContent`)
	for _, want := range []string{"zone score", "ranked", "ha (at least 1 ha asked)", "km from", "A synthetic parcel (geometry_accuracy: synthetic)"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first parcel's entry lacks %q:\n%s", want, first)
		}
	}
	if n := pageEval[int](ctx, t, `document.querySelectorAll('path.siting-parcel').length`); n != 10 {
		t.Errorf("%d parcels outlined on the map, want 10", n)
	}
	// Choosing one zooms to it and marks it.
	must(ctx, t, chromedp.Click(chromedp.CSS(`#siting-parcel-ranking > li:first-child .rank-item__name`)))
	waitJS(ctx, t, `document.querySelector('#siting-parcel-ranking > li:first-child').classList.contains('is-chosen')`)
	must(ctx, t, settle())
	reveal("#siting-parcels-title")
	must(ctx, t, settle())
	screenshot(ctx, t, "siting-parcels.png")

	// Chinese, from the link.
	load(ctx, t, base+"/?lang=zh-Hans&tab=siting&site=electrolyte&spa=1")
	waitJS(ctx, t, `document.getElementById('siting-parcels').dataset.ready === 'electrolyte|zh|1'`)
	reveal("#siting-parcels-note")
	if note := visibleText(ctx, t, "#siting-parcels-note"); !strings.Contains(note, "合成地块") {
		t.Errorf("zh note = %q", note)
	}
	// No parcel is that big.
	load(ctx, t, base+"/?lang=en&tab=siting&site=electrolyte&spa=5000")
	waitJS(ctx, t, `document.getElementById('siting-parcels').dataset.ready === 'electrolyte|en|5000'`)
	reveal("#siting-parcels-none")
	if none := visibleText(ctx, t, "#siting-parcels-none"); !strings.Contains(none, "No available parcel of at least 5,000 ha") {
		t.Errorf("none = %q", none)
	}
	checkPageLog(t, rec, hostOf(t, base))
}

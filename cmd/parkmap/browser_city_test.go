package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// qujingDir is the synthetic second city (testdata/qujing/README.md).
var qujingDir = filepath.Join("testdata", "qujing")

// yuxi matches what a page about another city must not say: the bundled
// city's names, and the credit of its county boundaries.
var yuxi = regexp.MustCompile(`(?i)yuxi|玉溪|echarts|jaska|longquan|龙泉|hongta|红塔`)

// TestBrowserCity serves the synthetic Qujing folder from the embedded
// store (`serve --data`) and reads the map and the API as a planner from
// Qujing would: the title, header, credit and notes are Qujing's, the
// planned zone is drawn as planned, and nothing anywhere names Yuxi. The
// same checks run on PostGIS in TestImportCity, after Qujing's files were
// imported in every format.
func TestBrowserCity(t *testing.T) {
	chromium := chromiumPath(t)
	base := startServer(t, "--data", qujingDir)
	checkCityAPI(t, base)
	checkCityPage(t, chromium, base)
}

// checkCityAPI reads every JSON and HTML resource of a server holding the
// Qujing fixture: Qujing's names, title and credit, nothing of Yuxi.
func checkCityAPI(t *testing.T, base string) {
	t.Helper()
	var city struct {
		Name         map[string]string `json:"name"`
		Title        map[string]string `json:"title"`
		DefaultChain string            `json:"default_chain"`
		Attribution  string            `json:"attribution"`
		Synthetic    bool              `json:"synthetic"`
		Schematic    bool              `json:"schematic"`
	}
	r := get(t, "GET", base+"/api/city", nil)
	if err := json.Unmarshal(r.body, &city); err != nil {
		t.Fatalf("/api/city: %d %s: %v", r.status, r.body, err)
	}
	if city.Name["zh"] != "曲靖" || city.Name["en"] != "Qujing" || city.Title["zh"] != "曲靖光伏产业园区（合成数据）" ||
		city.DefaultChain != "pv" || !strings.Contains(city.Attribution, "synthetic rectangles") || !city.Synthetic || city.Schematic {
		t.Errorf("/api/city = %s", r.body)
	}
	want := map[string][]string{
		"/api":                                {"Qujing photovoltaic zones (synthetic data)", "Qujing's industrial zones", "The data is synthetic"},
		"/api?f=html":                         {"曲靖光伏产业园区（合成数据）", "曲靖的产业园区", "数据为合成数据"},
		"/api/openapi":                        {"parkmap: Qujing photovoltaic zones (synthetic data) · 曲靖光伏产业园区（合成数据）"},
		"/api/chain":                          {`"slug":"pv"`, `"parks":["QJ_luliang"]`},
		"/api/coverage":                       {"QJ_luliang", "pv-glass"},
		"/api/collections":                    {"parks", "counties"},
		"/api/collections/parks/items":        {"麒麟示例光伏园", "Luliang Sample Silicon Park", `"status":"planned"`},
		"/api/collections/parks/items?f=html": {"麒麟示例光伏园"},
		"/api/collections/parks/items/QJ_luliang":       {"陆良示例硅材料园"},
		"/api/collections/projects/items":               {"甲示例组件厂", "Yi Sample Silicon"},
		"/api/collections/counties/items":               {"麒麟区", "Luliang County"},
		"/api/collections/counties/items/530302?f=html": {"麒麟区"},
		"/api/sources":                      {"qujing-synthetic"},
		"/api/siting?segment=module":        {"qj-qilin"},
		"/api/locate?lon=103.8&lat=25.5":    {"530302", "qj-qilin"},
		"/api/config":                       nil,
		"/api/collections/parks/queryables": {"530322"},
	}
	for path, wants := range want {
		r := get(t, "GET", base+path, nil)
		if r.status != 200 {
			t.Errorf("GET %s: %d %.300s", path, r.status, r.body)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(string(r.body), w) {
				t.Errorf("GET %s lacks %q", path, w)
			}
		}
		if m := yuxi.Find(r.body); m != nil {
			i := strings.Index(string(r.body), string(m))
			t.Errorf("GET %s says %q: …%s…", path, m, r.body[max(0, i-80):min(len(r.body), i+80)])
		}
	}
}

// checkCityPage opens the map of a server holding the Qujing fixture in
// headless Chromium, in both languages and on every tab.
func checkCityPage(t *testing.T, chromium, base string) {
	t.Helper()
	rec := &pageRecorder{}
	ctx := newBrowser(t, chromium, rec, 1280, 800)
	saveFailureScreenshot(t, ctx)
	desktop(ctx, t)

	loadCity(ctx, t, base+"/?lang=zh-Hans&zone=QJ_luliang")
	if title := pageEval[string](ctx, t, `document.title`); title != "曲靖光伏产业园区（合成数据）" {
		t.Errorf("document.title = %q", title)
	}
	if h1 := visibleText(ctx, t, "#title"); h1 != "曲靖光伏产业园区（合成数据）" {
		t.Errorf("the header says %q", h1)
	}
	if label := pageEval[string](ctx, t, `document.getElementById('map').getAttribute('aria-label')`); label != "曲靖光伏产业园区（合成数据）地图" {
		t.Errorf("the map's label is %q", label)
	}
	if note := visibleText(ctx, t, "#schematic-note"); !strings.Contains(note, "合成数据") || strings.Contains(note, "示意") {
		t.Errorf("the note over the map says %q, want that the data is synthetic (and no schematic boundary)", note)
	}
	if credit := pageEval[string](ctx, t, `document.querySelector('.leaflet-control-attribution').textContent`); !strings.Contains(credit, "县界：parkmap test fixture: synthetic rectangles") {
		t.Errorf("the map credits %q, want Qujing's county credit", credit)
	}

	// The planned zone is drawn lighter with a dashed outline, and says so;
	// the operating one is neither.
	type look struct {
		Dash, Fill, Label string
	}
	looks := pageEval[map[string]look](ctx, t, `Object.fromEntries([...document.querySelectorAll('path.zone')].map((p) => [p.dataset.zoneId, {
		dash: p.getAttribute('stroke-dasharray') || '', fill: p.getAttribute('fill-opacity') || '',
		label: document.querySelector('.zone-label[data-zone-id="' + p.dataset.zoneId + '"]').textContent }]))`)
	if l := looks["QJ_luliang"]; l.Dash != "8 5" || l.Fill != "0.2" || !strings.HasPrefix(l.Label, "陆良示例硅材料园（规划）") {
		t.Errorf("the planned zone is drawn %+v, want dashed, fill-opacity 0.2, labelled planned", l)
	}
	if l := looks["qj-qilin"]; l.Dash != "" || l.Fill != "0.5" || strings.Contains(l.Label, "规划") {
		t.Errorf("the operating zone is drawn %+v, want solid, fill-opacity 0.5", l)
	}
	if legend := visibleText(ctx, t, "#legend"); !strings.Contains(legend, "规划园区（虚线、浅色）") || !strings.Contains(legend, "电池与组件") ||
		!strings.Contains(legend, "企业项目（合成数据）") {
		t.Errorf("the legend %q lacks the planned zone, Qujing's stages or its synthetic projects", legend)
	}
	if card := pageEval[string](ctx, t, `document.querySelector('.zone-card')?.textContent || ''`); !strings.Contains(card, "规划中") || !strings.Contains(card, "合成边界") {
		t.Errorf("the planned zone's card says %q", card)
	}

	// Every tab, as it renders; then the whole document, attributes and
	// hidden parts included, names no Yuxi.
	for _, tab := range []string{"chain", "coverage", "projects", "siting", "zones"} {
		must(ctx, t, chromedp.Evaluate[bool](fmt.Sprintf(`document.getElementById('tab-%s').click(), true`, tab)))
		waitJS(ctx, t, fmt.Sprintf(`document.getElementById('tp-%s').textContent.trim().length > 20`, tab))
	}
	waitJS(ctx, t, `document.getElementById('tp-coverage').textContent.includes('光伏玻璃')`)
	checkNoYuxi(ctx, t, "zh-Hans")

	// Outside every county, the siting panel says the point is not in Qujing.
	loadCity(ctx, t, base+"/?lang=zh-Hans&tab=siting&site=module&near=100.000000,20.000000")
	waitJS(ctx, t, `(document.getElementById('siting-point')?.textContent || '').includes('不在曲靖范围内')`)

	loadCity(ctx, t, base+"/?lang=en")
	if title := pageEval[string](ctx, t, `document.title`); title != "Qujing photovoltaic zones (synthetic data)" {
		t.Errorf("document.title in English = %q", title)
	}
	if note := visibleText(ctx, t, "#schematic-note"); !strings.Contains(note, "Synthetic data") {
		t.Errorf("the note in English says %q", note)
	}
	if label := pageEval[string](ctx, t, `document.querySelector('.zone-label[data-zone-id="QJ_luliang"]').textContent`); !strings.HasPrefix(label, "Luliang Sample Silicon Park (planned)") {
		t.Errorf("the planned zone's label in English is %q", label)
	}
	checkNoYuxi(ctx, t, "en")
	screenshot(ctx, t, "qujing.png")
	checkPageLog(t, rec, hostOf(t, base))
}

// checkNoYuxi fails when the page, its title, attributes and hidden parts
// included, names Yuxi.
func checkNoYuxi(ctx context.Context, t *testing.T, lang string) {
	t.Helper()
	html := pageEval[string](ctx, t, `document.documentElement.outerHTML`)
	if m := yuxi.FindStringIndex(html); m != nil {
		t.Errorf("the page (%s) says %q: …%s…", lang, html[m[0]:m[1]], html[max(0, m[0]-120):min(len(html), m[1]+120)])
	}
}

// loadCity opens the map at url and waits until it has drawn Qujing's two
// zones.
func loadCity(ctx context.Context, t *testing.T, url string) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, drawTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	state, err := chromedp.Run(wctx, chromedp.Poll[string](
		`document.body.dataset.loadError ? 'error: ' + document.body.dataset.loadError :
		 document.body.dataset.ready === 'true' ? document.body.dataset.zonesDrawn : ''`,
		chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		t.Fatalf("waiting for the zones to be drawn: %v", err)
	}
	if state != "2" {
		t.Fatalf("zonesDrawn = %q, want 2", state)
	}
}

// TestBrowserCityUnavailable opens the bundled map while /api/city alone
// fails: the page still draws, names no city, and still says from the
// zones themselves that their boundaries are schematic.
func TestBrowserCityUnavailable(t *testing.T) {
	ctx, base, rec := browse(t, 1280, 800)
	desktop(ctx, t)
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/city" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"code":"Unavailable","description":"the database is not answering"}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	rec.expect("503")
	load(ctx, t, front.URL+"/?lang=en")
	if title := pageEval[string](ctx, t, `document.title`); title != "Industrial zones and their chain segments" {
		t.Errorf("document.title = %q, want the title that names no city", title)
	}
	if note := visibleText(ctx, t, "#schematic-note"); !strings.Contains(note, "Zone boundaries are schematic") || strings.Contains(note, "Synthetic") {
		t.Errorf("the note says %q, want that the boundaries are schematic", note)
	}
	rec.expect("")
	checkPageLog(t, rec, hostOf(t, front.URL))
}

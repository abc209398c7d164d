// app.js starts the map page: it reads the view's state from the URL,
// picks the language, builds the map and the panel, loads the counties,
// zones, projects and chain from the API, draws them, and keeps the map,
// the panel and the URL in step as the reader works.
//
// For tests (and anyone curious), document.body.dataset tells what is on
// the page once it is: countiesDrawn, zonesDrawn, zonesDrawnMs (time from
// navigation to the zones drawn), ready; and performance marks named
// parkmap:* time the phases of the start (see them in the browser's
// performance panel, or in TestBrowserMap's log).

import * as i18n from './i18n.js';
import { getChain, getCity, getConfig, getCoverage, getItems, getSources } from './api.js';
import { Basemap } from './basemap.js';
import { ZoneLayer } from './zones.js';
import { declutter } from './labels.js';
import { ChainIndex, setCityName, shortName } from './chain.js';
import { mountLanguageSwitch } from './langswitch.js';
import { Store } from './urlstate.js';
import { Panel } from './panel.js';
import { ZonesPanel } from './zonespanel.js';
import { ChainView } from './chainview.js';
import { CoverageView } from './coverage.js';
import { ProjectLayer, renderProjectList } from './projects.js';
import { SitingPanel } from './siting.js';
import { Legend } from './legend.js';
import { ParcelLayer } from './parcels.js';
import {
  download, downloadFrom, EXPORTS, exportURL, stamp, toCSV, toGeoJSON,
} from './exporter.js';
import { SourceIndex } from './sources.js';
import { City } from './city.js';
import { h, fill } from './dom.js';

const L = window.L;

// How the map frames the zones on load: the zones with a margin around
// them, so the counties they sit in show too.
const FIT_PAD = 0.15;

// From this zoom the view is inside one county or two: the offline base
// map (county borders only) has nothing more to show, and the page says so.
const DETAIL_ZOOM = 12;

// How long the page waits before it asks again for data it could not load,
// when the server does not say (Retry-After): doubling from the first, up
// to the last.
const RETRY_FIRST_S = 2;
const RETRY_MAX_S = 30;

async function main() {
  const store = new Store();
  i18n.setLanguage(i18n.pickLanguage(store.state.lang, navigator.languages));
  store.set({ lang: i18n.language() }, { history: 'replace', source: 'init' });
  const status = document.getElementById('load-status');
  const app = document.getElementById('app');

  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const map = L.map('map', {
    zoomControl: false,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    minZoom: 6,
    // Deep enough to tell parcels of a few metres apart.
    maxZoom: 19,
    fadeAnimation: !reduceMotion,
    zoomAnimation: !reduceMotion,
    markerZoomAnimation: !reduceMotion,
  });
  const zoom = L.control.zoom({ position: 'topright' }).addTo(map);
  L.control.scale({ position: 'bottomleft', imperial: false, maxWidth: 120 }).addTo(map);

  // The title, the header and the credits are the data's (city.js).
  let city = new City(null);
  const chrome = () => {
    const lang = i18n.language();
    document.documentElement.lang = lang;
    document.body.dataset.lang = lang;
    i18n.localize(document);
    city.present(document);
    localizeZoom(zoom);
  };
  i18n.onChange(chrome);
  chrome();
  mountLanguageSwitch(document.getElementById('lang-switch'), (lang) => store.set({ lang }));

  // The panel opens by default beside the map; on a phone it starts
  // folded, unless the link asked for a tab, a zone or a siting.
  const hinted = ['tab', 'zone', 'site'].some((k) => store.hinted.has(k));
  const panel = new Panel(app, {
    onTab: (tab, { toggle }) => {
      if (panel.isNarrow()) {
        store.set(toggle ? { panel: 'closed' } : { tab, panel: 'open' });
      } else {
        store.set({ tab, panel: store.state.panel === 'closed' ? '' : store.state.panel });
      }
    },
    onOpen: (open) => store.set({ panel: open ? 'open' : 'closed' }),
  });
  const isOpen = (s) => (s.panel ? s.panel === 'open' : !panel.isNarrow() || hinted);
  panel.update({ tab: store.state.tab, open: isOpen(store.state) });

  const basemap = new Basemap(map);
  performance.mark('parkmap:start');
  const data = await loadData(status);
  if (!data) return;
  performance.mark('parkmap:data');
  city = City.fromData(data.cityDoc, data.parks);
  setCityName(city.nameZH());
  chrome();
  basemap.setCredit(() => city.credit());
  const sources = new SourceIndex(data.sourcesDoc);

  // Frame the view first (Leaflet draws nothing on a map without one): the
  // link's view, or the zones with the counties around them.
  const zoneBounds = L.geoJSON(data.parks).getBounds();
  // framing is true while the page moves the map by itself (framing the
  // zones, following a resize), so that the view goes into the URL only
  // once the reader has moved it. Leaflet fires moveend inside
  // invalidateSize and fitBounds, so both run quietly.
  let framing = false;
  const quietly = (fn) => {
    const was = framing;
    framing = true;
    try {
      fn();
    } finally {
      framing = was;
    }
  };
  const frame = () => quietly(() => {
    const bounds = zoneBounds.isValid() ? zoneBounds.pad(FIT_PAD) : L.geoJSON(data.counties).getBounds();
    if (bounds.isValid()) {
      // Room at the top for the schematic note, at the bottom for the sheet.
      map.fitBounds(bounds, { paddingTopLeft: [24, 56], paddingBottomRight: [24, 24 + panel.covered()], animate: false });
    } else {
      map.setView([0, 0], 2);
    }
  });
  const s0 = store.state;
  if (s0.at) map.setView([s0.at.lat, s0.at.lon], s0.at.zoom, { animate: false });
  else frame();

  // Draw the base map, the zones and the projects.
  const nCounties = basemap.draw(data.counties);
  performance.mark('parkmap:counties');
  document.body.dataset.countiesDrawn = String(nCounties);
  const chain = new ChainIndex(data.chainDoc);
  const countiesByCode = basemap.byCode();
  let siting = null;
  let zonesPanel = null;
  const zones = new ZoneLayer(map, {
    chain,
    // On the Siting tab a zone chooses whose links the map draws; elsewhere
    // it opens the zone's card.
    onSelect: (id) => {
      if (store.state.tab === 'siting' && siting?.ranks()) {
        store.set({ sz: id });
        siting.reveal(id);
      } else {
        selectZone(id, {});
      }
    },
    onHover: (id) => {
      zones.setHover(id);
      zonesPanel?.setHover(id);
    },
  });
  const nZones = zones.draw(data.parks);
  performance.mark('parkmap:zones');
  const zoneName = (id) => {
    const f = zones.feature(id);
    return f ? i18n.name(f.properties) : id;
  };
  const zoneShort = (id, p) => {
    const props = p || zones.feature(id)?.properties;
    return props ? shortName(props, i18n.language()) : id;
  };
  const projects = new ProjectLayer(map, { chain, zoneName, sources });
  const { placed, unplaced } = projects.draw(data.projects);
  const projectsIn = (id) => data.projects.features.filter((f) => f.properties.park === id);

  // Labels: zone labels beside their zones, county names out of their way.
  const relayout = () => declutter({
    zones: zones.labelTargets(),
    countyLabels: basemap.labelElements(),
    frame: map.getContainer(),
    // Zone labels keep off the lines' labels, the markers and the map's
    // controls (the legend, the note).
    obstacles: [
      ...map.getContainer().querySelectorAll(
        '.siting-label, .project-marker, .near-marker, .leaflet-control-zoom, .leaflet-control-layers, .legend'),
      document.getElementById('schematic-note'),
    ],
  });
  // After a zoom or a pan (Leaflet ends both with moveend): a pan brings
  // other zones into view, whose labels are laid out, or hidden when too
  // many.
  map.on('moveend', relayout);
  i18n.onChange(relayout);
  // When the panel folds, widens or narrows, or the sheet rises over the
  // map on a phone, the map follows: it frames the zones again until the
  // reader has moved it, and keeps its centre after; the open zone stays in
  // view. Zone labels take short names on a narrow map.
  const COMPACT_BELOW = 700;
  zones.setCompact(map.getSize().x < COMPACT_BELOW);
  const refit = () => {
    const moved = !!store.state.at;
    quietly(() => map.invalidateSize(moved ? { animate: false } : { pan: false }));
    zones.setCompact(map.getSize().x < COMPACT_BELOW);
    map.getContainer().classList.toggle('is-compact', map.getSize().x < COMPACT_BELOW);
    if (!moved) {
      frame();
      if (store.state.zone) revealZone(store.state.zone);
    }
    relayout();
  };
  const resized = new ResizeObserver(() => refit());
  resized.observe(map.getContainer());
  resized.observe(app.querySelector('.panel'));

  performance.mark('parkmap:projects');
  document.body.dataset.zonesDrawn = String(nZones);
  document.body.dataset.zonesDrawnMs = String(Math.round(performance.now()));
  status.hidden = true;
  // Let the browser paint the zones before the county names are placed.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  basemap.labelNames();
  performance.mark('parkmap:countyNames');

  // Map controls: the legend, and the layers (an online base map only when
  // the server is configured with one, and never on by default).
  const syntheticProjects = placed.length > 0 && placed.every((f) => f.properties.geometry_accuracy === 'synthetic');
  new Legend(chain, { dataDate: sources.dataDate, syntheticProjects }).addTo(map);
  // The land parcels, as vector tiles from the zoom the server says, when
  // the server serves tiles and holds parcels.
  const parcels = data.config?.parcels ? new ParcelLayer(map, {
    minZoom: data.config.parcels.min_zoom,
    chain,
    sources,
    zoneName,
    clickable: () => store.state.tab !== 'siting',
    state: store.state,
    onState: (changes) => store.set(changes),
  }) : null;
  parcels?.start().catch((err) => console.warn('parkmap: parcels:', err));
  store.subscribe((changed, s) => {
    if (['pc', 'pa', 'pha', 'pseg'].some((k) => changed.has(k))) parcels?.update(s);
  });
  const layers = baseLayers(map, data.config, basemap, projects, (base) => store.set({ base }));

  // The panel's tabs.
  zonesPanel = new ZonesPanel(panel.panelFor('zones'), {
    chain,
    zones,
    counties: countiesByCode,
    sources,
    projectsIn,
    onSelect: (id, opts) => selectZone(id, opts),
    onFilter: (slugs) => store.set({ seg: slugs }),
    onHover: (id) => zones.setHover(id),
    onExport: (kind) => exportZones(kind),
  });
  const toggleSegment = (slug) => {
    const set = new Set(store.state.seg);
    if (set.has(slug)) set.delete(slug); else set.add(slug);
    store.set({ seg: chain.sortSlugs([...set]) });
  };
  const chainView = new ChainView(panel.panelFor('chain'), { chain, zoneShort: (id) => zoneShort(id), sources, onToggle: toggleSegment });
  const coverage = new CoverageView(panel.panelFor('coverage'), {
    chain, load: () => getCoverage(), zoneShort, onToggle: toggleSegment,
  });
  const projectList = () => renderProjectList(panel.panelFor('projects'), {
    placed, unplaced, chain, zoneName, sources,
    onShow: (id) => {
      if (panel.isNarrow()) store.set({ panel: 'closed' });
      const f = data.projects.features.find((p) => String(p.id) === id);
      if (f?.geometry) map.panTo([f.geometry.coordinates[1], f.geometry.coordinates[0]], { animate: !reduceMotion });
      projects.open(id);
    },
  });
  projectList();
  i18n.onChange(projectList);
  siting = new SitingPanel(panel.panelFor('siting'), {
    map, chain, zones,
    cityName: () => city.name(),
    onState: (changes) => store.set(changes),
    onOpenZone: (id) => selectZone(id, { fromList: true }),
    onRanked: () => emphasise(),
    onDrawn: () => relayout(),
  });

  // Clicking the map while siting sets the point of interest.
  map.on('click', (e) => {
    if (store.state.tab === 'siting') store.set({ near: [e.latlng.lng, e.latlng.lat] });
  });

  // The subtitle counts what the map shows, and says how recent it is.
  const counts = () => {
    const subtitle = document.getElementById('subtitle');
    fill(subtitle,
      i18n.t('subtitle.counts', { zones: nZones, counties: nCounties, projects: placed.length + unplaced.length }),
      sources.dataDate && ' · ',
      sources.dataDate && h('span', { class: 'bar__date', id: 'data-date', 'data-date': sources.dataDate },
        i18n.t('subtitle.date', { date: i18n.date(sources.dataDate) })));
  };
  i18n.onChange(counts);
  counts();

  function selectZone(id, { fromList = false, back = false } = {}) {
    if (!id) {
      const was = store.state.zone;
      store.set({ zone: '' });
      if (back && was) zonesPanel.focusItem(was);
      return;
    }
    const s = store.state;
    store.set({
      zone: id,
      tab: 'zones',
      panel: panel.isNarrow() ? 'open' : s.panel === 'closed' ? '' : s.panel,
    });
    // The zone comes into view once the panel has taken its place (the
    // sheet rising over it on a phone, the panel unfolding beside it).
    requestAnimationFrame(() => revealZone(id, { animate: fromList }));
    panel.panelFor('zones').scrollTop = 0;
    app.querySelector('.panel__body').scrollTop = 0;
    zonesPanel.focusCard();
  }

  // revealZone pans the map, if need be, so that a zone is in view and not
  // under the bottom sheet or the schematic note. Until the reader has moved
  // the map, the page's view follows from the URL's state alone: the pan is
  // quiet, and made at once.
  function revealZone(id, { animate = true } = {}) {
    const b = zones.bounds([id]);
    if (!b.isValid()) return;
    const note = document.getElementById('schematic-note');
    const top = Math.max(60, note ? note.getBoundingClientRect().bottom - map.getContainer().getBoundingClientRect().top + 40 : 0);
    const moved = !!store.state.at;
    const pan = () => map.panInside(b.getCenter(), {
      paddingTopLeft: [60, top],
      paddingBottomRight: [60, 60 + panel.covered()],
      animate: moved && animate && !reduceMotion,
    });
    if (moved) pan(); else quietly(pan);
  }

  function filtered() {
    const seg = store.state.seg;
    if (seg.length === 0) return null;
    const known = new Set(zones.ids());
    return new Set(seg.flatMap((slug) => chain.hosts(slug)).filter((id) => known.has(id)));
  }

  function exportIds() {
    const hl = filtered();
    return zones.inView().filter((id) => !hl || hl.has(id));
  }

  function exportZones(kind) {
    const features = exportIds().map((id) => zones.feature(id));
    const seg = store.state.seg.length ? `-${store.state.seg.join('+')}` : '';
    const base = `parkmap-zones-${stamp()}${seg}`;
    const server = EXPORTS.find((e) => e.kind === kind && e.f);
    if (server) {
      // The API's zones meeting the view: those whose outline crosses it,
      // where the count above takes those whose box does.
      const b = map.getBounds();
      const url = exportURL(server.f, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], store.state.seg);
      downloadFrom(`${base}.${server.ext}`, url).catch((err) => {
        console.error('parkmap: export:', err);
        zonesPanel.exportFailed(err.message);
      });
    } else if (kind === 'csv') download(`${base}.csv`, toCSV(features, countiesByCode), 'text/csv;charset=utf-8');
    else download(`${base}.geojson`, toGeoJSON(features), 'application/geo+json');
  }

  // emphasise shows on the map what the open view is about: the siting
  // ranking on the Siting tab, else the segment filter.
  let ranksKey = '';
  function emphasise() {
    const s = store.state;
    const ranks = siting.ranks();
    const key = ranks ? [...ranks].map(([id, r]) => `${id}:${r}`).join(',') : '';
    if (key !== ranksKey) {
      ranksKey = key;
      zones.setRanks(ranks);
      relayout();
    }
    const hl = filtered();
    if (ranks) {
      const best = siting.best();
      zones.setEmphasis(best, { best, fade: false });
    } else {
      zones.setEmphasis(hl);
    }
    zonesPanel.update({ seg: s.seg, zone: s.zone, highlight: hl, inView: exportIds() });
    document.body.dataset.highlighted = String(hl ? hl.size : 0);
  }

  // apply shows the state on the page; changed is the set of keys that
  // changed (all of them at the start).
  function apply(changed, s, meta = {}) {
    if (changed.has('lang')) i18n.setLanguage(i18n.pickLanguage(s.lang, navigator.languages));
    if (changed.has('tab') || changed.has('panel')) panel.update({ tab: s.tab, open: isOpen(s) });
    if (changed.has('tab')) {
      if (s.tab === 'chain') chainView.show();
      if (s.tab === 'coverage') coverage.show();
    }
    if (changed.has('zone')) zones.setSelected(s.zone);
    if (changed.has('seg')) {
      chainView.setSelected(s.seg);
      coverage.setSelected(s.seg);
    }
    if (changed.has('base')) layers.setBase(s.base);
    if (changed.has('at') && meta.source !== 'map' && s.at) {
      map.setView([s.at.lat, s.at.lon], s.at.zoom, { animate: false });
    }
    if (['tab', 'site', 'near', 'w', 'sz', 'spa', 'lang'].some((k) => changed.has(k))) {
      siting.update({ tab: s.tab, site: s.site, near: s.near, w: s.w, sz: s.sz, spa: s.spa });
    }
    emphasise();
  }
  store.subscribe(apply);
  apply(new Set(['lang', 'tab', 'panel', 'zone', 'seg', 'base', 'site', 'near', 'w', 'sz', 'spa']), store.state);

  // Zoomed in past what the counties can show, the page says why the map
  // is a blank plane, and offers the online base map if there is one.
  const detail = detailHint(map, { online: !!data.config?.tiles, onOnline: () => store.set({ base: 'online' }) });
  const hint = () => detail.update(map.getZoom() >= DETAIL_ZOOM && store.state.base !== 'online');
  map.on('zoomend', hint);
  store.subscribe((changed) => {
    if (changed.has('base')) hint();
  });
  hint();

  // From now on, the view goes into the URL as the reader pans and zooms.
  map.on('moveend', () => {
    if (!framing) {
      const c = map.getCenter();
      store.set({ at: { zoom: map.getZoom(), lat: c.lat, lon: c.lng } }, { history: 'replace', source: 'map' });
    }
    emphasise(); // the zones in view, for the export
  });
  refit();
  performance.mark('parkmap:ready');
  document.body.dataset.ready = 'true';
}

// loadData fetches what the page draws. When the API cannot answer (the
// database is down: a 503, or no answer at all) it says so over the map
// and asks again, after the server's Retry-After or a growing pause, or at
// once when the reader presses Retry; it returns the data once it has it.
// An answer that will not change by asking again (a 4xx) ends it: null.
async function loadData(status) {
  for (let attempt = 0; ; attempt++) {
    try {
      // index.html preloads these same URLs: keep the two in step.
      const [counties, parks, chainDoc, projects, config, sourcesDoc, cityDoc] = await Promise.all([
        getItems('counties', { limit: 100 }),
        getItems('parks'),
        getChain(),
        getItems('projects'),
        // The page works without these: offline only, citations as text.
        getConfig().catch(() => ({ tiles: null })),
        getSources().catch(() => null),
        getCity().catch(() => null),
      ]);
      if (attempt > 0) {
        status.classList.remove('load-status--error');
        status.hidden = true;
        delete document.body.dataset.loadError;
        delete document.body.dataset.loadRetry;
      }
      return { counties, parks, chainDoc, projects, config, sourcesDoc, cityDoc };
    } catch (err) {
      console.error('parkmap:', err);
      const again = !err.status || err.status >= 500 || err.status === 429;
      const wait = err.retryAfter || Math.min(RETRY_MAX_S, RETRY_FIRST_S * 2 ** attempt);
      const message = i18n.t('error.load', { message: err.description || err.message });
      delete status.dataset.i18n;
      status.hidden = false;
      status.classList.add('load-status--error');
      document.body.dataset.loadError = err.message;
      document.body.dataset.loadRetry = again ? String(wait) : '';
      if (!again) {
        fill(status, message);
        return null;
      }
      await retryAfter(status, message, wait);
    }
  }
}

// retryAfter shows message with a countdown of seconds and a Retry button,
// and resolves when the countdown ends or the button is pressed.
function retryAfter(status, message, seconds) {
  return new Promise((resolve) => {
    let left = seconds;
    const when = h('span', { class: 'load-status__when' });
    const button = h('button', { type: 'button', class: 'link-button load-status__retry' }, i18n.t('error.retryNow'));
    const show = () => {
      when.textContent = i18n.t('error.retryIn', { n: left });
    };
    const timer = setInterval(() => {
      left--;
      if (left <= 0) done(); else show();
    }, 1000);
    const done = () => {
      clearInterval(timer);
      when.textContent = i18n.t('loading.short');
      button.remove();
      resolve();
    };
    button.addEventListener('click', done);
    show();
    fill(status, h('span', {}, message), ' ', when, ' ', button);
  });
}

// detailHint is the note shown over the map when it is zoomed in past what
// the offline base map can show; it returns {update(show)}.
function detailHint(map, { online, onOnline }) {
  const box = h('p', { class: 'detail-hint', id: 'detail-hint', role: 'status', hidden: true });
  document.querySelector('.map-notices').append(box);
  const render = () => fill(box,
    h('span', {}, i18n.t(online ? 'detail.why' : 'detail.whyOffline')),
    online && ' ',
    online && h('button', { type: 'button', class: 'link-button', 'data-base': 'online' }, i18n.t('detail.online')));
  box.addEventListener('click', (e) => {
    if (e.target.closest('button[data-base]')) onOnline();
  });
  i18n.onChange(render);
  render();
  return {
    update(show) {
      box.hidden = !show;
      document.body.dataset.detailHint = String(show);
    },
  };
}

// baseLayers adds the layers control: the projects overlay always; the
// offline and online base maps when the server offers an online one. It
// returns {setBase(base)} to switch the base map from the URL's state.
function baseLayers(map, config, basemap, projects, onBase) {
  const tiles = config && config.tiles;
  const offline = L.layerGroup();
  const online = tiles
    ? L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.max_zoom || 18, pane: 'tilePane' })
    : null;
  if (online) offline.addTo(map);
  let control = null;
  const build = () => {
    control?.remove();
    const bases = online ? { [i18n.t('layers.offline')]: offline, [i18n.t('layers.online')]: online } : {};
    control = L.control.layers(bases, { [i18n.t('layers.projects')]: projects.layer }, { position: 'topright' }).addTo(map);
    const el = control.getContainer();
    el.id = 'layers';
    const toggle = el.querySelector('.leaflet-control-layers-toggle');
    toggle.setAttribute('aria-label', i18n.t('layers.title'));
    toggle.setAttribute('title', i18n.t('layers.title'));
    toggle.setAttribute('role', 'button');
  };
  build();
  i18n.onChange(build);
  map.on('baselayerchange', (e) => {
    basemap.setTranslucent(e.layer === online);
    onBase(e.layer === online ? 'online' : '');
  });
  return {
    setBase(base) {
      if (!online) return;
      const want = base === 'online' ? online : offline;
      const other = want === online ? offline : online;
      if (map.hasLayer(other)) map.removeLayer(other);
      if (!map.hasLayer(want)) map.addLayer(want);
      basemap.setTranslucent(want === online);
      build();
    },
  };
}

// localizeZoom gives Leaflet's zoom buttons their names in the current
// language; Leaflet only sets English ones.
function localizeZoom(control) {
  const box = control.getContainer();
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', i18n.t('zoom.group'));
  for (const [selector, key] of [['.leaflet-control-zoom-in', 'zoom.in'], ['.leaflet-control-zoom-out', 'zoom.out']]) {
    const button = box.querySelector(selector);
    button.setAttribute('title', i18n.t(key));
    button.setAttribute('aria-label', i18n.t(key));
  }
}

main();

// siting.js is the investor's panel (Siting tab): choose the segment of the
// plant to build and, if it matters, a point on the map (a port, a town, a
// mine); GET api/siting ranks the zones for it, each with a score bar and
// the reasons in plain words. On the map, the best zones stand out, every
// zone shows its rank, and lines run from the chosen zone to the zones
// that host its suppliers and customers, labelled with their distances.
// A folded "Weights" section lets the investor weigh the score's parts
// (plan, suppliers, customers, point) differently; the weights live in the
// URL when they are not the defaults.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';
import { DEFAULT_WEIGHTS, SITING_WEIGHTS, getLocate, getSiting } from './api.js';
import { sameWeights } from './urlstate.js';
import { SegmentPicker } from './segmentpicker.js';
import { SitingParcels } from './sitingparcels.js';

const L = window.L;

// The line colours: material coming in from suppliers, going out to customers.
const COLOURS = { supplier: '#1d5fa8', customer: '#b5470b', both: '#4a5560', near: '#1f2a33' };

// A zone within this many points of the best one is one of the best.
const BEST_WITHIN = 5;

// How long the weights rest before the zones are ranked again (ms).
const REWEIGH_AFTER = 250;

// The i18n keys of the weights' labels, in the order of SITING_WEIGHTS.
const WEIGHT_LABELS = ['siting.cPlan', 'siting.cSuppliers', 'siting.cCustomers', 'siting.cNear'];

/** SitingPanel fills root with the siting tab and draws its overlay on the map. */
export class SitingPanel {
  /**
   * zones is the ZoneLayer. onState(changes) asks the page to change the
   * view's state (site, near, w, sz); onOpenZone(id) to open a zone's card;
   * onRanked() is told when the ranking shown changes, onDrawn() when the
   * overlay has been redrawn.
   */
  constructor(root, { map, chain, zones, cityName = () => '', onState, onOpenZone, onRanked, onDrawn = () => {} }) {
    this.root = root;
    this.cityName = cityName; // the city's name in the current language, '' when unknown
    this.map = map;
    this.chain = chain;
    this.zones = zones;
    this.onState = onState;
    this.onOpenZone = onOpenZone;
    this.onRanked = onRanked;
    this.onDrawn = onDrawn;
    this.state = { site: '', near: null, w: null, sz: '', spa: null, tab: '' };
    this.weightsOpen = false; // whether the Weights section is unfolded
    this.weightsTimer = 0; // the pending re-rank while the weights move
    this.doc = null; // the ranking shown
    this.error = null;
    this.key = '';
    this.located = null;
    this.locateKey = '';
    map.createPane('siting').style.zIndex = '450';
    this.overlay = L.layerGroup().addTo(map);
    this.parcels = new SitingParcels({ map, onState });
    this.picker = new SegmentPicker({
      chain, mode: 'single', name: 'siting-segment', open: true,
      onChange: ([slug]) => this.onState({ site: slug || '', sz: '' }),
    });
    this.build();
    i18n.onChange(() => {
      this.build();
      this.refresh();
    });
  }

  /** active says whether the siting view is on (its tab is open). */
  get active() {
    return this.state.tab === 'siting';
  }

  build() {
    this.pointBox = h('div', { class: 'siting-point__box' });
    this.results = h('div', { class: 'siting-results', id: 'siting-results' });
    this.announce = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    this.buildWeights();
    fill(this.root,
      h('p', { class: 'panel-intro' }, i18n.t('siting.intro')),
      h('section', { class: 'siting-segment', 'aria-labelledby': 'siting-segment-title' },
        h('h2', { class: 'panel-h', id: 'siting-segment-title' }, i18n.t('siting.segment')),
        this.picker.el),
      h('section', { class: 'siting-point', 'aria-labelledby': 'siting-point-title' },
        h('h2', { class: 'panel-h', id: 'siting-point-title' }, i18n.t('siting.point')),
        this.pointBox),
      h('section', { class: 'siting-weights-section' }, this.weightsBox),
      this.results,
      this.parcels.el,
      this.announce,
    );
    this.pointBox.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      if (b.dataset.action === 'clear') this.onState({ near: null });
      if (b.dataset.action === 'centre') {
        const c = this.map.getCenter();
        this.onState({ near: [c.lng, c.lat] });
      }
    });
    this.results.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      if (b.dataset.choose) this.onState({ sz: b.dataset.choose });
      if (b.dataset.openZone) this.onOpenZone(b.dataset.openZone);
    });
    this.results.addEventListener('mouseover', (e) => {
      const li = e.target.closest('li[data-zone-id]');
      this.zones.setHover(li ? li.dataset.zoneId : null);
    });
    this.results.addEventListener('mouseleave', () => this.zones.setHover(null));
    this.renderPoint();
    this.renderWeights();
    this.renderResults();
  }

  // buildWeights makes the folded Weights section: a slider for each part
  // of the score, and a button back to the defaults.
  buildWeights() {
    this.weightInputs = SITING_WEIGHTS.map((name, i) => h('input', {
      type: 'range', id: `siting-w-${name}`, class: 'weight__input', min: '0', max: '1', step: '0.05',
      'data-index': i, 'aria-describedby': name === 'near' ? 'siting-w-near-hint' : null,
    }));
    this.weightOutputs = SITING_WEIGHTS.map((name) => h('output', { class: 'weight__value', for: `siting-w-${name}` }));
    this.weightsCustom = h('span', { class: 'siting-weights__custom' });
    this.nearHint = h('p', { class: 'muted small siting-weights__hint', id: 'siting-w-near-hint' }, i18n.t('siting.wNearOff'));
    this.weightsBox = h('details', { class: 'siting-weights', id: 'siting-weights', open: this.weightsOpen },
      h('summary', { class: 'siting-weights__summary' },
        h('span', { class: 'panel-h siting-weights__title' }, i18n.t('siting.wTitle')), this.weightsCustom),
      h('div', { class: 'siting-weights__body' },
        h('p', { class: 'muted small' }, i18n.t('siting.wIntro')),
        SITING_WEIGHTS.map((name, i) => h('div', { class: 'weight' },
          h('label', { class: 'weight__label', for: `siting-w-${name}` }, i18n.t(WEIGHT_LABELS[i])),
          this.weightInputs[i],
          this.weightOutputs[i])),
        this.nearHint,
        h('div', { class: 'button-row' },
          h('button', { type: 'button', class: 'button button--small', id: 'siting-w-reset' }, i18n.t('siting.wReset')))));
    this.weightsBox.addEventListener('toggle', () => {
      this.weightsOpen = this.weightsBox.open;
    });
    this.weightsBox.addEventListener('input', (e) => {
      if (!e.target.matches('.weight__input')) return;
      const w = this.weightInputs.map((el) => Number(el.value));
      this.showWeights(w);
      clearTimeout(this.weightsTimer);
      this.weightsTimer = setTimeout(() => {
        this.weightsTimer = 0;
        this.onState({ w: sameWeights(w, DEFAULT_WEIGHTS) ? null : w });
      }, REWEIGH_AFTER);
    });
    this.weightsBox.querySelector('#siting-w-reset').addEventListener('click', () => {
      clearTimeout(this.weightsTimer);
      this.weightsTimer = 0;
      this.onState({ w: null });
      this.renderWeights();
    });
  }

  // renderWeights sets the sliders to the view's weights, unless the
  // investor is moving them.
  renderWeights() {
    const near = !!this.state.near;
    const i = SITING_WEIGHTS.indexOf('near');
    this.weightInputs[i].disabled = !near;
    this.nearHint.hidden = near;
    if (this.weightsTimer) return;
    const w = this.state.w || DEFAULT_WEIGHTS;
    this.weightInputs.forEach((el, j) => {
      el.value = String(w[j]);
    });
    this.showWeights(w);
  }

  // showWeights writes the weights beside their sliders and says, on the
  // folded section, whether they are the defaults.
  showWeights(w) {
    this.weightOutputs.forEach((el, j) => {
      el.value = i18n.number(w[j], 2);
    });
    this.weightsCustom.textContent = sameWeights(w, DEFAULT_WEIGHTS) ? '' : i18n.t('siting.wCustom');
  }

  /** update shows the view's state: {tab, site, near, w, sz, spa, lang}. */
  update(state) {
    const was = this.state.site;
    this.state = { ...this.state, ...state };
    // A link with its own weights shows them unfolded.
    if (this.state.w && !this.sawWeights) {
      this.sawWeights = true;
      this.weightsOpen = true;
      this.weightsBox.open = true;
    }
    this.picker.set(this.state.site ? [this.state.site] : []);
    // The list of segments folds away once one is chosen, to leave room
    // for the ranking; it unfolds when none is.
    if (this.state.site !== was) this.picker.setOpen(!this.state.site);
    this.map.getContainer().classList.toggle('is-picking', this.active);
    this.refresh();
    const { site, near, w, spa } = this.state;
    this.parcels.update({ site, near, w, spa, active: this.active });
  }

  // refresh fetches what the state needs and redraws.
  refresh() {
    const { site, near, w } = this.state;
    if (this.active && site) {
      const lang = i18n.language() === 'en' ? 'en' : 'zh';
      const key = [site, near ? near.map((c) => c.toFixed(5)).join(',') : '', lang, w ? w.join(',') : ''].join('|');
      if (key !== this.key) {
        this.key = key;
        this.fetch(site, near, lang, w, key);
      }
    } else if (!site && (this.doc || this.error)) {
      this.doc = null;
      this.error = null;
      this.key = '';
    }
    if (this.active && near) {
      const k = near.map((c) => c.toFixed(5)).join(',');
      if (k !== this.locateKey) {
        this.locateKey = k;
        this.located = null;
        getLocate(near).then((loc) => {
          if (this.locateKey === k) {
            this.located = loc;
            this.renderPoint();
          }
        }).catch(() => {
          // Where the point lies is a nicety: without it the panel says less.
        });
      }
    }
    this.renderPoint();
    this.renderWeights();
    this.renderResults();
    this.draw();
    this.onRanked();
  }

  fetch(site, near, lang, weights, key) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.loading = true;
    this.error = null;
    getSiting(site, { near, lang, weights }, { signal: controller.signal })
      .then((doc) => {
        if (this.key !== key) return;
        this.doc = doc;
        this.error = null;
      })
      .catch((err) => {
        if (err.name === 'AbortError' || this.key !== key) return;
        this.doc = null;
        this.error = err.description || err.message;
      })
      .finally(() => {
        if (this.key !== key) return;
        this.loading = false;
        this.renderResults();
        this.draw();
        this.onRanked();
      });
    this.renderResults();
  }

  /** reveal scrolls a zone's place in the ranking into view. */
  reveal(id) {
    this.results.querySelector(`li[data-zone-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }

  /** chosen returns the ranked zone whose links the map draws. */
  chosen() {
    const results = this.doc?.results || [];
    return results.find((r) => r.park === this.state.sz) || results[0] || null;
  }

  /** ranks returns each zone's rank (a Map), or null when no ranking is shown. */
  ranks() {
    if (!this.active || !this.doc) return null;
    return new Map(this.doc.results.map((r, i) => [r.park, i + 1]));
  }

  /** best returns the best-ranked zones (a Set), or null. */
  best() {
    if (!this.active || !this.doc || this.doc.results.length === 0) return null;
    const top = this.doc.results[0].score;
    return new Set(this.doc.results.filter((r) => r.score >= top - BEST_WITHIN).map((r) => r.park));
  }

  renderPoint() {
    const { near } = this.state;
    if (!near) {
      fill(this.pointBox,
        h('p', { class: 'muted small' }, i18n.t('siting.pointHint')),
        h('div', { class: 'button-row' },
          h('button', { type: 'button', class: 'button button--small', 'data-action': 'centre' }, i18n.t('siting.useCentre'))),
      );
      return;
    }
    const loc = this.located;
    let where = '';
    if (loc) {
      const zone = loc.park && this.zones.feature(loc.park);
      if (zone) where = i18n.t('siting.inZone', { zone: i18n.name(zone.properties) });
      else if (loc.county) where = i18n.t('siting.inCounty', { county: i18n.name(loc.county) });
      else where = this.cityName() ? i18n.t('siting.outside', { city: this.cityName() }) : i18n.t('siting.outsideAny');
    }
    fill(this.pointBox,
      h('p', { class: 'siting-point__where', id: 'siting-point' },
        h('span', { class: 'pin-glyph', 'aria-hidden': 'true' }),
        h('span', {},
          h('strong', {}, i18n.t('siting.coords', {
            lat: `${Math.abs(near[1]).toFixed(4)}° ${near[1] >= 0 ? 'N' : 'S'}`,
            lon: `${Math.abs(near[0]).toFixed(4)}° ${near[0] >= 0 ? 'E' : 'W'}`,
          })),
          where && h('span', { class: 'muted' }, ` · ${where}`))),
      h('p', { class: 'muted small' }, i18n.t('siting.pointSet')),
      h('div', { class: 'button-row' },
        h('button', { type: 'button', class: 'button button--small', 'data-action': 'clear', id: 'siting-clear' }, i18n.t('siting.clear')),
        h('button', { type: 'button', class: 'button button--small button--quiet', 'data-action': 'centre' }, i18n.t('siting.useCentre'))),
    );
  }

  renderResults() {
    const { site } = this.state;
    delete this.results.dataset.ready;
    delete this.results.dataset.weights;
    if (!site) {
      fill(this.results, h('p', { class: 'callout' }, i18n.t('siting.choose')));
      return;
    }
    if (this.error) {
      fill(this.results, h('p', { class: 'callout callout--error', role: 'alert' }, this.error));
      return;
    }
    if (!this.doc) {
      fill(this.results, h('p', { class: 'muted', role: 'status' }, i18n.t('siting.loading')));
      return;
    }
    const doc = this.doc;
    const seg = doc.segment;
    const chosen = this.chosen();
    const best = this.best() || new Set();
    const w = doc.weights || {};
    const names = (slugs) => i18n.list(slugs.map((s) => i18n.name(this.chain.segment(s)))) || i18n.t('siting.noneListed');
    fill(this.results,
      h('h2', { class: 'panel-h' }, i18n.t('siting.ranking', { segment: i18n.name(seg) })),
      h('p', { class: 'muted small siting-flows' },
        h('span', {}, i18n.t('siting.suppliers'), i18n.t('list.colon'), names(seg.suppliers || [])),
        h('br', {}),
        h('span', {}, i18n.t('siting.customers'), i18n.t('list.colon'), names(seg.customers || []))),
      h('ol', { class: 'ranking', id: 'siting-ranking' }, doc.results.map((r, i) => {
        const isChosen = chosen && r.park === chosen.park;
        const c = r.components || {};
        const pct = (v) => (typeof v === 'number' ? i18n.number(v * 100) : '–');
        return h('li', {
          class: `rank-item${isChosen ? ' is-chosen' : ''}${best.has(r.park) ? ' is-best' : ''}`,
          'data-zone-id': r.park,
          'data-score': r.score,
        },
        h('div', { class: 'rank-item__head' },
          h('span', { class: `rank-badge rank-badge--${Math.min(i + 1, 4)}`, 'aria-hidden': 'true' }, String(i + 1)),
          h('button', {
            type: 'button', class: 'rank-item__name', 'data-choose': r.park, 'aria-pressed': String(!!isChosen),
            'aria-label': i18n.t('siting.chooseZone', { rank: i + 1, zone: i18n.name(r), score: i18n.number(r.score, 1) }),
          }, i18n.name(r)),
          h('span', { class: `status status--${r.status}` }, i18n.t(`status.${r.status}`))),
        h('div', { class: 'scoreline' },
          h('div', {
            class: 'scorebar', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(r.score),
            'aria-label': i18n.t('siting.score'),
          }, h('span', { style: `width:${Math.max(0, Math.min(100, r.score))}%` })),
          h('span', { class: 'scoreline__value' }, i18n.number(r.score, 1))),
        h('dl', { class: 'components' },
          h('dt', {}, i18n.t('siting.cPlan')), h('dd', {}, c.reserved && !c.assigned ? i18n.t('siting.reserved') : pct(c.plan)),
          h('dt', {}, i18n.t('siting.cSuppliers')), h('dd', {}, c.suppliers?.scored ? pct(c.suppliers.score) : '–'),
          h('dt', {}, i18n.t('siting.cCustomers')), h('dd', {}, c.customers?.scored ? pct(c.customers.score) : '–'),
          h('dt', {}, i18n.t('siting.cNear')), h('dd', {}, typeof c.near_score === 'number' ? pct(c.near_score) : '–')),
        h('ul', { class: 'reasons' }, (r.reasons || []).map((s) => h('li', {}, s))),
        h('div', { class: 'rank-item__actions' },
          !isChosen && h('button', { type: 'button', class: 'link-button', 'data-choose': r.park }, i18n.t('siting.showLinks')),
          h('button', { type: 'button', class: 'link-button', 'data-open-zone': r.park }, i18n.t('siting.openZone'))),
        );
      })),
      h('p', { class: 'muted small' }, i18n.t('siting.weights', {
        plan: w.assigned ?? '–', suppliers: w.suppliers ?? '–', customers: w.customers ?? '–', near: w.near ?? '–',
      })),
      h('ul', { class: 'siting-key' },
        h('li', {}, h('i', { class: 'key-line key-line--supplier', 'aria-hidden': 'true' }), i18n.t('siting.keySupplier')),
        h('li', {}, h('i', { class: 'key-line key-line--customer', 'aria-hidden': 'true' }), i18n.t('siting.keyCustomer')),
        h('li', {}, h('i', { class: 'key-line key-line--near', 'aria-hidden': 'true' }), i18n.t('siting.keyNear'))),
    );
    this.results.dataset.ready = [doc.segment.slug, doc.lang].join('|');
    this.results.dataset.weights = SITING_WEIGHTS.map((k) => w[k]).join(',');
    const first = doc.results[0];
    this.announce.textContent = first
      ? i18n.t('siting.announce', { segment: i18n.name(seg), zone: i18n.name(first), score: i18n.number(first.score, 1) })
      : '';
  }

  // draw puts the overlay on the map: the point, and the chosen zone's
  // lines to its suppliers and customers.
  draw() {
    this.drawOverlay();
    this.onDrawn();
  }

  drawOverlay() {
    this.overlay.clearLayers();
    if (!this.active) return;
    const { near } = this.state;
    if (near) {
      const marker = L.marker([near[1], near[0]], {
        icon: L.divIcon({
          className: 'near-marker',
          html: '<span class="near-pin"><span class="near-pin__dot"></span></span>',
          iconSize: [26, 34],
          iconAnchor: [13, 32],
        }),
        draggable: true,
        keyboard: true,
        title: i18n.t('siting.marker'),
        alt: i18n.t('siting.marker'),
        zIndexOffset: 1000,
      });
      marker.on('dragend', () => {
        const p = marker.getLatLng();
        this.onState({ near: [p.lng, p.lat] });
      });
      this.overlay.addLayer(marker);
    }
    const r = this.doc && this.chosen();
    if (!r) return;
    const from = this.zones.centre(r.park);
    if (!from) return;
    const targets = new Map();
    for (const [role, key] of [['supplier', 'suppliers'], ['customer', 'customers']]) {
      for (const l of r.components?.[key]?.links || []) {
        if (!l.park || l.here) continue;
        if (!targets.has(l.park)) targets.set(l.park, { park: l.park, supplier: [], customer: [], distance: l.distance_m });
        const t = targets.get(l.park);
        t[role].push(l.segment);
        if (typeof l.distance_m === 'number') t.distance = Math.min(t.distance ?? Infinity, l.distance_m);
      }
    }
    for (const t of targets.values()) {
      const to = this.zones.centre(t.park);
      if (!to) continue;
      const role = t.supplier.length && t.customer.length ? 'both' : t.supplier.length ? 'supplier' : 'customer';
      const [a, b] = role === 'supplier' ? [to, from] : [from, to];
      const segs = [...t.supplier, ...t.customer].map((s) => i18n.name(this.chain.segment(s)));
      const label = `${short(segs)} · ${typeof t.distance === 'number' ? i18n.km(t.distance) : ''}`;
      // The label goes by the zone it names, at the far end from the chosen one.
      this.line(a, b, role, label, i18n.t(`siting.link.${role}`, {
        zone: this.zoneName(t.park), segments: i18n.list(segs), distance: i18n.km(t.distance ?? 0),
      }), t.park, { labelAt: role === 'supplier' ? LABEL_NEAR_START : LABEL_NEAR_END });
    }
    if (near && typeof r.components?.near_m === 'number' && r.components.near_m > 0) {
      this.line(L.latLng(near[1], near[0]), from, 'near', i18n.km(r.components.near_m), i18n.t('siting.link.near', {
        zone: this.zoneName(r.park), distance: i18n.km(r.components.near_m),
      }), r.park, { trimStart: false, labelAt: LABEL_NEAR_START });
    }
  }

  zoneName(id) {
    const f = this.zones.feature(id);
    return f ? i18n.name(f.properties) : id;
  }

  // line draws an arrow from a to b, cut back where the zones are, with a
  // label labelAt of the way along it.
  line(a, b, role, label, title, park, { trimStart = true, labelAt = 0.5 } = {}) {
    const [p, q] = trim(a, b, trimStart);
    const line = L.polyline([p, q], {
      pane: 'siting',
      color: COLOURS[role],
      weight: role === 'near' ? 2 : 3,
      opacity: 0.9,
      dashArray: role === 'near' ? '5 5' : null,
      interactive: false,
      className: `siting-link siting-link--${role}`,
    });
    this.overlay.addLayer(line);
    const el = line.getElement();
    if (el) {
      arrowDefs(el.ownerSVGElement);
      if (role !== 'both') el.setAttribute('marker-end', `url(#siting-arrow-${role})`);
      el.dataset.role = role;
      el.dataset.park = park;
    }
    const mid = L.latLng(p.lat + (q.lat - p.lat) * labelAt, p.lng + (q.lng - p.lng) * labelAt);
    const tip = L.tooltip({
      permanent: true, direction: 'center', className: `siting-label siting-label--${role}`, interactive: false, pane: 'tooltipPane',
    }).setLatLng(mid).setContent(h('span', { title, 'data-park': park, 'data-role': role }, label));
    this.overlay.addLayer(tip);
  }
}

// Where along a line its label goes: by the zone (or point) it is about.
// At the middle, a label between two zones could sit by a third one, or
// read as the chosen zone's.
const LABEL_NEAR_START = 0.25;
const LABEL_NEAR_END = 0.75;

// short names up to two segments, then "+n".
function short(names) {
  if (names.length <= 2) return i18n.list(names);
  return `${i18n.list(names.slice(0, 2))} +${names.length - 2}`;
}

// trim cuts a line back from a zone's centre so it starts and ends at the
// zone's edge (about 1.7 km for the bundled schematic zones), never by more
// than 40 % of its length.
function trim(a, b, trimStart) {
  const d = a.distanceTo(b);
  const f = Math.min(0.4, 1700 / Math.max(d, 1));
  const at = (t) => L.latLng(a.lat + (b.lat - a.lat) * t, a.lng + (b.lng - a.lng) * t);
  return [trimStart ? at(f) : a, at(1 - f)];
}

function arrowDefs(svg) {
  if (!svg || svg.getElementById('siting-arrow-supplier')) return;
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  for (const role of ['supplier', 'customer', 'near']) {
    const m = document.createElementNS(ns, 'marker');
    for (const [k, v] of Object.entries({
      id: `siting-arrow-${role}`, viewBox: '0 0 10 10', refX: '8', refY: '5',
      markerWidth: '9', markerHeight: '9', orient: 'auto', markerUnits: 'userSpaceOnUse',
    })) m.setAttribute(k, v);
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M0,0 L10,5 L0,10 z');
    path.setAttribute('fill', COLOURS[role]);
    m.append(path);
    defs.append(m);
  }
  svg.prepend(defs);
}

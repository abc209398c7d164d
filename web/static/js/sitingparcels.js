// sitingparcels.js is the siting panel's parcels section: the investor
// sets the least area and asks; GET api/siting?mode=parcels ranks the
// available parcels of the best zones for the segment chosen, each with its
// score, its zone's score and place, and the reasons. The API says which
// parcels are synthetic (from their geometry_accuracy) and the panel shows
// its note above the list. The parcels ranked are outlined on the map;
// choosing one zooms to it. The least area lives in the URL (spa).

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';
import { getSitingParcels } from './api.js';

const L = window.L;

// How many parcels are asked for.
const LIMIT = 10;

// The least area offered when the investor has not set one (ha).
const DEFAULT_AREA = 1;

/** SitingParcels is the parcels section of the siting panel. */
export class SitingParcels {
  /** onState(changes) asks the page to change the view's state (spa). */
  constructor({ map, onState }) {
    this.map = map;
    this.onState = onState;
    this.state = { site: '', near: null, w: null, spa: null, active: false };
    this.doc = null;
    this.error = null;
    this.key = '';
    this.layer = L.featureGroup().addTo(map);
    this.el = h('section', { class: 'siting-parcels', id: 'siting-parcels', 'aria-labelledby': 'siting-parcels-title' });
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = Number(this.input.value);
      if (Number.isFinite(v) && v >= 0) this.onState({ spa: v });
    });
    this.el.addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      if (b.dataset.action === 'hide') this.onState({ spa: null });
      if (b.dataset.parcel) this.focus(b.dataset.parcel);
    });
    this.render();
  }

  /** update shows the view's state: {site, near, w, spa, active}. */
  update(state) {
    this.state = { ...this.state, ...state };
    const { site, near, w, spa, active } = this.state;
    if (active && site && spa !== null) {
      const lang = i18n.language() === 'en' ? 'en' : 'zh';
      const key = [site, near ? near.map((c) => c.toFixed(5)).join(',') : '', lang, w ? w.join(',') : '', spa].join('|');
      if (key !== this.key) {
        this.key = key;
        this.fetch(site, near, lang, w, spa, key);
      }
    } else {
      this.key = '';
      this.doc = null;
      this.error = null;
      this.controller?.abort();
    }
    this.render();
    this.draw();
  }

  fetch(site, near, lang, weights, minAreaHa, key) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.doc = null;
    this.error = null;
    getSitingParcels(site, { near, lang, weights, minAreaHa, limit: LIMIT }, { signal: controller.signal })
      .then((doc) => {
        if (this.key === key) this.doc = doc;
      })
      .catch((err) => {
        if (err.name === 'AbortError' || this.key !== key) return;
        this.error = err.description || err.message;
      })
      .finally(() => {
        if (this.key !== key) return;
        this.render();
        this.draw();
      });
  }

  render() {
    const { site, spa } = this.state;
    delete this.el.dataset.ready;
    this.el.hidden = !site;
    if (!site) return;
    this.input = h('input', {
      type: 'number', id: 'siting-parcels-area', class: 'siting-parcels__area', min: '0', max: '1000000', step: 'any',
      value: String(spa ?? DEFAULT_AREA), required: true,
    });
    const form = h('form', { class: 'siting-parcels__form' },
      h('label', { for: 'siting-parcels-area' }, i18n.t('sitingParcels.minArea')),
      this.input,
      h('button', { type: 'submit', class: 'button button--small', id: 'siting-parcels-find' }, i18n.t('sitingParcels.find')),
      spa !== null && h('button', { type: 'button', class: 'button button--small button--quiet', 'data-action': 'hide' }, i18n.t('sitingParcels.hide')));
    let body = null;
    if (spa !== null) {
      if (this.error) body = h('p', { class: 'callout callout--error', role: 'alert' }, this.error);
      else if (!this.doc) body = h('p', { class: 'muted', role: 'status' }, i18n.t('sitingParcels.loading'));
      else body = this.list(this.doc);
    }
    fill(this.el,
      h('h2', { class: 'panel-h', id: 'siting-parcels-title' }, i18n.t('sitingParcels.title')),
      h('p', { class: 'muted small' }, i18n.t('sitingParcels.intro')),
      form,
      body);
    if (this.doc) this.el.dataset.ready = [this.doc.segment.slug, this.doc.lang, this.doc.min_area_ha].join('|');
  }

  list(doc) {
    const area = i18n.number(doc.min_area_ha, 2);
    const parcels = doc.parcels || [];
    if (parcels.length === 0) return h('p', { class: 'callout', id: 'siting-parcels-none' }, i18n.t('sitingParcels.none', { area }));
    return h('div', {},
      (doc.notes || []).map((n) => h('p', { class: 'callout callout--synthetic', id: 'siting-parcels-note' }, n)),
      h('h3', { class: 'panel-h' }, i18n.t('sitingParcels.ranking', { area, n: parcels.length })),
      h('ol', { class: 'ranking parcel-ranking', id: 'siting-parcel-ranking' }, parcels.map((p, i) => h('li', {
        class: 'rank-item', 'data-parcel-id': p.parcel, 'data-score': p.score, 'data-accuracy': p.geometry_accuracy,
      },
      h('div', { class: 'rank-item__head' },
        h('span', { class: `rank-badge rank-badge--${Math.min(i + 1, 4)}`, 'aria-hidden': 'true' }, String(i + 1)),
        h('button', { type: 'button', class: 'rank-item__name', 'data-parcel': p.parcel, title: i18n.t('sitingParcels.show') },
          i18n.t('sitingParcels.item', { parcel: p.parcel, zone: i18n.name(p) })),
        p.geometry_accuracy === 'synthetic' && h('span', { class: 'status status--synthetic' }, i18n.t('sitingParcels.synthetic'))),
      h('div', { class: 'scoreline' },
        h('div', {
          class: 'scorebar', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(p.score),
          'aria-label': i18n.t('siting.score'),
        }, h('span', { style: `width:${Math.max(0, Math.min(100, p.score))}%` })),
        h('span', { class: 'scoreline__value' }, i18n.number(p.score, 1))),
      h('p', { class: 'muted small' }, i18n.t('sitingParcels.facts', {
        area: i18n.number(p.area_ha, 2), landUse: p.land_use, zoneScore: i18n.number(p.zone_score, 1), zoneRank: p.zone_rank,
      })),
      h('ul', { class: 'reasons' }, (p.reasons || []).map((s) => h('li', {}, s)))))));
  }

  // draw outlines the parcels ranked on the map.
  draw() {
    this.layer.clearLayers();
    const parcels = (this.state.active && this.doc?.parcels) || [];
    parcels.forEach((p, i) => {
      const shape = L.geoJSON(p.geometry, {
        style: { color: '#6b2fa3', weight: 2, fillOpacity: 0.35, fillColor: '#9b59d0', className: 'siting-parcel' },
      });
      shape.bindTooltip(`${i + 1} · ${p.parcel} · ${i18n.number(p.score, 1)}`);
      shape.on('click', () => this.focus(p.parcel));
      shape.parcelId = p.parcel;
      this.layer.addLayer(shape);
    });
  }

  /** focus zooms to a parcel ranked and marks it in the list. */
  focus(id) {
    this.layer.eachLayer((l) => {
      const chosen = l.parcelId === id;
      l.setStyle(chosen ? { weight: 4, color: '#3d0f66', fillOpacity: 0.6 } : { weight: 2, color: '#6b2fa3', fillOpacity: 0.35 });
      if (chosen) this.map.fitBounds(l.getBounds(), { maxZoom: 16, padding: [40, 40] });
    });
    for (const li of this.el.querySelectorAll('li[data-parcel-id]')) li.classList.toggle('is-chosen', li.dataset.parcelId === id);
  }
}

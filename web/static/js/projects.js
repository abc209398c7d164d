// projects.js shows the enterprises' projects (collection "projects"): a
// point layer with a popup per place, and the list in the panel's Projects
// tab. A project without a position (no zone or site is known) is listed,
// never drawn at a made-up place.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';

const L = window.L;

/** projectName returns a project's enterprise in the current language. */
export function projectName(f) {
  return i18n.name(f.properties, 'enterprise');
}

/**
 * projectCard returns the element describing one project: enterprise,
 * segments, zone, capacity, investment, note and sources. zoneName(id)
 * names a zone; sources is the SourceIndex; showZone adds the zone row.
 */
export function projectCard(f, { chain, zoneName, sources, showZone = true, headingLevel = 'h4' }) {
  const p = f.properties;
  const en = i18n.language() === 'en';
  const alt = en ? p.enterprise_zh : p.enterprise_en;
  const segments = (p.segments || []).map((s) => i18n.name(chain.segment(s)));
  const otherChain = p.chain && p.chain !== chain.chain.slug ? chain.chains.get(p.chain) : null;
  const segmentText = segments.length > 0
    ? i18n.list(segments)
    : otherChain
      ? i18n.t('project.otherChain', { chain: i18n.name(otherChain) })
      : i18n.t('project.noSegment');
  const capacity = en ? p.capacity_en || p.capacity_zh : p.capacity_zh || p.capacity_en;
  const note = en ? p.note_en || p.note_zh : p.note_zh || p.note_en;
  const placed = !!f.geometry;

  return h('article', { class: 'project', 'data-project-id': f.id },
    h(headingLevel, { class: 'project__name' }, projectName(f)),
    alt && alt !== projectName(f) && h('p', { class: 'project__alt', lang: en ? 'zh-Hans' : 'en' }, alt),
    h('dl', { class: 'facts facts--compact' },
      h('dt', {}, i18n.t('project.segment')), h('dd', {}, segmentText),
      showZone && [h('dt', {}, i18n.t('project.zone')),
        h('dd', {}, p.park ? zoneName(p.park) : i18n.t(placed ? 'project.noZone' : 'project.unplacedZone'))],
      capacity && [h('dt', {}, i18n.t('project.capacity')), h('dd', {}, capacity)],
      h('dt', {}, i18n.t('project.investment')),
      h('dd', {}, typeof p.investment_yi_cny === 'number'
        ? i18n.investment(p.investment_yi_cny)
        : h('span', { class: 'muted' }, i18n.t('project.investmentUnknown'))),
    ),
    note && h('p', { class: 'project__note' }, note),
    (p.sources || []).length > 0 && h('div', { class: 'project__sources' },
      h('span', { class: 'project__sources-title' }, i18n.t('project.sources')),
      h('ul', { class: 'sources' }, p.sources.map((s) => h('li', {}, sources.node(s))))),
  );
}

// A factory: the projects' map symbol.
const FACTORY = '<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path d="M2.5 17V8.2l4.4 2.6V8.2l4.4 2.6V4h3.2v4.4h3v8.6z" fill="currentColor"/></svg>';

/** ProjectLayer draws the placed projects, one marker per place. */
export class ProjectLayer {
  /** chain is a ChainIndex; zoneName(id) names a zone; sources is the SourceIndex. */
  constructor(map, { chain, zoneName, sources }) {
    this.map = map;
    this.chain = chain;
    this.zoneName = zoneName;
    this.sources = sources;
    this.layer = L.layerGroup([], { pane: 'projects' });
    this.markers = new Map(); // project id → marker
    this.places = []; // {marker, features}
    map.createPane('projects').style.zIndex = '620'; // over the zone labels (tooltips, 650, are above)
    i18n.onChange(() => this.relabel());
  }

  /** draw adds the projects; it returns {placed, unplaced} lists of features. */
  draw(collection) {
    const placed = [];
    const unplaced = [];
    const byPlace = new Map();
    for (const f of collection.features) {
      if (!f.geometry || f.geometry.type !== 'Point') {
        unplaced.push(f);
        continue;
      }
      placed.push(f);
      const key = f.geometry.coordinates.map((c) => c.toFixed(6)).join(',');
      if (!byPlace.has(key)) byPlace.set(key, []);
      byPlace.get(key).push(f);
    }
    for (const features of byPlace.values()) {
      const [lon, lat] = features[0].geometry.coordinates;
      const marker = L.marker([lat, lon], {
        pane: 'projects',
        icon: this.icon(features),
        keyboard: true,
        riseOnHover: true,
      });
      marker.bindPopup(() => this.popup(features), {
        className: 'project-popup',
        maxWidth: 340,
        minWidth: 240,
        maxHeight: Math.max(200, Math.min(420, this.map.getSize().y - 140)),
        autoPanPadding: [24, 24],
      });
      marker.on('popupopen', (e) => {
        const close = e.popup.getElement()?.querySelector('.leaflet-popup-close-button');
        if (close) {
          close.setAttribute('aria-label', i18n.t('popup.close'));
          close.setAttribute('title', i18n.t('popup.close'));
        }
      });
      this.layer.addLayer(marker);
      this.places.push({ marker, features });
      for (const f of features) this.markers.set(String(f.id), marker);
    }
    this.layer.addTo(this.map);
    this.relabel();
    return { placed, unplaced };
  }

  icon(features) {
    const n = features.length;
    const html = `<span class="project-pin">${FACTORY}${n > 1 ? `<b class="project-pin__count">${n}</b>` : ''}</span>`;
    return L.divIcon({ className: 'project-marker', html, iconSize: [24, 30], iconAnchor: [12, 30], popupAnchor: [0, -28] });
  }

  popup(features) {
    return h('div', { class: 'project-popup__body' },
      features.length > 1 && h('p', { class: 'project-popup__count' }, i18n.t('project.here', { n: features.length })),
      features.map((f) => projectCard(f, { chain: this.chain, zoneName: this.zoneName, sources: this.sources, headingLevel: 'h3' })));
  }

  /** open opens the popup of the place of the project with this id. */
  open(id) {
    const marker = this.markers.get(String(id));
    if (!marker) return false;
    if (!this.map.hasLayer(this.layer)) this.layer.addTo(this.map);
    marker.openPopup();
    return true;
  }

  relabel() {
    for (const { marker, features } of this.places) {
      const names = i18n.list(features.map(projectName));
      const text = i18n.t('project.marker', { names });
      const el = marker.getElement();
      if (el) {
        el.setAttribute('title', text);
        el.setAttribute('aria-label', text);
        el.setAttribute('role', 'button');
        el.dataset.projects = features.map((f) => f.id).join(' ');
      }
      if (marker.isPopupOpen()) marker.getPopup().update();
    }
  }
}

/**
 * renderProjectList fills the Projects tab: the projects on the map (each
 * with a button that shows it there), then those without a place, listed
 * with the reason.
 */
export function renderProjectList(root, { placed, unplaced, chain, zoneName, sources, onShow }) {
  const item = (f, onMap) => h('li', { class: 'project-item' },
    projectCard(f, { chain, zoneName, sources }),
    onMap && h('button', { type: 'button', class: 'button button--small', 'data-show-project': f.id },
      i18n.t('project.show')),
  );
  fill(root,
    h('p', { class: 'panel-intro' }, i18n.t('projects.intro', { placed: placed.length, unplaced: unplaced.length })),
    h('h2', { class: 'panel-h' }, i18n.t('projects.placed'), ' ', h('span', { class: 'count' }, String(placed.length))),
    h('ul', { class: 'project-list', id: 'projects-placed' }, placed.map((f) => item(f, true))),
    h('h2', { class: 'panel-h' }, i18n.t('projects.unplaced'), ' ', h('span', { class: 'count' }, String(unplaced.length))),
    h('p', { class: 'muted small' }, i18n.t('projects.unplacedWhy')),
    h('ul', { class: 'project-list project-list--unplaced', id: 'projects-unplaced' }, unplaced.map((f) => item(f, false))),
  );
  root.onclick = (e) => {
    const b = e.target.closest('button[data-show-project]');
    if (b) onShow(b.dataset.showProject);
  };
}

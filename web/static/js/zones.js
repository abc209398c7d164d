// zones.js draws the industrial zones (collection "parks") over the base
// map: each filled with the colour of the chain stage most of its segments
// belong to, outlined, and labelled with its name and a chip per stage. A
// reserved zone is hatched grey with a dashed outline. The layer shows the
// states the rest of the page asks for (hover, selected, highlighted by the
// segment filter or the siting ranking, faded) with CSS classes on the
// path and the label, and tells the page when a zone is clicked or hovered.
// A planned zone is drawn lighter, with a dashed outline, and its label says
// so: it is not operating yet.

import * as i18n from './i18n.js';
import { h } from './dom.js';
import { labelPoint } from './labelpoint.js';
import { shortName } from './chain.js';

const L = window.L;

/** RESERVED_COLOUR outlines and hatches a zone reserved for the chain. */
export const RESERVED_COLOUR = '#5b6675';
/** NO_STAGE_COLOUR fills a zone that has no segments and is not reserved. */
export const NO_STAGE_COLOUR = '#7b8794';
/** PLANNED_DASH and PLANNED_FILL_OPACITY draw a planned zone: dashed, lighter. */
export const PLANNED_DASH = '8 5';
export const PLANNED_FILL_OPACITY = 0.2;
const HATCH_ID = 'pm-hatch-reserved';
// MAX_LABELS is the most zones labelled at once when a city has more.
const MAX_LABELS = 60;

// statusSuffix marks a zone's name when it is not operating.
function statusSuffix(p) {
  if (p.status === 'reserved') return i18n.t('zone.reservedSuffix');
  if (p.status === 'planned') return i18n.t('zone.plannedSuffix');
  return '';
}

// The classes a zone's path and label carry for each state.
const STATES = ['is-hover', 'is-selected', 'is-highlighted', 'is-faded', 'is-best'];

/** ZoneLayer is the layer of zones, with their labels. */
export class ZoneLayer {
  /**
   * chain is a ChainIndex. onSelect(id) is told when a zone is clicked or
   * chosen with the keyboard; onHover(id or null) when the pointer enters
   * or leaves one.
   */
  constructor(map, { chain, onSelect = () => {}, onHover = () => {} }) {
    this.map = map;
    this.chain = chain;
    this.onSelect = onSelect;
    this.onHover = onHover;
    this.layers = new Map();
    this.features = new Map();
    // states holds each zone's state classes, which a path drawn again
    // (culled, then back in view) takes from here.
    this.states = new Map();
    this.extent = L.latLngBounds([]);
    this.ranks = new Map();
    this.compact = false;
    this.group = L.featureGroup().addTo(map);
    i18n.onChange(() => this.relabel());
  }

  /** draw adds the zones of a FeatureCollection and returns how many it drew. */
  draw(collection) {
    // A city's few zones are all drawn and labelled at once. Thousands
    // (generated zones) are drawn as they come near the view (cull) and
    // labelled as they come into it (labelTargets): Leaflet re-clips and
    // restyles every path it holds after each pan, which with 4,004 zones
    // (8,008 paths with their casings) took most of a second, and it
    // places each permanent label as it opens, with a forced layout of
    // every label open, so opening 4,004 held the page for minutes.
    this.lazy = collection.features.filter((f) => f.geometry).length > MAX_LABELS;
    for (const feature of collection.features) {
      if (!feature.geometry) continue;
      const id = String(feature.id);
      const look = this.look(feature);
      // A white casing under the outline lifts small zones off the base map.
      const casing = L.geoJSON(feature, {
        interactive: false,
        style: () => ({ className: 'zone-casing', color: '#ffffff', weight: 6, opacity: 0.9, fill: false }),
      }).getLayers()[0];
      const layer = L.geoJSON(feature, {
        style: () => ({
          className: `zone zone--${feature.properties.status}`,
          color: look.colour,
          weight: 2.5,
          opacity: 1,
          fillColor: look.reserved ? `url(#${HATCH_ID})` : look.colour,
          fillOpacity: look.reserved ? 1 : look.planned ? PLANNED_FILL_OPACITY : 0.5,
          dashArray: look.reserved ? '6 4' : look.planned ? PLANNED_DASH : null,
          lineJoin: 'round',
        }),
      }).getLayers()[0];
      layer.feature = feature;
      layer.casing = casing;
      layer.colour = look.colour;
      layer.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        this.onSelect(id);
      });
      layer.on('mouseover', () => this.onHover(id));
      layer.on('mouseout', () => this.onHover(null));
      // Leaflet makes a new path each time a layer is added to the map.
      layer.on('add', () => this.decorate(layer));
      this.layers.set(id, layer);
      this.features.set(id, feature);
      this.states.set(id, new Set());
      this.extent.extend(layer.getBounds());
      if (!this.lazy) this.show(layer);
    }
    if (this.lazy) {
      this.cull();
      this.map.on('moveend', () => this.cull());
    } else {
      for (const layer of this.layers.values()) this.bindLabel(layer);
    }
    this.addHatch();
    return this.layers.size;
  }

  // show draws a zone: its casing under it, then its path.
  show(layer) {
    this.group.addLayer(layer.casing);
    this.group.addLayer(layer);
  }

  // cull draws, of thousands of zones, those within half a view of the
  // map's view, and takes the others off the map.
  cull() {
    const near = this.map.getBounds().pad(0.5);
    for (const layer of this.layers.values()) {
      const want = near.intersects(layer.getBounds());
      if (want === this.group.hasLayer(layer)) continue;
      if (want) {
        this.show(layer);
      } else {
        this.group.removeLayer(layer.casing);
        this.group.removeLayer(layer);
      }
    }
    this.addHatch();
  }

  /** look returns how a zone is drawn: its colour, and whether it is reserved or planned. */
  look(feature) {
    const p = feature.properties;
    const reserved = p.status === 'reserved';
    const planned = p.status === 'planned';
    const stage = this.chain.dominantStage(p.segments);
    const colour = reserved ? RESERVED_COLOUR : stage ? this.chain.stageColour(stage) : NO_STAGE_COLOUR;
    return { reserved, planned, stage, colour, stages: this.chain.stagesOf(p.segments) };
  }

  // addHatch puts the reserved zones' hatch pattern into the SVG that
  // Leaflet draws the zones in.
  addHatch() {
    const svg = this.group.getLayers()[0]?.getElement()?.ownerSVGElement;
    if (!svg || svg.getElementById(HATCH_ID)) return;
    const ns = 'http://www.w3.org/2000/svg';
    const el = (tag, attrs) => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      return node;
    };
    const pattern = el('pattern', {
      id: HATCH_ID, patternUnits: 'userSpaceOnUse', width: '7', height: '7', patternTransform: 'rotate(45)',
    });
    pattern.append(
      el('rect', { width: '7', height: '7', fill: RESERVED_COLOUR, 'fill-opacity': '0.10' }),
      el('line', { x1: '0', y1: '0', x2: '0', y2: '7', stroke: RESERVED_COLOUR, 'stroke-width': '2.4', 'stroke-opacity': '0.55' }),
    );
    const defs = el('defs', {});
    defs.append(pattern);
    svg.prepend(defs);
  }

  /** ids returns the zones' ids in drawing order. */
  ids() {
    return [...this.layers.keys()];
  }

  /** feature returns the zone with this id, or undefined. */
  feature(id) {
    return this.features.get(id);
  }

  /** bounds returns the bounds of all zones, or of the zones with these ids. */
  bounds(ids) {
    if (!ids) return this.extent;
    const b = L.latLngBounds([]);
    for (const id of ids) {
      const layer = this.layers.get(id);
      if (layer) b.extend(layer.getBounds());
    }
    return b;
  }

  /** centre returns a point well inside the zone, for lines and badges. */
  centre(id) {
    const f = this.features.get(id);
    if (!f) return null;
    const [lon, lat] = labelPoint(f.geometry);
    return L.latLng(lat, lon);
  }

  /** inView returns the ids of the zones that the map's view shows, whole or in part. */
  inView() {
    const view = this.map.getBounds();
    return this.ids().filter((id) => view.intersects(this.layers.get(id).getBounds()));
  }

  /** setSelected marks the zone with this id as the open one ('' for none). */
  setSelected(id) {
    this.each((zid) => ({ 'is-selected': zid === id }));
  }

  /** setHover marks the zone the reader points at ('' or null for none). */
  setHover(id) {
    this.each((zid) => ({ 'is-hover': zid === id }));
  }

  /**
   * setEmphasis makes the zones in highlight (a Set of ids) stand out and,
   * with fade, the others fade; null shows every zone alike. best marks
   * the best-ranked ones.
   */
  setEmphasis(highlight, { best = null, fade = true } = {}) {
    this.each((zid) => ({
      'is-highlighted': !!highlight && highlight.has(zid),
      'is-faded': !!highlight && fade && !highlight.has(zid),
      'is-best': !!best && best.has(zid),
    }));
  }

  /**
   * setCompact labels the zones with short names ("Longquan", "龙泉") on a
   * narrow map, with full names otherwise. It returns whether that changed.
   */
  setCompact(compact) {
    if (compact === this.compact) return false;
    this.compact = compact;
    this.relabel();
    return true;
  }

  /** setRanks shows a rank badge on each zone's label (a Map id → rank), or none. */
  setRanks(ranks) {
    this.ranks = ranks || new Map();
    this.relabel();
  }

  // each sets the state classes that fn(id) returns on every zone's path
  // and label, and mirrors them as data attributes for tests. It touches
  // only what changes: the page calls it after every pan, and a write to
  // each of 4,004 zones made the browser restyle them all (0.1 s a pan).
  each(fn) {
    for (const [id, layer] of this.layers) {
      const held = this.states.get(id);
      const changed = [];
      for (const [cls, on] of Object.entries(fn(id))) {
        if (!STATES.includes(cls) || held.has(cls) === !!on) continue;
        if (on) held.add(cls);
        else held.delete(cls);
        changed.push(cls);
      }
      if (changed.length > 0) this.paint(layer, changed);
    }
  }

  // paint sets the zone's state classes on its path and label, those
  // named or all, and mirrors them on the path as data attributes.
  paint(layer, classes = STATES) {
    const held = this.states.get(String(layer.feature.id));
    for (const el of [layer.getElement(), layer.getTooltip()?.getElement()]) {
      if (!el) continue;
      for (const cls of classes) el.classList.toggle(cls, held.has(cls));
    }
    const path = layer.getElement();
    if (path) {
      path.dataset.highlighted = String(held.has('is-highlighted'));
      path.dataset.faded = String(held.has('is-faded'));
    }
  }

  /** name returns a zone's name in the current language, marked when reserved or planned. */
  name(feature) {
    return i18n.name(feature.properties) + statusSuffix(feature.properties);
  }

  labelName(feature) {
    if (!this.compact) return this.name(feature);
    const p = feature.properties;
    return shortName(p, i18n.language()) + statusSuffix(p);
  }

  label(feature) {
    const rank = this.ranks.get(String(feature.id));
    const look = this.look(feature);
    return h('span', { class: 'zone-label__inner' },
      rank ? h('span', { class: `zone-label__rank zone-label__rank--${Math.min(rank, 4)}`, 'aria-hidden': 'true' }, String(rank)) : null,
      h('span', { class: 'zone-label__name', title: this.compact ? this.name(feature) : null }, this.labelName(feature)),
      look.stages.length > 0 && h('span', { class: 'zone-label__stages', 'aria-hidden': 'true' },
        look.stages.map((s) => h('i', { style: `background:${this.chain.stageColour(s)}`, title: i18n.name(this.chain.stage(s)) }))),
    );
  }

  // decorate makes the zone's path findable by tests and styles
  // (data-zone-id), usable from the keyboard (Tab reaches it, Enter or
  // Space opens it) and in its states.
  decorate(layer) {
    const path = layer.getElement();
    const id = String(layer.feature.id);
    path.dataset.zoneId = id;
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.onSelect(id);
      }
    });
    path.addEventListener('focus', () => this.onHover(id));
    path.addEventListener('blur', () => this.onHover(null));
    this.describe(layer);
    this.paint(layer);
  }

  // bindLabel gives a zone its label, a permanent tooltip, with the
  // states its path has.
  bindLabel(layer) {
    const feature = layer.feature;
    layer.bindTooltip(this.label(feature), {
      permanent: true,
      interactive: true,
      direction: 'right',
      className: `zone-label zone-label--${feature.properties.status}`,
      opacity: 1,
    });
    const label = layer.getTooltip().getElement();
    if (!label) return;
    label.dataset.zoneId = String(feature.id);
    label.style.setProperty('--zone-colour', layer.colour);
    this.paint(layer);
  }

  describe(layer) {
    const name = this.name(layer.feature);
    const rank = this.ranks.get(String(layer.feature.id));
    const text = rank ? i18n.t('zone.openRanked', { name, rank }) : i18n.t('zone.open', { name });
    layer.getElement().setAttribute('aria-label', text);
  }

  relabel() {
    for (const layer of this.layers.values()) {
      if (layer.getTooltip()) layer.setTooltipContent(this.label(layer.feature));
      if (layer.getElement()) this.describe(layer);
    }
  }

  /**
   * labelTargets returns the path and label of each labelled zone, for
   * labels.js: every zone of a city's few; of thousands, those in view,
   * labelled now and the others' labels removed, and none when more than
   * MAX_LABELS are in view (they would bury the map and each other, and
   * laying them out costs the square of their number).
   */
  labelTargets() {
    if (this.lazy) {
      const ids = this.inView();
      const show = new Set(ids.length > MAX_LABELS ? [] : ids);
      for (const [id, layer] of this.layers) {
        if (show.has(id) && !layer.getTooltip() && this.group.hasLayer(layer)) this.bindLabel(layer);
        else if (!show.has(id) && layer.getTooltip()) layer.unbindTooltip();
      }
    }
    return [...this.layers.values()].filter((layer) => layer.getTooltip() && layer.getElement()).map((layer) => ({
      path: layer.getElement(),
      tooltip: layer.getTooltip(),
    }));
  }
}

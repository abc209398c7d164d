// parcels.js draws the land parcels (地块) as vector tiles, from the zoom
// the server sets (api/config's parcels.min_zoom) up: a million of them
// are too many for GeoJSON, so the page never holds more than the tiles in
// view (protomaps-leaflet keeps at most 64 decoded tiles). They are
// coloured by status or by land use, filtered on the server (the tiles take
// the items' parameters, so the count of a page and the tiles agree), and
// a click opens a parcel's card from its full feature. The parcels'
// control holds the colouring, the filters, the count of the matching
// parcels in view and the legend, which says, from the data's
// geometry_accuracy and sources, when the parcels are synthetic.
//
// For tests, document.body.dataset tells parcelsTotal (0 when there are
// none: no layer, no control), parcelsSynthetic, parcelsCount (the
// matching parcels in view; '' below the zoom) and parcelsUrl (the tiles'
// URL template as filtered); the events parkmap:parceltile (a tile drawn)
// and parkmap:parcelsload (every tile in view drawn) go to document.

import * as i18n from './i18n.js';
import { APIError, getJSON } from './api.js';
import { h, fill } from './dom.js';

const L = window.L;

/** STATUS_COLOURS colour a parcel by its status. */
export const STATUS_COLOURS = {
  available: '#1b9e5a',
  reserved: '#e0a526',
  leased: '#3b6fc4',
  built: '#7b8794',
};

/** LAND_USE_COLOURS colour a parcel by its GB 50137-2011 class. */
export const LAND_USE_COLOURS = {
  M1: '#d7b5e6',
  M2: '#a66fc9',
  M3: '#6a3596',
  W1: '#a8dce8',
  W2: '#4fa8c2',
  W3: '#1f6f8b',
};

const OTHER_COLOUR = '#b0b7bf';
const TILES = 'api/collections/parcels/tiles/WebMercatorQuad/{z}/{y}/{x}';
// How long the count waits for the map to settle before it asks.
const COUNT_DELAY_MS = 250;

/**
 * ParcelLayer is the parcels' tiles and their control. options: chain (a
 * ChainIndex), sources (a SourceIndex), zoneName(id), minZoom, clickable()
 * telling whether a click on the map is the parcels' (not while the Siting
 * tab takes clicks as its point), state (the URL's pc, pa, pha, pseg) and
 * onState(changes), called with the reader's choices, which come back
 * through update.
 */
export class ParcelLayer {
  constructor(map, options) {
    this.map = map;
    this.options = options;
    this.minZoom = options.minZoom;
    const s = options.state || {};
    this.filters = { available: !!s.pa, minArea: s.pha || 0, segment: s.pseg || '' };
    this.colourBy = s.pc === 'land_use' ? 'land_use' : 'status';
    this.layer = null;
    this.counting = null;
    this.countTimer = 0;
  }

  /**
   * start asks how many parcels there are and how many are synthetic; with
   * none, the page shows nothing of them. It resolves once the layer and
   * its control are on the map (or known not to be needed).
   */
  async start() {
    const [all, synthetic] = await Promise.all([
      count({}),
      count({ geometry_accuracy: 'synthetic' }, 'sources'),
    ]);
    document.body.dataset.parcelsTotal = String(all.n);
    document.body.dataset.parcelsSynthetic = String(synthetic.n);
    if (all.n === 0) return;
    this.total = all.n;
    this.synthetic = synthetic;
    this.map.createPane('parcels');
    this.map.getPane('parcels').classList.add('parcels-pane');
    this.control = new ParcelControl(this).addTo(this.map);
    this.redraw();
    this.map.on('moveend', () => this.recount());
    this.map.on('click', (e) => this.pick(e));
    i18n.onChange(() => this.control.render());
  }

  /** query is the filters as the items' (and the tiles') parameters. */
  query() {
    const q = {};
    if (this.filters.available) q.status = 'available';
    if (this.filters.segment) q.segment = this.filters.segment;
    if (this.filters.minArea > 0) q.filter = `area_ha >= ${this.filters.minArea}`;
    return q;
  }

  /** update shows the URL's state (pc, pa, pha, pseg) once started. */
  update(s) {
    if (!this.control) return;
    const filters = { available: !!s.pa, minArea: s.pha || 0, segment: s.pseg || '' };
    if (['available', 'minArea', 'segment'].some((k) => filters[k] !== this.filters[k])) this.setFilters(filters);
    const by = s.pc === 'land_use' ? 'land_use' : 'status';
    if (by !== this.colourBy) this.setColourBy(by);
  }

  // choose passes the reader's choice to the URL, which comes back through
  // update; without a URL to keep it, it is shown at once.
  choose(changes) {
    if (this.options.onState) {
      const s = { pc: this.colourBy === 'land_use' ? 'land_use' : '', pa: this.filters.available, pha: this.filters.minArea, pseg: this.filters.segment };
      if ('colourBy' in changes) s.pc = changes.colourBy === 'land_use' ? 'land_use' : '';
      if ('available' in changes) s.pa = changes.available;
      if ('minArea' in changes) s.pha = changes.minArea;
      if ('segment' in changes) s.pseg = changes.segment;
      this.options.onState(s);
      return;
    }
    if ('colourBy' in changes) this.setColourBy(changes.colourBy);
    else this.setFilters(changes);
  }

  /** setFilters changes some filters and draws the parcels they keep. */
  setFilters(changes) {
    Object.assign(this.filters, changes);
    this.control.render();
    this.redraw();
  }

  /** setColourBy colours the parcels by 'status' or 'land_use'. */
  setColourBy(by) {
    this.colourBy = by;
    this.control.render();
    this.layer?.rerenderTiles();
  }

  colour(props) {
    const table = this.colourBy === 'land_use' ? LAND_USE_COLOURS : STATUS_COLOURS;
    return table[props[this.colourBy]] || OTHER_COLOUR;
  }

  // redraw replaces the tile layer: its tiles' URL holds the filters, and
  // protomaps-leaflet reads the URL once.
  redraw() {
    const params = new URLSearchParams(this.query()).toString();
    const url = TILES + (params ? `?${params}` : '');
    document.body.dataset.parcelsUrl = url;
    if (this.layer) this.map.removeLayer(this.layer);
    this.layer = window.protomapsL.leafletLayer({
      url,
      pane: 'parcels',
      minZoom: this.minZoom,
      // One tile of data for each tile drawn, down to the deepest zoom:
      // the parcels are cut for each zoom, not stretched from a coarser one.
      levelDiff: 0,
      maxDataZoom: 30,
      attribution: '',
      paintRules: [{
        dataLayer: 'parcels',
        symbolizer: new window.protomapsL.PolygonSymbolizer({
          fill: (z, f) => this.colour(f.props),
          opacity: 0.8,
          stroke: '#ffffff',
          width: (z) => (z >= 17 ? 0.8 : 0.4),
        }),
      }],
      labelRules: [],
    });
    // For tests and the curious: each tile drawn, and every tile in view drawn.
    this.layer.on('tileload', (e) => document.dispatchEvent(new CustomEvent('parkmap:parceltile', { detail: e.coords })));
    this.layer.on('load', () => document.dispatchEvent(new CustomEvent('parkmap:parcelsload')));
    this.layer.addTo(this.map);
    this.recount();
  }

  // recount shows how many parcels in view the filters keep, once the map
  // has settled; below the parcels' zoom it says to zoom in.
  recount() {
    clearTimeout(this.countTimer);
    this.counting?.abort();
    if (this.map.getZoom() < this.minZoom) {
      document.body.dataset.parcelsCount = '';
      this.control.setCount(null);
      return;
    }
    this.countTimer = setTimeout(async () => {
      const abort = new AbortController();
      this.counting = abort;
      const b = this.map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(',');
      try {
        const { n } = await count({ ...this.query(), bbox }, '', abort.signal);
        document.body.dataset.parcelsCount = String(n);
        this.control.setCount(n);
      } catch (err) {
        if (err.name !== 'AbortError') this.control.setCount(err);
      }
    }, COUNT_DELAY_MS);
  }

  // pick opens the card of the parcel clicked, from the tile drawn there
  // (its id) and the items endpoint (the whole feature).
  async pick(e) {
    if (!this.layer || this.map.getZoom() < this.minZoom || !this.options.clickable()) return;
    const picked = this.layer.queryTileFeaturesDebug(e.latlng.lng, e.latlng.lat, 4);
    const hit = [...picked.values()].flat().find((p) => p.layerName === 'parcels' && p.feature.props.id);
    if (!hit) return;
    const id = String(hit.feature.props.id);
    const popup = L.popup({ className: 'parcel-popup', maxWidth: 320 })
      .setLatLng(e.latlng)
      .setContent(h('p', { class: 'parcel-card__loading' }, i18n.t('loading.short')))
      .openOn(this.map);
    try {
      const f = await getJSON(`api/collections/parcels/items/${encodeURIComponent(id)}`);
      popup.setContent(this.card(f));
    } catch (err) {
      popup.setContent(h('p', { class: 'parcel-card__error' }, i18n.t('error.panel', { message: err.description || err.message })));
    }
  }

  // card is a parcel's card: every property, named in the current language.
  card(f) {
    const p = f.properties;
    const none = i18n.t('parcel.none');
    const seg = p.segment ? i18n.name(this.options.chain.segment(p.segment)) : none;
    const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
    return h('article', { class: 'parcel-card', 'data-parcel': f.id },
      h('h3', { class: 'parcel-card__title' }, i18n.t('parcel.title', { id: f.id })),
      h('dl', { class: 'parcel-card__facts' },
        row(i18n.t('parcel.zone'), this.options.zoneName(p.park)),
        row(i18n.t('parcel.landUse'), i18n.t(`landUse.${p.land_use}`)),
        // Generated parcels can be a few square metres: show what the number holds.
        row(i18n.t('parcel.area'), i18n.t('parcel.ha', { n: i18n.number(p.area_ha, p.area_ha < 0.1 ? 4 : 2) })),
        row(i18n.t('parcel.status'), h('span', { class: 'parcel-card__status', style: `--swatch:${STATUS_COLOURS[p.status] || OTHER_COLOUR}` },
          i18n.t(`parcelStatus.${p.status}`))),
        row(i18n.t('parcel.segment'), seg),
        row(i18n.t('parcel.enterprise'), p.enterprise || none),
        row(i18n.t('parcel.accuracy'), i18n.t(`parcelAccuracy.${p.geometry_accuracy}`)),
      ),
      (p.sources || []).length > 0 && h('p', { class: 'parcel-card__sources' },
        i18n.t('parcel.sources'), ' ', (p.sources || []).map((c) => this.options.sources.node(c))),
    );
  }
}

// count asks the items endpoint how many parcels the parameters select
// (numberMatched) without their geometries; with keep, it also returns the
// first one's properties of that name.
async function count(params, keep = '', signal) {
  const q = new URLSearchParams({ ...params, limit: '1', skipGeometry: 'true', properties: keep });
  try {
    const fc = await getJSON(`api/collections/parcels/items?${q}`, { signal });
    return { n: fc.numberMatched ?? 0, first: fc.features?.[0]?.properties || null };
  } catch (err) {
    // A server without parcels (a published definition list without
    // them) has none to draw.
    if (err instanceof APIError && err.status === 404) return { n: 0, first: null };
    throw err;
  }
}

// ParcelControl holds the parcels' colouring, filters, count and legend.
// It sits under the zoom and the layers, clear of the notes over the map.
const ParcelControl = L.Control.extend({
  options: { position: 'topright' },

  initialize(parcels) {
    this.parcels = parcels;
    this.countValue = null;
  },

  onAdd(map) {
    // Unfolded on a roomy map, folded on a phone's, as the legend.
    this.box = h('details', { class: 'parcels', id: 'parcels', open: map.getSize().x >= 640 });
    L.DomEvent.disableClickPropagation(this.box);
    L.DomEvent.disableScrollPropagation(this.box);
    this.render();
    return this.box;
  },

  setCount(n) {
    this.countValue = n;
    const line = this.box.querySelector('.parcels__count');
    if (line) fill(line, this.countText());
  },

  countText() {
    const p = this.parcels;
    const n = this.countValue;
    if (p.map.getZoom() < p.minZoom) return i18n.t('parcels.zoomIn', { zoom: p.minZoom });
    if (n === null) return i18n.t('parcels.counting');
    if (n instanceof Error) return i18n.t('error.panel', { message: n.description || n.message });
    return i18n.t('parcels.count', { n, count: i18n.number(n) });
  },

  render() {
    const p = this.parcels;
    const open = this.box.open;
    const table = p.colourBy === 'land_use' ? LAND_USE_COLOURS : STATUS_COLOURS;
    const labelOf = (k) => (p.colourBy === 'land_use' ? i18n.t(`landUse.${k}`) : i18n.t(`parcelStatus.${k}`));
    const radio = (value) => h('label', { class: 'parcels__choice' },
      h('input', { type: 'radio', name: 'parcel-colour', value, checked: p.colourBy === value }),
      i18n.t(value === 'land_use' ? 'parcels.byLandUse' : 'parcels.byStatus'));
    const segments = p.options.chain.segmentList;
    const synthetic = p.synthetic;
    fill(this.box,
      h('summary', { class: 'parcels__summary' }, i18n.t('parcels.title')),
      h('div', { class: 'parcels__body' },
        h('fieldset', { class: 'parcels__colour' },
          h('legend', {}, i18n.t('parcels.colourBy')), radio('status'), radio('land_use')),
        h('ul', { class: 'parcels__legend' }, Object.entries(table).map(([k, colour]) =>
          h('li', {}, h('i', { class: 'swatch', style: `--swatch:${colour}`, 'aria-hidden': 'true' }), labelOf(k)))),
        h('label', { class: 'parcels__choice' },
          h('input', { type: 'checkbox', id: 'parcels-available', checked: p.filters.available }),
          i18n.t('parcels.available')),
        h('label', { class: 'parcels__field' }, i18n.t('parcels.minArea'),
          h('input', { type: 'number', id: 'parcels-min-area', min: '0', step: '0.1', inputmode: 'decimal',
            value: p.filters.minArea > 0 ? String(p.filters.minArea) : '', placeholder: '0' })),
        h('label', { class: 'parcels__field' }, i18n.t('parcels.segment'),
          h('select', { id: 'parcels-segment' },
            h('option', { value: '', selected: !p.filters.segment }, i18n.t('parcels.anySegment')),
            segments.map((s) => h('option', { value: s.slug, selected: p.filters.segment === s.slug }, i18n.name(s))))),
        h('p', { class: 'parcels__count', role: 'status', 'aria-live': 'polite' }, this.countText()),
        synthetic.n > 0 && h('p', { class: 'parcels__synthetic', id: 'parcels-synthetic' },
          i18n.t(synthetic.n === p.total ? 'parcels.syntheticAll' : 'parcels.syntheticSome', { n: synthetic.n, count: i18n.number(synthetic.n) }),
          ' ', (synthetic.first?.sources || []).map((c) => p.options.sources.node(c))),
      ),
    );
    this.box.open = open;
    this.box.querySelectorAll('input[name="parcel-colour"]').forEach((input) =>
      input.addEventListener('change', () => p.choose({ colourBy: input.value })));
    this.box.querySelector('#parcels-available').addEventListener('change', (e) => p.choose({ available: e.target.checked }));
    this.box.querySelector('#parcels-min-area').addEventListener('change', (e) => {
      const v = Number(e.target.value);
      p.choose({ minArea: Number.isFinite(v) && v > 0 ? v : 0 });
    });
    this.box.querySelector('#parcels-segment').addEventListener('change', (e) => p.choose({ segment: e.target.value }));
  },
});

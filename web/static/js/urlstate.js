// urlstate.js keeps the view's state in the URL's query, so a copied link
// opens the same view and back/forward walk through the reader's steps:
//
//   ?lang=en&tab=siting&zone=longquan&seg=cathode,anode&site=electrolyte
//    &near=102.60000,24.35000&w=0,0.25,0.25,0.1&sz=huaning&spa=2&base=online
//    &panel=closed&at=10.25/24.40000/102.60000&pc=land_use&pa=1&pha=2.5&pseg=cathode
//
// pc, pa, pha and pseg are the parcels' colouring (by land use; by status
// when absent) and filters: available only, the least area in hectares, a
// segment.
//
// w, the siting score's weights (plan, suppliers, customers, point), is
// there only when they differ from the API's defaults; spa, the least area
// of the parcels the siting panel asks for (ha), only while it shows them.
//
// A Store holds the state. Discrete changes (a zone opened, a filter, a tab,
// the language) push a history entry; panning and zooming replace the
// current one, so back does not replay every drag.

import { DEFAULT_WEIGHTS } from './api.js';

/** The panel's tabs, the first being the default. */
export const TABS = ['zones', 'chain', 'coverage', 'projects', 'siting'];

// The keys in the order they appear in the URL.
const KEYS = ['lang', 'tab', 'zone', 'seg', 'site', 'near', 'w', 'sz', 'spa', 'base', 'panel', 'at', 'pc', 'pa', 'pha', 'pseg'];

// An id from the data: a slug in the bundled data, but a planner's own ids
// may be anything short without a comma or a slash.
const ID = /^[^,/\s]{1,100}$/;

/** parse returns the state that a URL's query holds; bad values become defaults. */
export function parse(search) {
  const q = new URLSearchParams(search);
  const id = (key) => {
    const v = q.get(key) || '';
    return ID.test(v) ? v : '';
  };
  const tab = q.get('tab') || '';
  const panel = q.get('panel') || '';
  return {
    lang: q.get('lang') || '',
    tab: TABS.includes(tab) ? tab : TABS[0],
    zone: id('zone'),
    seg: [...new Set((q.get('seg') || '').split(',').filter((s) => ID.test(s)))],
    site: id('site'),
    near: parsePoint(q.get('near')),
    w: parseWeights(q.get('w')),
    sz: id('sz'),
    spa: parseSitingArea(q.get('spa')),
    base: q.get('base') === 'online' ? 'online' : '',
    panel: panel === 'open' || panel === 'closed' ? panel : '',
    at: parseAt(q.get('at')),
    pc: q.get('pc') === 'land_use' ? 'land_use' : '',
    pa: q.get('pa') === '1',
    pha: parseArea(q.get('pha')),
    pseg: id('pseg'),
  };
}

// parseArea reads a least area in hectares: a positive number, else 0.
function parseArea(text) {
  const v = Number(text);
  return /^\d+(?:\.\d+)?$/.test(text || '') && Number.isFinite(v) && v > 0 ? v : 0;
}

/** parseSitingArea reads the siting panel's least area of parcels (0 to 1,000,000 ha), or null. */
export function parseSitingArea(text) {
  if (!/^\d+(?:\.\d+)?$/.test(text || '')) return null;
  const v = Number(text);
  return Number.isFinite(v) && v <= 1e6 ? v : null;
}

/** parsePoint reads "lon,lat" into [lon, lat], or null. */
export function parsePoint(text) {
  const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(text || '');
  if (!m) return null;
  const lon = Number(m[1]);
  const lat = Number(m[2]);
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  return [lon, lat];
}

/**
 * parseWeights reads "plan,suppliers,customers,point" into four numbers, or
 * null (the defaults). Only their ratios count, so weights above 1 are
 * scaled down to fit the page's sliders (0 to 1). All zero stays: the API
 * says why it cannot rank with them.
 */
export function parseWeights(text) {
  const parts = (text || '').split(',');
  if (parts.length !== DEFAULT_WEIGHTS.length || parts.some((p) => !/^\d+(?:\.\d+)?$/.test(p))) return null;
  let w = parts.map(Number);
  if (!w.every((v) => Number.isFinite(v) && v <= 1000)) return null;
  const max = Math.max(...w);
  if (max > 1) w = w.map((v) => Number(round(v / max, 4)));
  return sameWeights(w, DEFAULT_WEIGHTS) ? null : w;
}

/** sameWeights says whether two sets of weights are the same (null: the defaults). */
export function sameWeights(a, b) {
  const x = a || DEFAULT_WEIGHTS;
  const y = b || DEFAULT_WEIGHTS;
  return x.length === y.length && x.every((v, i) => round(v, 4) === round(y[i], 4));
}

// parseAt reads "zoom/lat/lon" into {zoom, lat, lon}, or null.
function parseAt(text) {
  const parts = (text || '').split('/');
  if (parts.length !== 3) return null;
  const [zoom, lat, lon] = parts.map(Number);
  if (![zoom, lat, lon].every(Number.isFinite)) return null;
  if (zoom < 0 || zoom > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null;
  return { zoom, lat, lon };
}

// encode returns a key's value as it goes in the URL; '' leaves it out.
function encode(key, value) {
  switch (key) {
    case 'tab':
      return value === TABS[0] ? '' : value || '';
    case 'seg':
      return (value || []).join(',');
    case 'near':
      return value ? `${value[0].toFixed(5)},${value[1].toFixed(5)}` : '';
    case 'w':
      return value && !sameWeights(value, DEFAULT_WEIGHTS) ? value.map((v) => round(v, 4)).join(',') : '';
    case 'spa':
      return typeof value === 'number' ? round(value, 4) : '';
    case 'at':
      return value ? `${round(value.zoom, 2)}/${value.lat.toFixed(5)}/${value.lon.toFixed(5)}` : '';
    case 'pa':
      return value ? '1' : '';
    case 'pha':
      return value > 0 ? String(value) : '';
    default:
      return value || '';
  }
}

function round(n, digits) {
  const f = 10 ** digits;
  return String(Math.round(n * f) / f);
}

/** serialize returns the query string (with its "?", or "") for a state. */
export function serialize(state) {
  // Commas and slashes stay readable: they are legal in a query.
  const esc = (s) => encodeURIComponent(s).replace(/%2C/gi, ',').replace(/%2F/gi, '/');
  const parts = [];
  for (const key of KEYS) {
    const v = encode(key, state[key]);
    if (v) parts.push(`${key}=${esc(v)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * Store holds the view's state and mirrors it into the URL. Listeners hear
 * of every change with the set of keys that changed and where it came from.
 */
export class Store {
  constructor() {
    this.state = parse(window.location.search);
    /** hinted records the keys that the URL gave when the page opened. */
    this.hinted = new Set(new URLSearchParams(window.location.search).keys());
    this.listeners = new Set();
    window.addEventListener('popstate', () => {
      this.apply(parse(window.location.search), { history: 'none', source: 'history' });
    });
  }

  /** subscribe calls fn(changed, state, meta) after each change. */
  subscribe(fn) {
    this.listeners.add(fn);
  }

  /**
   * set merges changes into the state. history is 'push' (a new entry: the
   * default), 'replace' (amend the current one) or 'none'. source names
   * who made the change, so that one can ignore its own echo.
   */
  set(changes, { history = 'push', source = '' } = {}) {
    return this.apply({ ...this.state, ...changes }, { history, source });
  }

  apply(next, meta) {
    const changed = new Set(KEYS.filter((k) => encode(k, next[k]) !== encode(k, this.state[k])));
    if (changed.size === 0) return false;
    this.state = next;
    if (meta.history !== 'none') {
      const url = window.location.pathname + serialize(next) + window.location.hash;
      if (meta.history === 'replace') window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    for (const fn of this.listeners) fn(changed, this.state, meta);
    return true;
  }
}

// api.js fetches from the parkmap API. Paths are relative to the page, so
// the app also works when a proxy serves it under a prefix.

/**
 * APIError is a failed API call, with the HTTP status, the server's code,
 * its description (the sentence to show a reader) and, when it said when
 * to ask again (Retry-After, in seconds), retryAfter; else 0.
 */
export class APIError extends Error {
  constructor(message, status, code, description = message, retryAfter = 0) {
    super(message);
    this.name = 'APIError';
    this.status = status;
    this.code = code;
    this.description = description;
    this.retryAfter = retryAfter;
  }
}

/**
 * getJSON fetches path (relative to the page, or an absolute URL that the API
 * gave in a link) and returns the decoded body. A non-2xx answer throws an
 * APIError with the description of the API's error envelope.
 */
export async function getJSON(path, { signal } = {}) {
  const url = new URL(path, document.baseURI);
  const res = await fetch(url, {
    headers: { Accept: 'application/geo+json, application/json' },
    signal,
  });
  if (!res.ok) {
    let code = '';
    let description = res.statusText;
    try {
      const body = await res.json();
      code = body.code || '';
      description = body.description || description;
    } catch {
      // The body was not the JSON error envelope; the status says enough.
    }
    // Retry-After in seconds (the API's form); a date is not worth parsing here.
    const after = Number(res.headers.get('Retry-After'));
    const retryAfter = Number.isInteger(after) && after > 0 ? Math.min(after, 300) : 0;
    throw new APIError(`${res.status} ${url.pathname}: ${description}`, res.status, code, description, retryAfter);
  }
  return res.json();
}

// A page limit on following next links, so a server bug cannot loop us.
const MAX_PAGES = 1000;

/**
 * getItems returns every feature of an OGC API - Features collection as one
 * FeatureCollection, following the "next" links page by page.
 */
export async function getItems(collection, params = {}, { signal } = {}) {
  const query = new URLSearchParams(params).toString();
  let url = `api/collections/${encodeURIComponent(collection)}/items${query ? `?${query}` : ''}`;
  const features = [];
  for (let page = 0; url; page++) {
    if (page === MAX_PAGES) throw new APIError(`${collection}: more than ${MAX_PAGES} pages`, 0, '');
    const fc = await getJSON(url, { signal });
    features.push(...(fc.features || []));
    const next = (fc.links || []).find((link) => link.rel === 'next');
    url = next ? next.href : null;
  }
  return { type: 'FeatureCollection', features };
}

/** getChain returns the chain: its stages, segments (with their parks) and flows. */
export function getChain({ signal } = {}) {
  return getJSON('api/chain', { signal });
}

/** getCoverage returns the segments × zones matrix with the gaps and overlaps. */
export function getCoverage({ signal } = {}) {
  return getJSON('api/coverage', { signal });
}

/** COVERAGE_CSV is where the coverage matrix downloads as CSV. */
export const COVERAGE_CSV = 'api/coverage?f=csv';

/**
 * SITING_WEIGHTS names the siting score's weights in the order the page
 * keeps them (plan, suppliers, customers, point), with the API's defaults.
 */
export const SITING_WEIGHTS = ['assigned', 'suppliers', 'customers', 'near'];
export const DEFAULT_WEIGHTS = Object.freeze([0.4, 0.25, 0.25, 0.1]);

/**
 * getSiting ranks the zones for a plant of one segment; near is [lon, lat]
 * or null, lang "zh" or "en" for the reasons, weights null (the API's
 * defaults) or four numbers in the order of SITING_WEIGHTS.
 */
export function getSiting(segment, { near = null, lang = 'zh', weights = null } = {}, { signal } = {}) {
  const q = new URLSearchParams({ segment, lang });
  if (near) q.set('near', `${near[0].toFixed(6)},${near[1].toFixed(6)}`);
  if (weights) SITING_WEIGHTS.forEach((name, i) => q.set(`w_${name}`, String(weights[i])));
  return getJSON(`api/siting?${q}`, { signal });
}

/**
 * getSitingParcels ranks the available parcels of at least minAreaHa for a
 * plant of one segment (api/siting?mode=parcels), the limit best of them.
 */
export function getSitingParcels(segment, { near = null, lang = 'zh', weights = null, minAreaHa = 0, limit = 10 } = {}, { signal } = {}) {
  const q = new URLSearchParams({ segment, lang, mode: 'parcels', min_area_ha: String(minAreaHa), limit: String(limit) });
  if (near) q.set('near', `${near[0].toFixed(6)},${near[1].toFixed(6)}`);
  if (weights) SITING_WEIGHTS.forEach((name, i) => q.set(`w_${name}`, String(weights[i])));
  return getJSON(`api/siting?${q}`, { signal });
}

/** getLocate returns the county and zone at a point, and the nearest zones. */
export function getLocate([lon, lat], { signal } = {}) {
  const q = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6) });
  return getJSON(`api/locate?${q}`, { signal });
}

/**
 * getSources returns every cited source ({id, title, publisher, date, url,
 * citation}) and the data's date (data_date).
 */
export function getSources({ signal } = {}) {
  return getJSON('api/sources', { signal });
}

/** getConfig returns what the map offers beyond its offline base map. */
export function getConfig({ signal } = {}) {
  return getJSON('api/config', { signal });
}

/**
 * getCity returns the dataset's city: its names, the map's title, extent,
 * default chain, the base map's credit, and whether the data is synthetic
 * or its boundaries schematic.
 */
export function getCity({ signal } = {}) {
  return getJSON('api/city', { signal });
}

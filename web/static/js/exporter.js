// exporter.js writes zones out as files the reader's tools open: GeoJSON
// (RFC 7946) and CSV for spreadsheets, UTF-8 with a byte-order mark so
// Excel reads Chinese correctly, geometry as WKT, made in the page and
// downloaded from a blob; and KML (Google Earth, 奥维互动地图), GeoPackage
// (QGIS, ArcGIS) and GeoJSON text sequences, which the API writes: those
// are downloaded from this server's own items, for the view's box and the
// segment filter. No request leaves for anywhere else.

/** EXPORTS are the export buttons, in order: kind, and the API's f for those it writes. */
export const EXPORTS = [
  { kind: 'geojson' },
  { kind: 'csv' },
  { kind: 'kml', f: 'kml', ext: 'kml' },
  { kind: 'gpkg', f: 'gpkg', ext: 'gpkg' },
  { kind: 'geojsonseq', f: 'geojsonseq', ext: 'geojsons' },
];

/**
 * exportURL returns the API's URL for the zones meeting a box
 * [west, south, east, north] (clamped to the world) that host any of the
 * segments (all zones when none), in the API's format f.
 */
export function exportURL(f, [west, south, east, north], segments = []) {
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const box = [clamp(west, -180, 180), clamp(south, -90, 90), clamp(east, -180, 180), clamp(north, -90, 90)];
  const q = new URLSearchParams({ f, bbox: box.map((v) => Number(v.toFixed(6))).join(',') });
  if (segments.length) q.set('segment', segments.join(','));
  return `api/collections/parks/items?${q}`;
}

/**
 * downloadFrom fetches the file at url (this server's) and offers it as a
 * file named name: fetched rather than linked, so that the name is the
 * page's (a link's would be the server's) and an error can be shown.
 */
export async function downloadFrom(name, url) {
  const res = await fetch(new URL(url, document.baseURI));
  if (!res.ok) {
    let description = res.statusText;
    try {
      description = (await res.json()).description || description;
    } catch {
      // Not the API's error envelope: the status says enough.
    }
    throw new Error(description);
  }
  download(name, await res.blob(), res.headers.get('Content-Type') || 'application/octet-stream');
}

/** CSV_COLUMNS are the zones CSV's columns, in order. */
export const CSV_COLUMNS = [
  'id', 'name_zh', 'name_en', 'county_code', 'county_zh', 'county_en', 'status', 'stages', 'segments',
  'area_ha', 'planned_area_km2', 'geometry_accuracy', 'note_zh', 'note_en', 'sources', 'wkt',
];

/** toGeoJSON returns the features as a FeatureCollection's text. */
export function toGeoJSON(features) {
  return `${JSON.stringify({ type: 'FeatureCollection', features }, null, 1)}\n`;
}

/**
 * toCSV returns the zones as CSV text with its BOM; counties maps county
 * codes to their properties. Lists are joined with "; ".
 */
export function toCSV(features, counties) {
  const rows = [CSV_COLUMNS];
  for (const f of features) {
    const p = f.properties || {};
    const county = counties.get(p.county_code) || {};
    const row = {
      id: f.id,
      name_zh: p.name_zh,
      name_en: p.name_en,
      county_code: p.county_code,
      county_zh: county.name_zh,
      county_en: county.name_en,
      status: p.status,
      stages: (p.stages || []).join('; '),
      segments: (p.segments || []).join('; '),
      area_ha: p.area_ha,
      planned_area_km2: p.planned_area_km2,
      geometry_accuracy: p.geometry_accuracy,
      note_zh: p.note_zh,
      note_en: p.note_en,
      sources: (p.sources || []).join('; '),
      wkt: wkt(f.geometry),
    };
    rows.push(CSV_COLUMNS.map((c) => row[c]));
  }
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** wkt returns a GeoJSON geometry as Well-Known Text ('' for none). */
export function wkt(g) {
  if (!g) return '';
  const pt = (c) => `${c[0]} ${c[1]}`;
  const line = (cs) => `(${cs.map(pt).join(', ')})`;
  const poly = (rings) => `(${rings.map(line).join(', ')})`;
  switch (g.type) {
    case 'Point': return `POINT (${pt(g.coordinates)})`;
    case 'MultiPoint': return `MULTIPOINT (${g.coordinates.map((c) => `(${pt(c)})`).join(', ')})`;
    case 'LineString': return `LINESTRING ${line(g.coordinates)}`;
    case 'MultiLineString': return `MULTILINESTRING (${g.coordinates.map(line).join(', ')})`;
    case 'Polygon': return `POLYGON ${poly(g.coordinates)}`;
    case 'MultiPolygon': return `MULTIPOLYGON (${g.coordinates.map(poly).join(', ')})`;
    case 'GeometryCollection': return `GEOMETRYCOLLECTION (${g.geometries.map(wkt).join(', ')})`;
    default: throw new Error(`wkt: unknown geometry type ${g.type}`);
  }
}

/** download offers text (or a Blob) as a file named name. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Let the download start before the blob goes.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** stamp returns today as YYYYMMDD, for file names. */
export function stamp(date = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}`;
}

// exporter.js writes zones out as files the reader's tools open: GeoJSON
// (RFC 7946) and CSV for spreadsheets, UTF-8 with a byte-order mark so
// Excel reads Chinese correctly, geometry as WKT. The files are made in the
// page and downloaded from a blob: no request leaves for anywhere.

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

/** download offers text as a file named name. */
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

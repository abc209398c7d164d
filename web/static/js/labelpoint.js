// labelpoint.js finds where to put a polygon's label: a point deep inside
// it, far from every edge (the pole of inaccessibility), so the label of a
// concave or hooked county does not land outside it or on its border.
//
// The search is the quadtree of Agafonkin's polylabel (Mapbox, 2016): cover
// the polygon with square cells, then keep splitting the cells that could
// still hold a point farther from the edges than the best one found.

/**
 * labelPoint returns [lon, lat] of a point well inside the largest part of a
 * GeoJSON Polygon or MultiPolygon. Longitudes are scaled by cos(latitude), so
 * "far from the edges" means what it looks like on the map.
 */
export function labelPoint(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let largest = null;
  let largestArea = -1;
  for (const rings of polygons) {
    const area = Math.abs(ringArea(rings[0]));
    if (area > largestArea) {
      largest = rings;
      largestArea = area;
    }
  }
  if (!largest) throw new Error('labelPoint: empty geometry');
  const lats = largest[0].map((p) => p[1]);
  const kx = Math.cos((((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI) / 180);
  // A label needs no survey's precision: thin long rings to a few hundred
  // points first, which makes the search many times faster.
  const rings = largest.map((ring) => thin(ring, MAX_POINTS).map(([x, y]) => [x * kx, y]));
  const [x, y] = poleOfInaccessibility(rings);
  return [x / kx, y];
}

// MAX_POINTS is how many points of a ring the search looks at, at most.
const MAX_POINTS = 256;

// thin keeps every k-th point of a ring (and its closing point), so that
// at most max remain.
function thin(ring, max) {
  if (ring.length <= max) return ring;
  const k = Math.ceil(ring.length / max);
  const out = ring.filter((_, i) => i % k === 0);
  out.push(ring[ring.length - 1]);
  return out;
}

function poleOfInaccessibility(rings) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of rings[0]) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const size = Math.min(width, height);
  if (size === 0) return [minX, minY];
  // One per cent of the polygon's extent is finer than a label needs.
  const precision = Math.max(width, height) / 100;

  const cells = [];
  for (let x = minX; x < maxX; x += size) {
    for (let y = minY; y < maxY; y += size) {
      cells.push(makeCell(x + size / 2, y + size / 2, size / 2, rings));
    }
  }
  let best = makeCell(...centroid(rings[0]), 0, rings);
  const boxCentre = makeCell(minX + width / 2, minY + height / 2, 0, rings);
  if (boxCentre.d > best.d) best = boxCentre;

  while (cells.length > 0) {
    // Take the most promising cell. A linear scan is fast enough for the
    // few hundred cells a county needs.
    let top = 0;
    for (let i = 1; i < cells.length; i++) if (cells[i].max > cells[top].max) top = i;
    const cell = cells[top];
    cells[top] = cells[cells.length - 1];
    cells.pop();

    if (cell.d > best.d) best = cell;
    if (cell.max - best.d <= precision) continue;
    const half = cell.half / 2;
    cells.push(
      makeCell(cell.x - half, cell.y - half, half, rings),
      makeCell(cell.x + half, cell.y - half, half, rings),
      makeCell(cell.x - half, cell.y + half, half, rings),
      makeCell(cell.x + half, cell.y + half, half, rings),
    );
  }
  return [best.x, best.y];
}

// makeCell is a square cell centred on (x, y) with half-side half: d is the
// signed distance of its centre to the polygon's edges (negative outside),
// max the largest distance any point of the cell could have.
function makeCell(x, y, half, rings) {
  const d = signedDistance(x, y, rings);
  return { x, y, half, d, max: d + half * Math.SQRT2 };
}

function signedDistance(x, y, rings) {
  let inside = false;
  let minSq = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[j];
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      minSq = Math.min(minSq, segmentDistanceSq(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq);
}

function segmentDistanceSq(px, py, ax, ay, bx, by) {
  let x = ax;
  let y = ay;
  let dx = bx - x;
  let dy = by - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

function ringArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return sum / 2;
}

function centroid(ring) {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[j];
    const f = ax * by - bx * ay;
    x += (ax + bx) * f;
    y += (ay + by) * f;
    area += f * 3;
  }
  return area === 0 ? ring[0] : [x / area, y / area];
}

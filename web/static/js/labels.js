// labels.js keeps the map's labels readable: zone labels take the side of
// their zone where they cover the least, and county names step aside (or,
// when crowded, hide) where a zone or a zone's label would sit on them.
// It runs after every move of the map (a zoom or a pan), resize and language
// switch, over the zones labelled (of thousands, zones.js labels those in
// view).

// The sides a zone label may take, in order of preference.
const SIDES = ['right', 'left', 'bottom', 'top'];

// How much worse covering each kind of thing is than covering a county name.
const WEIGHT_ZONE = 100;
const WEIGHT_LABEL = 100;
const WEIGHT_OUTSIDE = 50;

/**
 * declutter lays out the labels. zones is a list of { path, tooltip }: a zone's
 * SVG path and its permanent Leaflet tooltip. countyLabels is a list of the
 * county name elements. frame is the map's container.
 */
export function declutter({ zones, countyLabels, frame, obstacles = [] }) {
  for (const el of countyLabels) {
    el.style.removeProperty('--dx');
    el.style.removeProperty('--dy');
    el.classList.remove('is-hidden');
  }
  const view = frame.getBoundingClientRect();
  const zoneBoxes = zones.map((z) => inflate(z.path.getBoundingClientRect(), 3));
  const countyBoxes = countyLabels.map((el) => el.getBoundingClientRect());

  const placed = obstacles.map((el) => inflate(el.getBoundingClientRect(), 2));
  zones.forEach((zone, i) => {
    // The label's arrow points at the zone's edge, not into it: Leaflet
    // anchors a path's tooltip at its centre, so push it out by the radius.
    const own = zone.path.getBoundingClientRect();
    const gap = 2;
    const offsets = {
      right: [own.width / 2 + gap, 0],
      left: [-own.width / 2 - gap, 0],
      bottom: [0, own.height / 2 + gap],
      top: [0, -own.height / 2 - gap],
    };
    const put = (side) => {
      zone.tooltip.options.direction = side;
      zone.tooltip.options.offset = offsets[side];
      zone.tooltip.update();
    };
    let best = null;
    for (const side of SIDES) {
      put(side);
      const box = zone.tooltip.getElement().getBoundingClientRect();
      const cost =
        WEIGHT_LABEL * sum(placed, (b) => overlap(box, b)) +
        WEIGHT_ZONE * sum(zoneBoxes, (b, j) => (j === i ? 0 : overlap(box, b))) +
        WEIGHT_OUTSIDE * (area(box) - overlap(box, view)) +
        sum(countyBoxes, (b) => overlap(box, b));
      if (!best || cost < best.cost) best = { side, box, cost };
      if (cost === 0) break;
    }
    if (zone.tooltip.options.direction !== best.side) put(best.side);
    placed.push(best.box);
  });

  // County names: stay, or step aside (down, up, left, right, then two
  // steps down or up) wherever nothing of the zones is; hide only when
  // every place is taken.
  const taken = [...placed, ...zoneBoxes];
  countyLabels.forEach((el, i) => {
    const box = countyBoxes[i];
    const dy = box.height + 4;
    const dx = box.width * 0.6;
    const moves = [[0, 0], [0, dy], [0, -dy], [-dx, 0], [dx, 0], [0, 2 * dy], [0, -2 * dy]];
    const move = moves.find(([x, y]) => !taken.some((b) => overlap(shift(box, x, y), b) > 0));
    if (!move) {
      el.classList.add('is-hidden');
      return;
    }
    const [x, y] = move;
    if (x !== 0) el.style.setProperty('--dx', `${x}px`);
    if (y !== 0) el.style.setProperty('--dy', `${y}px`);
    taken.push(shift(box, x, y));
  });
}

function overlap(a, b) {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

function area(r) {
  return r.width * r.height;
}

function sum(list, f) {
  let total = 0;
  list.forEach((x, i) => {
    total += f(x, i);
  });
  return total;
}

function inflate(r, by) {
  return {
    left: r.left - by, right: r.right + by, top: r.top - by, bottom: r.bottom + by,
    width: r.width + 2 * by, height: r.height + 2 * by,
  };
}

function shift(r, dx, dy) {
  return {
    left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy,
    width: r.width, height: r.height,
  };
}

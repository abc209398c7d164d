// chainview.js draws the chain as a diagram (SVG) from GET api/chain: the
// stages as columns, upstream on the left; the segments as nodes, each
// naming the zones that host it, or marked as a gap when none does; the
// material flows as arrows. A node is a toggle button: pressing it adds its
// segment to the map's filter, or takes it out.

import * as i18n from './i18n.js';
import { h, fill } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

// The diagram's measures, in CSS pixels.
const NODE_W = 112;
const COL_GAP = 26;
const LEFT = 14;
const RIGHT = 30;
const HEAD = 40;
const NODE_GAP = 10;
const PAD_X = 11;
const BAR = 6;
const NAME_LINE = 15;
const HOST_LINE = 14;
const BOTTOM = 34;

/** ChainView fills root with the chain diagram. */
export class ChainView {
  /**
   * chain is a ChainIndex; zoneShort(id) gives a zone's short name;
   * sources is the SourceIndex; onToggle(slug) is told when a node is
   * pressed.
   */
  constructor(root, { chain, zoneShort, sources, onToggle }) {
    this.root = root;
    this.chain = chain;
    this.sources = sources;
    this.zoneShort = zoneShort;
    this.onToggle = onToggle;
    this.selected = new Set();
    this.rendered = false;
    i18n.onChange(() => {
      if (this.rendered) this.render();
    });
  }

  /** show draws the diagram the first time it is needed (its text must be measured). */
  show() {
    if (!this.rendered) this.render();
  }

  /** setSelected marks the nodes of the segments in the filter. */
  setSelected(slugs) {
    this.selected = new Set(slugs);
    if (!this.svg) return;
    for (const node of this.svg.querySelectorAll('.node')) {
      const on = this.selected.has(node.dataset.segment);
      node.classList.toggle('is-selected', on);
      node.setAttribute('aria-pressed', String(on));
    }
    this.svg.classList.toggle('has-selection', this.selected.size > 0);
  }

  render() {
    this.rendered = true;
    const chain = this.chain;
    const measure = textMeasurer(this.root);
    const columns = chain.stageList.map((stage) => ({ stage, nodes: [] }));
    const colOf = new Map(chain.stageList.map((s, i) => [s.slug, i]));
    for (const s of chain.segmentList) {
      const col = colOf.get(s.stage);
      if (col === undefined) continue;
      columns[col].nodes.push(s);
    }
    for (const c of columns) c.nodes = orderWithin(c.nodes, chain.flows);

    // Size each node from its wrapped text.
    const nameFont = '600 12.5px';
    const hostFont = '11.5px';
    const inner = NODE_W - 2 * PAD_X - BAR;
    const boxes = new Map();
    let tallest = 0;
    columns.forEach((c, i) => {
      let y = 0;
      for (const s of c.nodes) {
        const hosts = chain.hosts(s.slug);
        // Every line shows: a box grows rather than cut a name short.
        const name = wrap(i18n.name(s), inner, (t) => measure(t, nameFont), Infinity);
        const hostText = hosts.length ? hosts.map(this.zoneShort).join(' · ') : i18n.t('chain.gap');
        const hostLines = wrap(hostText, inner, (t) => measure(t, hostFont), Infinity);
        const height = 9 + name.length * NAME_LINE + 3 + hostLines.length * HOST_LINE + 7;
        boxes.set(s.slug, { s, col: i, x: LEFT + i * (NODE_W + COL_GAP), y, w: NODE_W, h: height, name, hostLines, gap: hosts.length === 0, hosts });
        y += height + NODE_GAP;
      }
      c.height = Math.max(0, y - NODE_GAP);
      tallest = Math.max(tallest, c.height);
    });
    // Centre each column on the tallest.
    columns.forEach((c) => {
      const dy = HEAD + (tallest - c.height) / 2;
      for (const s of c.nodes) boxes.get(s.slug).y += dy;
    });
    const width = LEFT + columns.length * NODE_W + (columns.length - 1) * COL_GAP + RIGHT;
    const floor = HEAD + tallest;
    const height = floor + BOTTOM;

    // The diagram shrinks a little to fit a narrower panel, then scrolls
    // (see fit).
    const svg = el('svg', {
      class: 'chain-svg',
      viewBox: `0 0 ${width} ${height}`,
      width,
      role: 'group',
      'aria-label': i18n.t('chain.diagramLabel', { chain: i18n.name(chain.chain) }),
    });
    svg.append(defs());

    // Stage heads.
    const heads = el('g', { class: 'chain-heads', 'aria-hidden': 'true' });
    columns.forEach((c, i) => {
      const x = LEFT + i * (NODE_W + COL_GAP);
      const colour = chain.stageColour(c.stage.slug);
      heads.append(
        text(i18n.name(c.stage), { x: x + NODE_W / 2, y: 17, class: 'stage-head', 'text-anchor': 'middle' }),
        el('rect', { x, y: 26, width: NODE_W, height: 3, rx: 1.5, fill: colour }),
      );
    });
    svg.append(heads);

    // Flows, under the nodes, routed around the boxes they pass.
    const flows = el('g', { class: 'chain-flows', 'aria-hidden': 'true' });
    const colBoxes = columns.map((c) => c.nodes.map((s) => boxes.get(s.slug)));
    for (const f of chain.flows) {
      const a = boxes.get(f.from);
      const b = boxes.get(f.to);
      if (!a || !b) continue;
      const back = b.col < a.col;
      const path = el('path', {
        class: `flow${back ? ' flow--back' : ''}`,
        d: flowPath(a, b, floor, colBoxes),
        'data-from': f.from,
        'data-to': f.to,
        'marker-end': 'url(#chain-arrow)',
      });
      const title = el('title', {});
      title.textContent = `${i18n.name(a.s)} → ${i18n.name(b.s)}`;
      path.append(title);
      flows.append(path);
    }
    svg.append(flows);

    // Nodes.
    const nodes = el('g', { class: 'chain-nodes' });
    for (const box of boxes.values()) {
      const { s } = box;
      const stage = chain.stage(s.stage);
      const hostsSpoken = box.gap
        ? i18n.t('chain.gapSpoken')
        : i18n.t('chain.hostsSpoken', { zones: i18n.list(box.hosts.map(this.zoneShort)) });
      const g = el('g', {
        class: `node${box.gap ? ' node--gap' : ''}${box.hosts.length > 1 ? ' node--overlap' : ''}`,
        transform: `translate(${box.x},${box.y})`,
        tabindex: '0',
        role: 'button',
        'aria-pressed': 'false',
        'data-segment': s.slug,
        'aria-label': i18n.t('chain.nodeLabel', { name: i18n.name(s), stage: i18n.name(stage), hosts: hostsSpoken }),
      });
      // The full text, for a pointer resting on the node.
      const tip = el('title', {});
      tip.textContent = `${i18n.name(s)} (${i18n.name(stage)}): ${hostsSpoken}`;
      g.append(
        tip,
        el('rect', { class: 'node__box', width: box.w, height: box.h, rx: 6 }),
        el('rect', { class: 'node__tint', width: box.w, height: box.h, rx: 6, fill: chain.stageColour(s.stage) }),
        // The stage's colour down the left edge, rounded like the box.
        el('path', {
          class: 'node__bar',
          d: `M${BAR},0 V${box.h} H6 A6,6 0 0 1 0,${box.h - 6} V6 A6,6 0 0 1 6,0 Z`,
          fill: chain.stageColour(s.stage),
        }),
      );
      const name = el('text', { class: 'node__name', x: BAR + PAD_X, y: 9 + 11.5 });
      box.name.forEach((line, i) => {
        const t = el('tspan', { x: BAR + PAD_X, dy: i === 0 ? 0 : NAME_LINE });
        t.textContent = line;
        name.append(t);
      });
      const hostsY = 9 + box.name.length * NAME_LINE + 3 + 10.5;
      const hosts = el('text', { class: `node__hosts${box.gap ? ' node__hosts--gap' : ''}`, x: BAR + PAD_X, y: hostsY });
      box.hostLines.forEach((line, i) => {
        const t = el('tspan', { x: BAR + PAD_X, dy: i === 0 ? 0 : HOST_LINE });
        t.textContent = line;
        hosts.append(t);
      });
      g.append(name, hosts);
      nodes.append(g);
    }
    svg.append(nodes);

    // Pointer or focus on a node brings out its flows.
    const focus = (slug) => {
      svg.classList.toggle('has-focus', !!slug);
      for (const p of flows.children) {
        p.classList.toggle('is-related', !!slug && (p.dataset.from === slug || p.dataset.to === slug));
      }
      for (const n of nodes.children) {
        const related = !!slug && (n.dataset.segment === slug ||
          chain.flows.some((f) => (f.from === slug && f.to === n.dataset.segment) || (f.to === slug && f.from === n.dataset.segment)));
        n.classList.toggle('is-related', related);
      }
    };
    nodes.addEventListener('mouseover', (e) => focus(e.target.closest('.node')?.dataset.segment || ''));
    nodes.addEventListener('mouseleave', () => focus(''));
    nodes.addEventListener('focusin', (e) => focus(e.target.closest('.node')?.dataset.segment || ''));
    nodes.addEventListener('focusout', () => focus(''));
    nodes.addEventListener('click', (e) => {
      const n = e.target.closest('.node');
      if (n) this.onToggle(n.dataset.segment);
    });
    nodes.addEventListener('keydown', (e) => {
      const n = e.target.closest('.node');
      if (n && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.onToggle(n.dataset.segment);
      }
    });

    const gaps = [...boxes.values()].filter((b) => b.gap).length;
    const focused = this.root.querySelector('.node:focus')?.dataset.segment;
    this.svg = svg;
    // Snap points at the columns, so that a scrolled diagram stops with a
    // column at its left edge and none cut by its right one.
    const snaps = h('div', { class: 'chain-snaps', 'aria-hidden': 'true' },
      columns.map(() => h('span', { class: 'chain-snap' })));
    const scroller = h('div', { class: 'chain-scroll' }, svg, snaps);
    const more = h('p', { class: 'chain-more muted small', hidden: true }, i18n.t('chain.more'));
    this.fitted?.disconnect();
    this.fitted = new ResizeObserver(() => fit(scroller, svg, snaps, more, width, columns.length));
    this.fitted.observe(scroller);
    fill(this.root,
      h('p', { class: 'panel-intro' }, i18n.t('chain.intro', {
        chain: i18n.name(chain.chain), segments: boxes.size, stages: columns.length, gaps,
      })),
      more,
      scroller,
      h('ul', { class: 'chain-key' },
        h('li', {}, h('i', { class: 'key-node', 'aria-hidden': 'true' }), i18n.t('chain.keyHosted')),
        h('li', {}, h('i', { class: 'key-node key-node--gap', 'aria-hidden': 'true' }), i18n.t('chain.keyGap')),
        h('li', {}, h('i', { class: 'key-flow', 'aria-hidden': 'true' }), i18n.t('chain.keyFlow')),
        h('li', {}, h('i', { class: 'key-flow key-flow--back', 'aria-hidden': 'true' }), i18n.t('chain.keyBack')),
      ),
      h('p', { class: 'muted small' }, i18n.t('chain.hint')),
      (chain.chain.sources || []).length > 0 && h('details', { class: 'chain-sources' },
        h('summary', {}, i18n.t('card.sources')),
        h('ul', { class: 'sources' }, chain.chain.sources.map((s) => h('li', {}, this.sources.node(s))))),
    );
    this.setSelected([...this.selected]);
    if (focused) svg.querySelector(`.node[data-segment="${CSS.escape(focused)}"]`)?.focus();
  }
}

// flowPath returns the path of an arrow from box a to box b: a curve to the
// next column; to a column further on, a curve into a lane free of boxes
// across the columns between, along it, and a curve out; a loop on the
// right within a column; and, for a flow back upstream (recycled lithium),
// a route under the diagram that enters the target from its left.
// colBoxes lists each column's boxes.
function flowPath(a, b, floor, colBoxes) {
  const ax = a.x + a.w;
  const ay = a.y + a.h / 2;
  if (b.col === a.col + 1) {
    const bx = b.x - 2;
    const by = b.y + b.h / 2;
    const dx = Math.max(18, (bx - ax) / 2);
    return `M${ax},${ay} C${ax + dx},${ay} ${bx - dx},${by} ${bx},${by}`;
  }
  if (b.col > a.col) {
    const bx = b.x - 2;
    const by = b.y + b.h / 2;
    const between = colBoxes.slice(a.col + 1, b.col);
    const y = freeLane(between, (ay + by) / 2, floor + 8);
    const x1 = a.x + a.w + COL_GAP; // the first column between
    const x2 = b.x - COL_GAP; // the end of the last
    const dx = COL_GAP / 2;
    return `M${ax},${ay} C${ax + dx},${ay} ${x1 - dx},${y} ${x1},${y} H${x2} C${x2 + dx},${y} ${bx - dx},${by} ${bx},${by}`;
  }
  if (b.col === a.col) {
    const bx = b.x + b.w + 2;
    const by = b.y + b.h / 2;
    const out = 22;
    return `M${ax},${ay} C${ax + out},${ay} ${bx + out},${by} ${bx},${by}`;
  }
  const r = 7;
  const sx = a.x + a.w / 2;
  const sy = a.y + a.h;
  const yb = floor + 16;
  const gx = b.x - COL_GAP / 2;
  const by = b.y + b.h / 2;
  return [
    `M${sx},${sy}`, `V${yb - r}`, `Q${sx},${yb} ${sx - r},${yb}`,
    `H${gx + r}`, `Q${gx},${yb} ${gx},${yb - r}`,
    `V${by + r}`, `Q${gx},${by} ${gx + r},${by}`,
    `H${b.x - 2}`,
  ].join(' ');
}

// fit sizes the diagram to its scroller: whole, shrunk to as little as 80 %
// when that is enough; else scaled so that a whole number of columns fills
// the width, with a snap point at each column, and a line saying that it
// scrolls. A column is never cut at the right edge: on a phone one would
// not know the rest is there.
function fit(scroller, svg, snaps, more, width, n) {
  const avail = scroller.clientWidth;
  if (!avail) return;
  const step = NODE_W + COL_GAP;
  let scale = Math.min(1, avail / width);
  const scrolls = scale < 0.8;
  if (scrolls) {
    const k = Math.max(1, Math.floor((avail / 0.8 - LEFT) / step));
    scale = avail / (LEFT + k * step);
  }
  svg.setAttribute('width', String(Math.round(width * scale * 100) / 100));
  svg.style.width = `${width * scale}px`;
  snaps.hidden = !scrolls;
  [...snaps.children].forEach((snap, i) => {
    snap.style.left = `${i * step * scale}px`;
  });
  scroller.classList.toggle('is-scrolling', scrolls);
  more.hidden = !scrolls;
}

// freeLane returns the height nearest to want at which a line crosses the
// given columns without touching a box (a margin of LANE_MARGIN kept), or
// under them all (below) when no such height exists.
const LANE_MARGIN = 3;
function freeLane(columns, want, below) {
  const blocked = columns.flat().map((b) => [b.y - LANE_MARGIN, b.y + b.h + LANE_MARGIN]);
  const free = (y) => blocked.every(([lo, hi]) => y <= lo || y >= hi);
  if (free(want)) return want;
  // The candidates: just past each box's edges, nearest to want first.
  const edges = blocked.flatMap(([lo, hi]) => [lo, hi]).filter(free).sort((p, q) => Math.abs(p - want) - Math.abs(q - want));
  return edges.length ? edges[0] : below;
}

// orderWithin orders a column's segments so that a flow within the column
// runs downwards, keeping the chain's order otherwise.
function orderWithin(nodes, flows) {
  const slugs = new Set(nodes.map((s) => s.slug));
  const inner = flows.filter((f) => slugs.has(f.from) && slugs.has(f.to) && f.from !== f.to);
  const indegree = new Map(nodes.map((s) => [s.slug, 0]));
  for (const f of inner) indegree.set(f.to, indegree.get(f.to) + 1);
  const out = [];
  const left = [...nodes];
  while (left.length) {
    let i = left.findIndex((s) => indegree.get(s.slug) === 0);
    if (i < 0) i = 0; // a cycle: keep the chain's order
    const [s] = left.splice(i, 1);
    out.push(s);
    for (const f of inner) if (f.from === s.slug) indegree.set(f.to, indegree.get(f.to) - 1);
  }
  return out;
}

// wrap breaks text into at most max lines no wider than width: at spaces
// and hyphens for words, anywhere for Chinese; the last line ends with …
// when the text does not fit.
function wrap(textIn, width, measure, max) {
  const words = textIn.match(/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF-–]+[-–]?|[-–]|\s+/g) || [];
  // A word wider than a line breaks where it must, with a hyphen.
  const tokens = words.flatMap((w) => (measure(w) > width ? hyphenate(w, width, measure) : [w]));
  const lines = [];
  let line = '';
  for (const tok of tokens) {
    const next = line + tok;
    if (line && measure(next.trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = tok.trimStart();
    } else {
      line = next;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  let last = kept[max - 1];
  while (last && measure(`${last}…`) > width) last = last.slice(0, -1);
  kept[max - 1] = `${last.trimEnd()}…`;
  return kept;
}

// hyphenate cuts a word too wide for a line into pieces that fit, each but
// the last ending with a hyphen.
function hyphenate(word, width, measure) {
  const pieces = [];
  let rest = word;
  while (measure(rest) > width && rest.length > 1) {
    let n = rest.length - 1;
    while (n > 1 && measure(`${rest.slice(0, n)}-`) > width) n--;
    pieces.push(`${rest.slice(0, n)}-`);
    rest = rest.slice(n);
  }
  pieces.push(rest);
  return pieces;
}

// textMeasurer returns a function that measures text in the page's font.
function textMeasurer(root) {
  const ctx = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(root).fontFamily || 'sans-serif';
  return (t, font) => {
    ctx.font = `${font} ${family}`;
    return ctx.measureText(t).width;
  };
}

function defs() {
  const d = el('defs', {});
  const marker = el('marker', {
    id: 'chain-arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7',
    orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse',
  });
  marker.append(el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'chain-arrowhead' }));
  // The same head, darker, for the flows of the node in focus (CSS swaps it).
  const hi = marker.cloneNode(true);
  hi.setAttribute('id', 'chain-arrow-hi');
  hi.firstChild.setAttribute('class', 'chain-arrowhead chain-arrowhead--hi');
  d.append(marker, hi);
  return d;
}

function el(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    // Through the CSSOM: the Content-Security-Policy refuses style attributes.
    if (k === 'style') node.style.cssText = String(v);
    else node.setAttribute(k, String(v));
  }
  return node;
}

function text(content, attrs) {
  const t = el('text', attrs);
  t.textContent = content;
  return t;
}

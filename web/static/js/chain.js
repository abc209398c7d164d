// chain.js indexes the chain from GET api/chain: its stages in order, its
// segments by slug, the material flows between them, and the colour of each
// stage, which the map, the legend, the filter, the chain diagram and the
// coverage table all share.

// One colour per stage, in chain order from upstream to downstream, after
// Okabe and Ito's palette (distinct for readers with a red-green colour
// deficiency), darkened where it had to stand on the pale base map. A chain
// with more stages reuses them from the start.
export const STAGE_PALETTE = ['#8c6d46', '#e69f00', '#d55e00', '#0072b2', '#a4508b', '#009e73', '#5c4fc2', '#6b7b2a'];

/** ChainIndex looks up a chain's stages, segments and flows. */
export class ChainIndex {
  constructor(chain) {
    this.chain = chain || {};
    const stages = [...(this.chain.stages || [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    this.stageList = stages;
    this.stages = new Map(stages.map((s, i) => [s.slug, { ...s, index: i }]));
    this.segmentList = this.chain.segments || [];
    this.segments = new Map(this.segmentList.map((s, i) => [s.slug, { ...s, index: i }]));
    this.flows = this.chain.flows || [];
    this.chains = new Map((this.chain.chains || []).map((c) => [c.slug, c]));
  }

  /** segment returns the segment with this slug, or a stand-in named by the slug. */
  segment(slug) {
    return this.segments.get(slug) || { slug, name_zh: slug, name_en: slug, stage: '', parks: [], index: 1e6 };
  }

  /** stage returns the stage with this slug, or a stand-in. */
  stage(slug) {
    return this.stages.get(slug) || { slug, name_zh: slug, name_en: slug, index: 1e6 };
  }

  /** stageColour returns the colour of a stage (grey for an unknown one). */
  stageColour(slug) {
    const s = this.stages.get(slug);
    return s ? STAGE_PALETTE[s.index % STAGE_PALETTE.length] : '#7b8794';
  }

  /** grouped returns [{stage, segments}] in chain order for these slugs (all when omitted). */
  grouped(slugs) {
    const chosen = slugs ? new Set(slugs) : null;
    const groups = new Map(this.stageList.map((s) => [s.slug, { stage: this.stage(s.slug), segments: [] }]));
    const other = { stage: this.stage(''), segments: [] };
    const list = chosen ? [...chosen].map((slug) => this.segment(slug)) : this.segmentList.map((s) => this.segment(s.slug));
    list.sort((a, b) => a.index - b.index);
    for (const seg of list) (groups.get(seg.stage) || other).segments.push(seg);
    const out = [...groups.values()].filter((g) => g.segments.length > 0);
    if (other.segments.length > 0) out.push(other);
    return out;
  }

  /** sortSlugs returns the slugs in chain order, unknown ones last. */
  sortSlugs(slugs) {
    return [...slugs].sort((a, b) => this.segment(a).index - this.segment(b).index || a.localeCompare(b));
  }

  /**
   * dominantStage returns the stage that most of these segments belong to;
   * a tie goes to the upstream stage. '' when there are none.
   */
  dominantStage(slugs) {
    const counts = new Map();
    for (const slug of slugs || []) {
      const stage = this.segment(slug).stage;
      if (stage) counts.set(stage, (counts.get(stage) || 0) + 1);
    }
    let best = '';
    for (const [stage, n] of counts) {
      const m = counts.get(best) || 0;
      if (n > m || (n === m && this.stage(stage).index < this.stage(best).index)) best = stage;
    }
    return best;
  }

  /** stagesOf returns the stages of these segments, in chain order. */
  stagesOf(slugs) {
    const set = new Set((slugs || []).map((slug) => this.segment(slug).stage).filter(Boolean));
    return [...set].sort((a, b) => this.stage(a).index - this.stage(b).index);
  }

  /** hosts returns the ids of the zones that host a segment. */
  hosts(slug) {
    return this.segment(slug).parks || [];
  }
}

// cityPrefix is the city's Chinese name, which zone names often begin with
// ("玉溪高新区…"); setCityName sets it from the data.
let cityPrefix = '';

/** setCityName tells shortName the city's Chinese name ('' for none). */
export function setCityName(zh) {
  cityPrefix = String(zh || '');
}

/**
 * shortName shortens a zone's name for tight places (diagram nodes, table
 * heads): "玉溪高新区龙泉片区" → "龙泉" (the city being 玉溪), "Hongta
 * Industrial Park" → "Hongta". It only strips the city's name and common
 * affixes; a name it does not recognise stays whole.
 */
export function shortName(p, lang) {
  if (lang === 'en') {
    const en = String(p.name_en || p.name_zh || '');
    const head = en.split(',')[0].trim();
    const short = head.replace(/\s+(Industrial Park|Industrial Zone|High-tech Zone|Economic Zone|Park|Area|Zone)$/i, '').trim();
    return short || head || en;
  }
  const zh = String(p.name_zh || p.name_en || '');
  const local = cityPrefix && zh.startsWith(cityPrefix) ? zh.slice(cityPrefix.length).replace(/^市/, '') : zh;
  const short = local
    .replace(/^(高新区|高新技术产业开发区|经济技术开发区|经开区)/, '')
    .replace(/(产业园区|工业园区|园区|片区|产业园)$/, '');
  return short.length >= 2 ? short : zh;
}

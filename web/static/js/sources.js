// sources.js knows the cited sources from GET api/sources: each one's
// title, publisher, date and address, and the citation line the server
// builds once for them. Features carry that line in their sources (as GIS
// tools want); the page looks the line up here and lays out the fields,
// rather than taking the line apart.

import * as i18n from './i18n.js';
import { h } from './dom.js';

/** SourceIndex looks up sources by their citation. */
export class SourceIndex {
  /** doc is the answer of api/sources, or null when it could not be had. */
  constructor(doc) {
    this.byCitation = new Map((doc?.sources || []).map((s) => [s.citation, s]));
    /** dataDate is the date of the newest source ('' if none is dated). */
    this.dataDate = doc?.data_date || '';
  }

  /**
   * node renders a citation: its title, linked to its address when it has
   * one, then its publisher and date. A citation the index does not know
   * (a planner's data served without api/sources) shows as it is.
   */
  node(citation) {
    const s = this.byCitation.get(citation);
    if (!s) return h('span', { class: 'source' }, citation);
    const title = s.url
      ? h('a', { class: 'source__title', href: s.url, target: '_blank', rel: 'noopener noreferrer' }, s.title)
      : h('span', { class: 'source__title' }, s.title);
    return h('span', { class: 'source', 'data-source': s.id },
      title,
      h('span', { class: 'source__by' }, [s.publisher, s.date && i18n.date(s.date)].filter(Boolean).join(' · ')),
      s.url && h('span', { class: 'source__host' }, host(s.url)),
    );
  }
}

// host is the host of an address, shown so a reader knows where a link goes.
function host(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

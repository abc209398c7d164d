// urlstate.js keeps the view's state in the URL's query, so a view can be
// shared as a link: ?lang=en&zone=longquan. Later panels add their own keys.

/** readState returns the state that the URL holds: { lang, zone }, each maybe "". */
export function readState(location) {
  const q = new URLSearchParams(location.search);
  return { lang: q.get('lang') || '', zone: q.get('zone') || '' };
}

/**
 * writeState merges changes into the URL's query without a reload or a new
 * history entry; a key set to "" or null is removed.
 */
export function writeState(changes) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value) url.searchParams.set(key, value);
    else url.searchParams.delete(key);
  }
  if (url.href !== window.location.href) window.history.replaceState(null, '', url);
}

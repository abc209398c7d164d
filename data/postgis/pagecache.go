package postgis

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/data/internal/lru"
	"github.com/parkmap/parkmap/geo"
)

// notifyChannel is where migration 0008's triggers announce each change
// (since 0010, each change of at least a row).
const notifyChannel = "parkmap_changed"

// notifyingTables are the tables migration 0008 gave a trigger.
var notifyingTables = []string{"sources", "chains", "stages", "segments", "flows", "counties",
	"parks", "park_segments", "projects", "project_segments", "parcels", "dataset"}

// qNotifyTriggers counts those triggers, four a table since migration 0010.
const qNotifyTriggers = `SELECT count(*) FROM pg_trigger
WHERE tgname IN ('parkmap_notify_changed_insert', 'parkmap_notify_changed_update',
	'parkmap_notify_changed_delete', 'parkmap_notify_changed_truncate') AND NOT tgisinternal`

// DefaultPageCache is the bytes of encoded pages and tiles a server keeps.
const DefaultPageCache = 64 << 20

// pageCache keeps encoded pages and vector tiles of the built-in
// collections, the latest first, and forgets them all whenever the data
// changes. It knows of a
// change by listening: every statement that writes a parkmap table
// notifies parkmap_changed (migration 0008), and PostgreSQL delivers the
// notification when the writer's transaction commits. Until the listening
// connection is up, and whenever it is lost (when notifications may have
// been missed), the cache is bypassed and emptied.
//
// A page is kept under the version of the data seen before its query
// began: a change committed while the query ran bumps the version, so the
// page, which may hold the old rows, is never served. What is left is the
// notification's own way from the writer's commit to this process (well
// under a millisecond on one host): a read in that window gets the page as
// it was before the write.
//
// The tables of a user's own collections (serve --collections) carry no
// triggers: their pages are not kept.
type pageCache struct {
	max      int64 // bytes
	listener *pq.Listener
	// version counts the changes heard of; listening is whether changes
	// can be heard now.
	version   atomic.Uint64
	listening atomic.Bool
	done      chan struct{}

	mu  sync.Mutex
	lru *lru.Cache[*cachedPage]
}

// cachedPage is a page or, with tile set, a vector tile.
type cachedPage struct {
	version uint64
	page    geo.FeaturePage
	tile    []byte
}

// EnablePageCache keeps up to maxBytes of encoded pages in this process,
// dropped on every change to the data (see pageCache), listening on a
// connection of its own to url. It returns once the listener is set up;
// the cache serves once it is connected. A database not yet migrated to
// the triggers that announce changes keeps the cache off, with a warning.
func (s *Store) EnablePageCache(ctx context.Context, url string, maxBytes int64) error {
	if maxBytes <= 0 {
		return nil
	}
	var triggers int
	if err := s.db.QueryRowContext(ctx, qNotifyTriggers).Scan(&triggers); err != nil {
		return wrap("page cache", err)
	}
	if triggers < 4*len(notifyingTables) {
		s.logger.Warn("postgis: no page cache: the database does not announce its changes; run parkmap migrate", "triggers", triggers)
		return nil
	}
	pc := &pageCache{max: maxBytes, lru: lru.New[*cachedPage](maxBytes), done: make(chan struct{})}
	pc.listener = pq.NewListener(url, 100*time.Millisecond, 10*time.Second, pc.event)
	if err := pc.listener.Listen(notifyChannel); err != nil && err != pq.ErrChannelAlreadyOpen {
		pc.listener.Close()
		return wrap("listen", err)
	}
	go pc.hear()
	s.pages = pc
	return nil
}

// event follows the listening connection: a change may have been missed
// whenever it was down.
func (pc *pageCache) event(ev pq.ListenerEventType, err error) {
	switch ev {
	case pq.ListenerEventConnected, pq.ListenerEventReconnected:
		pc.changed()
		pc.listening.Store(true)
	case pq.ListenerEventDisconnected, pq.ListenerEventConnectionAttemptFailed:
		pc.listening.Store(false)
		pc.changed()
	}
}

// hear drops the pages on every notification; lib/pq sends a nil one
// after reconnecting, as notifications may have been lost.
func (pc *pageCache) hear() {
	for {
		select {
		case <-pc.done:
			return
		case <-pc.listener.Notify:
			pc.changed()
		case <-time.After(time.Minute):
			// Check the connection now and then: a dead one reconnects.
			go pc.listener.Ping()
		}
	}
}

func (pc *pageCache) changed() {
	pc.version.Add(1)
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.lru.Clear()
}

// start returns the version a page read now is kept under, and whether it
// may be kept at all.
func (pc *pageCache) start() (uint64, bool) {
	if pc == nil || !pc.listening.Load() {
		return 0, false
	}
	return pc.version.Load(), true
}

func (pc *pageCache) get(key string) (geo.FeaturePage, bool) {
	cp, ok := pc.lookup(key)
	if !ok {
		return geo.FeaturePage{}, false
	}
	return cp.page, true
}

// getTile returns a tile kept under key.
func (pc *pageCache) getTile(key string) ([]byte, bool) {
	cp, ok := pc.lookup(key)
	if !ok || cp.tile == nil {
		return nil, false
	}
	return cp.tile, true
}

// lookup returns the entry kept under key, if it is of the data as it is.
func (pc *pageCache) lookup(key string) (*cachedPage, bool) {
	v, ok := pc.start()
	if !ok {
		return nil, false
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	cp, ok := pc.lru.Get(key)
	if !ok || cp.version != v {
		return nil, false
	}
	return cp, true
}

// put keeps a page read under version v, unless the data changed since
// (or the listener went down) or the page is too big to be worth it.
func (pc *pageCache) put(key string, v uint64, page geo.FeaturePage) {
	size := int64(len(key)) + 64
	for _, f := range page.Features {
		size += int64(len(f)) + 24
	}
	pc.keep(key, &cachedPage{version: v, page: page}, size)
}

// putTile keeps a tile read under version v, as put keeps a page.
func (pc *pageCache) putTile(key string, v uint64, tile []byte) {
	pc.keep(key, &cachedPage{version: v, tile: tile}, int64(len(key)+len(tile))+64)
}

func (pc *pageCache) keep(key string, cp *cachedPage, size int64) {
	if size > pc.max/8 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if now, ok := pc.start(); !ok || now != cp.version {
		return
	}
	pc.lru.Put(key, cp, size)
}

func (pc *pageCache) close() {
	if pc == nil {
		return
	}
	close(pc.done)
	pc.listener.Close()
}

// pageKey names a page by its statement and values.
func pageKey(c *geo.Collection, st pageStatement) string {
	var b strings.Builder
	b.WriteString(c.ID)
	b.WriteByte(0)
	b.WriteString(st.page)
	for _, a := range st.args {
		fmt.Fprintf(&b, "\x00%T:%v", a, a)
	}
	return b.String()
}

// servePage serves a page from the cache, or reads it and keeps it; with
// emit, its features go there one by one (see readPage), and are kept
// beside while they fit.
func (s *Store) servePage(ctx context.Context, c *geo.Collection, q geo.FeatureQuery, st pageStatement, emit func(json.RawMessage) error) (geo.FeaturePage, error) {
	// A bulk read's pages are read once: kept, they would only push out
	// the pages the map asks for again.
	if q.Bulk {
		return s.readPage(ctx, c, q, st, emit)
	}
	v, ok := s.pages.start()
	if !ok || !c.Builtin {
		return s.readPage(ctx, c, q, st, emit)
	}
	key := pageKey(c, st)
	if page, ok := s.pages.get(key); ok {
		if emit == nil {
			return page, nil
		}
		for _, f := range page.Features {
			if err := emit(f); err != nil {
				return geo.FeaturePage{}, err
			}
		}
		page.Features = nil
		return page, nil
	}
	kept, size, keep := []json.RawMessage{}, int64(0), true
	collect := emit
	if emit != nil {
		collect = func(f json.RawMessage) error {
			if size += int64(len(f)); keep && size <= s.pages.max/8 {
				kept = append(kept, f)
			} else {
				keep, kept = false, nil
			}
			return emit(f)
		}
	}
	page, err := s.readPage(ctx, c, q, st, collect)
	if err != nil {
		return page, err
	}
	whole := page
	if emit != nil {
		if !keep {
			return page, nil
		}
		whole.Features = kept
	}
	s.pages.put(key, v, whole)
	return page, nil
}

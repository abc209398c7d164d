package postgis

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// defaultStatements bounds the prepared statements a store keeps: each is
// prepared on a connection the first time that connection runs it, so the
// server holds at most this many per pooled connection.
const defaultStatements = 64

// stmtCache keeps prepared statements by their SQL, the least recently
// used dropped past its bound. The SQL of a page is built from the
// collection's definition and the query's shape (which parameters were
// given), never from values, so a few shapes serve every request: each
// runs as Bind and Execute in one round trip, planned once per
// connection, where an unprepared query is parsed and planned every time
// (lib/pq then makes two round trips: Parse and Describe, then Bind and
// Execute).
type stmtCache struct {
	db  *sql.DB
	max int

	mu     sync.Mutex
	byText map[string]*list.Element // of *cachedStmt
	lru    list.List                // most recently used first
}

type cachedStmt struct {
	text    string
	stmt    *sql.Stmt
	refs    int  // requests holding it
	evicted bool // out of the cache: closed when the last holder lets go
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, byText: map[string]*list.Element{}}
}

// query runs text as a prepared statement. The statement may be dropped
// from the cache while its rows are read: database/sql closes it on the
// server only once they are.
func (c *stmtCache) query(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	cs, err := c.acquire(ctx, text)
	if err != nil {
		return nil, err
	}
	defer c.release(cs)
	return cs.stmt.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (c *stmtCache) queryRow(ctx context.Context, text string, args ...any) *sql.Row {
	cs, err := c.acquire(ctx, text)
	if err != nil {
		// sql.Row carries no error of its own making: let the database
		// report it, unprepared.
		return c.db.QueryRowContext(ctx, text, args...)
	}
	defer c.release(cs)
	return cs.stmt.QueryRowContext(ctx, args...)
}

func (c *stmtCache) acquire(ctx context.Context, text string) (*cachedStmt, error) {
	c.mu.Lock()
	if e, ok := c.byText[text]; ok {
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.refs++
		c.mu.Unlock()
		return cs, nil
	}
	c.mu.Unlock()
	// Prepared outside the lock: it is a round trip.
	stmt, err := c.db.PrepareContext(ctx, text)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byText[text]; ok { // prepared meanwhile by another request
		stmt.Close()
		c.lru.MoveToFront(e)
		cs := e.Value.(*cachedStmt)
		cs.refs++
		return cs, nil
	}
	cs := &cachedStmt{text: text, stmt: stmt, refs: 1}
	c.byText[text] = c.lru.PushFront(cs)
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.byText, old.text)
		old.evicted = true
		if old.refs == 0 {
			old.stmt.Close()
		}
	}
	return cs, nil
}

func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.refs--
	if cs.evicted && cs.refs == 0 {
		cs.stmt.Close()
	}
}

// close closes every statement kept.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.lru.Front(); e != nil; e = e.Next() {
		cs := e.Value.(*cachedStmt)
		cs.evicted = true
		if cs.refs == 0 {
			cs.stmt.Close()
		}
	}
	c.lru.Init()
	clear(c.byText)
}

// len is how many statements are kept.
func (c *stmtCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// Package lru is a cache of values bounded by their total size in bytes:
// when a value put would take it past its bound, the least recently used
// go first. It is not safe for concurrent use; its users hold their own
// lock, which they also need around what they check beside it.
package lru

import "container/list"

// Cache holds values under string keys.
type Cache[V any] struct {
	max, size int64
	entries   map[string]*list.Element // of *entry[V]
	order     list.List                // most recently used first
}

type entry[V any] struct {
	key   string
	value V
	size  int64
}

// New returns an empty cache that holds up to max bytes.
func New[V any](max int64) *Cache[V] {
	return &Cache[V]{max: max, entries: map[string]*list.Element{}}
}

// Get returns the value under key and marks it used.
func (c *Cache[V]) Get(key string) (V, bool) {
	e, ok := c.entries[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*entry[V]).value, true
}

// Put keeps value under key, counted as size bytes, in place of any value
// there, and drops the least recently used until the cache is within its
// bound. A value bigger than the bound is not kept.
func (c *Cache[V]) Put(key string, value V, size int64) {
	if size > c.max {
		return
	}
	if e, ok := c.entries[key]; ok {
		c.size -= e.Value.(*entry[V]).size
		c.order.Remove(e)
	}
	c.entries[key] = c.order.PushFront(&entry[V]{key: key, value: value, size: size})
	c.size += size
	for c.size > c.max {
		old := c.order.Remove(c.order.Back()).(*entry[V])
		delete(c.entries, old.key)
		c.size -= old.size
	}
}

// Clear drops every value.
func (c *Cache[V]) Clear() {
	clear(c.entries)
	c.order.Init()
	c.size = 0
}

// Len is how many values the cache holds.
func (c *Cache[V]) Len() int { return len(c.entries) }

// Max is the cache's bound, in bytes.
func (c *Cache[V]) Max() int64 { return c.max }

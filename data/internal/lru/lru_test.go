package lru

import (
	"slices"
	"testing"
)

// TestCache: values are kept up to the bound, the least recently used
// dropped first; a value over the bound is not kept; a key put again
// replaces its value and its size; Clear empties the cache.
func TestCache(t *testing.T) {
	c := New[string](10)
	c.Put("a", "A", 4)
	c.Put("b", "B", 4)
	if v, ok := c.Get("a"); !ok || v != "A" {
		t.Fatalf("a: %q, %t", v, ok)
	}
	c.Put("c", "C", 4) // past the bound: b, the least recently used, goes
	if _, ok := c.Get("b"); ok {
		t.Error("b was kept past the bound")
	}
	if keys := c.keys(); !slices.Equal(keys, []string{"c", "a"}) {
		t.Errorf("kept %v, want [c a]", keys)
	}
	c.Put("a", "A2", 6) // replaced: 6 + 4 = 10, within the bound
	if v, _ := c.Get("a"); v != "A2" || c.Len() != 2 || c.size != 10 {
		t.Errorf("after a's replacement: a %q, %d values, %d bytes", v, c.Len(), c.size)
	}
	c.Put("huge", "H", 11)
	if _, ok := c.Get("huge"); ok || c.Len() != 2 {
		t.Error("a value over the bound was kept, or pushed others out")
	}
	c.Clear()
	if c.Len() != 0 || c.size != 0 {
		t.Errorf("after Clear: %d values, %d bytes", c.Len(), c.size)
	}
	if _, ok := c.Get("a"); ok {
		t.Error("a value outlived Clear")
	}
}

// keys lists the keys, most recently used first.
func (c *Cache[V]) keys() []string {
	var out []string
	for e := c.order.Front(); e != nil; e = e.Next() {
		out = append(out, e.Value.(*entry[V]).key)
	}
	return out
}

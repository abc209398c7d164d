package memory

import (
	"strconv"
	"sync"

	"github.com/parkmap/parkmap/data/internal/lru"
	"github.com/parkmap/parkmap/geo"
)

// DefaultTileCache is the bytes of unfiltered tiles a store keeps.
const DefaultTileCache = 64 << 20

// tileCache keeps built tiles, unfiltered ones: every viewer of a place
// asks for the same tiles, and the store's data does not change once
// loaded (a collection added again drops them all). A z14 tile over a
// million parcels takes about a millisecond to build, a z10 one tens.
type tileCache struct {
	mu    sync.Mutex
	tiles *lru.Cache[[]byte] // nil: no cache
}

// SetTileCache keeps up to maxBytes of built tiles, 0 for none.
func (s *Store) SetTileCache(maxBytes int64) {
	s.tileCache.mu.Lock()
	defer s.tileCache.mu.Unlock()
	s.tileCache.tiles = nil
	if maxBytes > 0 {
		s.tileCache.tiles = lru.New[[]byte](maxBytes)
	}
}

func tileKey(def *geo.Collection, z, x, y int) string {
	return def.ID + "/" + strconv.Itoa(z) + "/" + strconv.Itoa(x) + "/" + strconv.Itoa(y)
}

func (tc *tileCache) get(key string) ([]byte, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.tiles == nil {
		return nil, false
	}
	return tc.tiles.Get(key)
}

// put keeps a tile, unless it would take more than an eighth of the
// cache: one z10 tile of a city's parcels would push out hundreds.
func (tc *tileCache) put(key string, tile []byte) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.tiles == nil || int64(len(tile)) > tc.tiles.Max()/8 {
		return
	}
	tc.tiles.Put(key, tile, int64(len(key)+len(tile))+64)
}

func (tc *tileCache) clear() {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.tiles != nil {
		tc.tiles.Clear()
	}
}

package api_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/parkmap/parkmap/api"
	"github.com/parkmap/parkmap/geo"
)

// slowStore takes its time over a page, as a query does, and reports how
// its work ended: nil when it ran its course, the context's error when it
// was canceled first.
type slowStore struct {
	geo.Store
	takes time.Duration
	ended chan error
}

func (s slowStore) Features(ctx context.Context, c *geo.Collection, q geo.FeatureQuery) (geo.FeaturePage, error) {
	select {
	case <-time.After(s.takes):
		s.ended <- nil
		return s.Store.Features(ctx, c, q)
	case <-ctx.Done():
		s.ended <- ctx.Err()
		return geo.FeaturePage{}, ctx.Err()
	}
}

// TestWorkOutlivesItsClient: a client that gives up on a request (the map
// leaving a zoom) does not cancel work that ends within a short grace, so
// that PostgreSQL's connection is kept (lib/pq closes one whose query is
// canceled); work that would run on long after is canceled all the same.
func TestWorkOutlivesItsClient(t *testing.T) {
	const clientWaits = 20 * time.Millisecond
	for _, tc := range []struct {
		name     string
		takes    time.Duration
		canceled bool
	}{
		{"work ending soon after", 60 * time.Millisecond, false},
		{"long work", 20 * time.Second, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := slowStore{memoryStore(t), tc.takes, make(chan error, 1)}
			base := serve(t, store, api.Config{})
			ctx, cancel := context.WithTimeout(context.Background(), clientWaits)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/collections/parks/items", nil)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				t.Fatal("the client got its answer before it gave up")
			}
			var ended error
			select {
			case ended = <-store.ended:
			case <-time.After(10 * time.Second):
				t.Fatal("the store's work neither ended nor was canceled within 10 s")
			}
			took := time.Since(start)
			if canceled := errors.Is(ended, context.Canceled); canceled != tc.canceled {
				t.Errorf("the store's work ended with %v after %s, want canceled %v", ended, took, tc.canceled)
			}
			if tc.canceled && took > 5*time.Second {
				t.Errorf("long work was canceled only after %s", took)
			}
		})
	}
}

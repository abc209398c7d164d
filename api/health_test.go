package api

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/parkmap/parkmap/geo"
)

// pooledStore is a store with a primary and a replica, as postgis.Replicated
// reports them, whose Ping answers ping.
type pooledStore struct {
	geo.Store
	ping  error
	pools []geo.PoolState
}

func (s pooledStore) Ping(context.Context) error { return s.ping }
func (s pooledStore) Pools() []geo.PoolState     { return s.pools }

// TestReadyzPools: /readyz lists a store's pools, in the 200 and the 503,
// and a store with one pool answers as before.
func TestReadyzPools(t *testing.T) {
	lag := 0.4
	pools := []geo.PoolState{
		{Name: "primary", Up: true},
		{Name: "replica", Up: true, Reads: true, LagSeconds: &lag},
	}
	down := []geo.PoolState{
		{Name: "primary", Up: false, Reads: true, Problem: "the primary does not answer"},
		{Name: "replica", Up: false, Problem: "the replica does not answer"},
	}
	tests := []struct {
		name   string
		store  geo.Store
		status int
		want   map[string]any
	}{
		{"one pool", memoryStore(t), http.StatusOK, map[string]any{"status": "ready"}},
		{"both answer", pooledStore{memoryStore(t), nil, pools}, http.StatusOK, map[string]any{
			"status": "ready",
			"pools": []any{
				map[string]any{"name": "primary", "up": true, "reads": false},
				map[string]any{"name": "replica", "up": true, "reads": true, "lag_seconds": 0.4},
			},
		}},
		{"neither answers", pooledStore{memoryStore(t), geo.Errorf(geo.EUnavailable, "neither answers"), down}, http.StatusServiceUnavailable, map[string]any{
			"code": "ServiceUnavailable", "description": "the store is unreachable",
			"pools": []any{
				map[string]any{"name": "primary", "up": false, "reads": true, "problem": "the primary does not answer"},
				map[string]any{"name": "replica", "up": false, "reads": false, "problem": "the replica does not answer"},
			},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, testServer(t, Config{}, tt.store), get("/readyz"))
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

package geo

// PoolState is what /readyz says of one of a store's database pools.
type PoolState struct {
	// Name is "primary" or "replica".
	Name string `json:"name"`
	// Up is whether the pool's database answered its last check.
	Up bool `json:"up"`
	// Reads is whether reads go to this pool now.
	Reads bool `json:"reads"`
	// LagSeconds is how far a replica's replay is behind its primary, as of
	// the last check; absent for a primary, or a replica that did not answer.
	LagSeconds *float64 `json:"lag_seconds,omitempty"`
	// Problem says, in words fit for a client, why the pool is not used.
	Problem string `json:"problem,omitempty"`
}

// PoolReporter is a store that reads through more than one database pool
// (a primary and a streaming replica): /readyz lists their states after
// its Ping, which refreshes them.
type PoolReporter interface {
	Pools() []PoolState
}

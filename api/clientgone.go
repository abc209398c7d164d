package api

import (
	"context"
	"time"
)

// clientGrace is how long a request's work goes on after its client went
// away. The map gives up on requests all the time (the tiles of a zoom it
// left, the count of a view it panned away from), and lib/pq closes a
// connection whose query is canceled: the next request dials again, and in
// the new session PostGIS loads itself and PROJ anew, about 20 ms of the
// database's CPU before its first query (12 ms for the first spatial call,
// 8 for the first transform), more than most of those queries had left to
// run. Work that ends within the grace keeps its connection
// (and an unfiltered tile its place in the cache); work that does not is
// canceled then, and its connection goes as before.
const clientGrace = 100 * time.Millisecond

// outliveClient returns a context with ctx's values that is canceled grace
// after ctx is, with ctx's cause, or when stop is called.
func outliveClient(ctx context.Context, grace time.Duration) (_ context.Context, stop func()) {
	out, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	unwatch := context.AfterFunc(ctx, func() {
		time.AfterFunc(grace, func() { cancel(context.Cause(ctx)) })
	})
	return out, func() {
		unwatch()
		cancel(context.Canceled)
	}
}

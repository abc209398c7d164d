package postgis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

var (
	_ geo.Store        = (*Replicated)(nil)
	_ geo.TileReader   = (*Replicated)(nil)
	_ geo.PoolReporter = (*Replicated)(nil)
)

// ReplicaOptions says when a streaming replica takes reads.
type ReplicaOptions struct {
	// MaxLag is how far the replica's replay may be behind its primary
	// while it takes reads; beyond, reads go to the primary until it
	// catches up.
	MaxLag time.Duration
	// CheckEvery is how often the replica's lag, and whether each database
	// answers, are checked in the background.
	CheckEvery time.Duration
}

// DefaultReplicaOptions: reads leave a replica 10 s behind; checks every second.
func DefaultReplicaOptions() ReplicaOptions {
	return ReplicaOptions{MaxLag: 10 * time.Second, CheckEvery: time.Second}
}

// Replicated is a store that reads from a PostgreSQL streaming replica and
// keeps its primary for writes (Primary) and as the readers' fallback.
//
// Reads go to the replica while it answers, streams from its primary and
// has replayed to within MaxLag of it; otherwise to the primary. A read
// whose database cannot be reached (or, on the replica, is cancelled by a
// conflict with recovery) is retried once on the other, so that losing
// either database turns no request into an error while the other answers.
// With the primary away, a replica that lags still serves: stale pages beat
// none, and the lag is in /readyz. A statement that ran out of time is not
// retried: the other database would be as slow, at twice the cost.
type Replicated struct {
	primary, replica *Store
	opt              ReplicaOptions
	logger           *slog.Logger

	state atomic.Pointer[poolStates] // as of the last check
	check sync.Mutex                 // one check at a time
	stop  context.CancelFunc
	done  chan struct{}
}

// poolStates is what the last check saw.
type poolStates struct {
	primaryUp, replicaUp bool
	lag                  *time.Duration // nil when unknown
	problem              string         // why the replica takes no reads
}

// replicaServes is whether reads go to the replica first.
func (p *poolStates) replicaServes(maxLag time.Duration) bool {
	return p.replicaUp && p.lag != nil && *p.lag <= maxLag
}

// OpenReplicated opens the primary at primaryURL, which must answer, and
// the replica at replicaURL, which need not: a replica away at start takes
// reads once it answers, so that a rebuilt replica does not stop the
// service from starting. Both pools are sized by pool. Call Close.
func OpenReplicated(ctx context.Context, primaryURL, replicaURL string, logger *slog.Logger, pool Pool, opt ReplicaOptions) (*Replicated, error) {
	if opt.MaxLag < 0 || opt.CheckEvery <= 0 {
		return nil, geo.Errorf(geo.EInvalid, "a replica's maximum lag must not be negative and its check interval must be positive")
	}
	primary, err := OpenPool(ctx, primaryURL, logger, pool)
	if err != nil {
		return nil, fmt.Errorf("primary: %w", err)
	}
	replica, err := connect(replicaURL, logger, pool)
	if err != nil {
		primary.Close()
		return nil, fmt.Errorf("replica: %w", err)
	}
	// A streaming replica runs the primary's server and extensions.
	replica.cql = primary.cql
	r := &Replicated{primary: primary, replica: replica, opt: opt, logger: primary.logger, done: make(chan struct{})}
	r.state.Store(&poolStates{primaryUp: true, problem: "not checked yet"})
	r.refresh(ctx)
	if st := r.state.Load(); !st.replicaUp {
		r.logger.Warn("postgis: the replica does not answer; reads go to the primary until it does", "problem", st.problem)
	}
	loop, stop := context.WithCancel(context.Background())
	r.stop = stop
	go r.watch(loop)
	return r, nil
}

// Primary is the store that takes writes.
func (r *Replicated) Primary() *Store { return r.primary }

// Close stops the checks and closes both pools.
func (r *Replicated) Close() error {
	r.stop()
	<-r.done
	return errors.Join(r.primary.Close(), r.replica.Close())
}

// watch checks both databases every CheckEvery until ctx ends.
func (r *Replicated) watch(ctx context.Context) {
	defer close(r.done)
	t := time.NewTicker(r.opt.CheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check, cancel := context.WithTimeout(ctx, max(r.opt.CheckEvery, 5*time.Second))
			r.refresh(check)
			cancel()
		}
	}
}

// refresh asks both databases, at once, whether they answer and how far
// the replica is behind, and records it. A check cut short by ctx counts
// as no answer.
func (r *Replicated) refresh(ctx context.Context) {
	r.check.Lock()
	defer r.check.Unlock()
	var (
		next poolStates
		wg   sync.WaitGroup
	)
	wg.Go(func() { next.primaryUp = r.primary.Ping(ctx) == nil })
	wg.Go(func() { next.replicaUp, next.lag, next.problem = r.replicaLag(ctx) })
	wg.Wait()
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled) {
		return // Close: nothing was learnt
	}
	r.record(&next)
}

// record publishes a check's outcome and logs a change of the readers' pool.
func (r *Replicated) record(next *poolStates) {
	prev := r.state.Swap(next)
	was, is := prev.replicaServes(r.opt.MaxLag), next.replicaServes(r.opt.MaxLag)
	switch {
	case was && !is:
		r.logger.Warn("postgis: reads go to the primary", "problem", next.problem, "primary_up", next.primaryUp)
	case !was && is:
		r.logger.Info("postgis: reads go to the replica", "lag", *next.lag)
	}
}

// qReplicaLag says whether the server replays WAL, whether it streams it
// from a primary now, whether it has replayed all it received, and the age
// of the last transaction replayed. An idle primary sends nothing, so a
// replica that has replayed all it received is current whatever that age.
const qReplicaLag = `SELECT pg_is_in_recovery(),
	EXISTS (SELECT 1 FROM pg_stat_wal_receiver),
	pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),
	EXTRACT(epoch FROM now() - pg_last_xact_replay_timestamp())::float8`

// replicaLag asks the replica, on its health connection, how far behind it
// is. A server not in recovery (a promoted replica) is current; one that
// lost its primary's stream has an unknown lag.
func (r *Replicated) replicaLag(ctx context.Context) (up bool, lag *time.Duration, problem string) {
	var (
		recovering, streaming, replayed bool
		age                             sql.NullFloat64
	)
	err := r.replica.health.QueryRowContext(ctx, qReplicaLag).Scan(&recovering, &streaming, &replayed, &age)
	switch {
	case err != nil:
		r.logger.Debug("postgis: replica check", "err", err)
		return false, nil, "the replica does not answer"
	case !recovering || replayed && streaming:
		var zero time.Duration
		return true, &zero, ""
	case !streaming:
		return true, nil, "the replica is not streaming from its primary"
	case !age.Valid:
		return true, nil, "the replica has not replayed a transaction yet"
	}
	d := time.Duration(age.Float64 * float64(time.Second))
	if d > r.opt.MaxLag {
		return true, &d, fmt.Sprintf("the replica is %.1f s behind its primary, more than the %v allowed", d.Seconds(), r.opt.MaxLag)
	}
	return true, &d, ""
}

// Ping checks both databases now: nil when reads can be served, by either.
func (r *Replicated) Ping(ctx context.Context) error {
	r.refresh(ctx)
	if st := r.state.Load(); st.primaryUp || st.replicaUp {
		return nil
	}
	return &geo.Error{Code: geo.EUnavailable, Message: "neither the primary nor the replica answers"}
}

// Pools reports both pools as of the last check.
func (r *Replicated) Pools() []geo.PoolState {
	st := r.state.Load()
	serves := st.replicaServes(r.opt.MaxLag) || !st.primaryUp && st.replicaUp
	primary := geo.PoolState{Name: "primary", Up: st.primaryUp, Reads: !serves}
	if !st.primaryUp {
		primary.Problem = "the primary does not answer"
	}
	replica := geo.PoolState{Name: "replica", Up: st.replicaUp, Reads: serves, Problem: st.problem}
	if st.lag != nil {
		s := st.lag.Seconds()
		replica.LagSeconds = &s
	}
	return []geo.PoolState{primary, replica}
}

// read runs op on the store that takes reads now and, when that store
// cannot be reached, once more on the other.
func read[T any](ctx context.Context, r *Replicated, op func(*Store) (T, error)) (T, error) {
	st := r.state.Load()
	first, second := r.primary, r.replica
	if st.replicaServes(r.opt.MaxLag) || !st.primaryUp && st.replicaUp {
		first, second = r.replica, r.primary
	}
	v, err := op(first)
	if err == nil || ctx.Err() != nil || !(unreachable(err) || first == r.replica && recoveryConflict(err)) {
		return v, err
	}
	if unreachable(err) {
		r.markDown(first)
	}
	if second == r.replica && !r.state.Load().replicaUp {
		return v, err
	}
	r.logger.Warn("postgis: a read failed, trying the other database", "from", r.name(first), "err", err)
	return op(second)
}

// markDown records that s could not be reached, so that the reads that
// follow go to the other database until a check finds s again.
func (r *Replicated) markDown(s *Store) {
	for {
		prev := r.state.Load()
		next := *prev
		if s == r.replica {
			next.replicaUp, next.lag, next.problem = false, nil, "the replica does not answer"
		} else {
			next.primaryUp = false
		}
		if r.state.CompareAndSwap(prev, &next) {
			return
		}
	}
}

func (r *Replicated) name(s *Store) string {
	if s == r.replica {
		return "replica"
	}
	return "primary"
}

// unreachable reports an error that says the database could not be
// reached or is going away, not that the statement was slow or wrong.
func unreachable(err error) bool {
	var e *geo.Error
	return errors.As(err, &e) && e.Code == geo.EUnavailable && !isTimeout(err) &&
		!errors.Is(err, context.DeadlineExceeded) && unavailable(err)
}

// recoveryConflict reports a query a hot standby cancelled because the WAL
// it replays removes rows or locks the query needed.
func recoveryConflict(err error) bool {
	e := pq.As(err, pqerror.TRSerializationFailure)
	if e == nil {
		e = pq.As(err, pqerror.TRDeadlockDetected)
	}
	if e == nil {
		e = pq.As(err, pqerror.DatabaseDropped)
	}
	return e != nil
}

// Features reads a page from the store that takes reads.
func (r *Replicated) Features(ctx context.Context, c *geo.Collection, q geo.FeatureQuery) (geo.FeaturePage, error) {
	return read(ctx, r, func(s *Store) (geo.FeaturePage, error) { return s.Features(ctx, c, q) })
}

// Feature reads one feature from the store that takes reads.
func (r *Replicated) Feature(ctx context.Context, c *geo.Collection, id string, crs *geo.CRS) (json.RawMessage, error) {
	return read(ctx, r, func(s *Store) (json.RawMessage, error) { return s.Feature(ctx, c, id, crs) })
}

// extent is Extent's answer in one value, for read.
type extent struct {
	b  orb.Bound
	ok bool
}

// Extent reads a collection's bounds from the store that takes reads.
func (r *Replicated) Extent(ctx context.Context, c *geo.Collection) (orb.Bound, bool, error) {
	e, err := read(ctx, r, func(s *Store) (extent, error) {
		b, ok, err := s.Extent(ctx, c)
		return extent{b, ok}, err
	})
	return e.b, e.ok, err
}

// Tile reads a vector tile from the store that takes reads.
func (r *Replicated) Tile(ctx context.Context, c *geo.Collection, z, x, y int, f geo.TileFilter) ([]byte, error) {
	return read(ctx, r, func(s *Store) ([]byte, error) { return s.Tile(ctx, c, z, x, y, f) })
}

// Domain reads a domain's values from the store that takes reads.
func (r *Replicated) Domain(ctx context.Context, d geo.Domain) ([]string, error) {
	return read(ctx, r, func(s *Store) ([]string, error) { return s.Domain(ctx, d) })
}

// Chains reads the chains from the store that takes reads.
func (r *Replicated) Chains(ctx context.Context) ([]geo.Chain, error) {
	return read(ctx, r, func(s *Store) ([]geo.Chain, error) { return s.Chains(ctx) })
}

// Parks reads the zones from the store that takes reads.
func (r *Replicated) Parks(ctx context.Context) ([]geo.Park, error) {
	return read(ctx, r, func(s *Store) ([]geo.Park, error) { return s.Parks(ctx) })
}

// Projects reads the projects from the store that takes reads.
func (r *Replicated) Projects(ctx context.Context) ([]geo.Project, error) {
	return read(ctx, r, func(s *Store) ([]geo.Project, error) { return s.Projects(ctx) })
}

// Sources reads the sources from the store that takes reads.
func (r *Replicated) Sources(ctx context.Context) ([]geo.Source, error) {
	return read(ctx, r, func(s *Store) ([]geo.Source, error) { return s.Sources(ctx) })
}

// City reads the dataset's city from the store that takes reads.
func (r *Replicated) City(ctx context.Context) (*geo.City, error) {
	return read(ctx, r, func(s *Store) (*geo.City, error) { return s.City(ctx) })
}

// Locate answers from the store that takes reads.
func (r *Replicated) Locate(ctx context.Context, p orb.Point, n int) (geo.Location, error) {
	return read(ctx, r, func(s *Store) (geo.Location, error) { return s.Locate(ctx, p, n) })
}

// Publish checks a definitions file against the primary's tables; a
// replica holds the same.
func (r *Replicated) Publish(ctx context.Context, file string, raw []byte, taken []string) (geo.Catalog, error) {
	return r.primary.Publish(ctx, file, raw, taken)
}

// ZoneIndex reads the zone index of the store that takes reads: each
// database's store keeps its own, built from its own data.
func (r *Replicated) ZoneIndex(ctx context.Context) (*geo.ZoneIndex, error) {
	return read(ctx, r, func(s *Store) (*geo.ZoneIndex, error) { return s.ZoneIndex(ctx) })
}

// AvailableParcels reads the available parcels from the store that takes reads.
func (r *Replicated) AvailableParcels(ctx context.Context, zones []string, minAreaHa float64) ([]geo.Parcel, error) {
	return read(ctx, r, func(s *Store) ([]geo.Parcel, error) { return s.AvailableParcels(ctx, zones, minAreaHa) })
}

// ParcelAreas reads each zone's largest available parcel from the store
// that takes reads.
func (r *Replicated) ParcelAreas(ctx context.Context) (*geo.ParcelAreas, error) {
	return read(ctx, r, func(s *Store) (*geo.ParcelAreas, error) { return s.ParcelAreas(ctx) })
}

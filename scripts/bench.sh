#!/usr/bin/env bash
# make bench: a load run of the items endpoint on loopback, on both stores, and for
# PostGIS the same SQL run straight in PostgreSQL.
#
# Starts a throwaway PostGIS cluster (scripts/pg-cluster.sh, in a temp dir, on a free
# port) or, when PARKMAP_TEST_DATABASE_URL names a server, a database of its own on it;
# migrates and seeds it with bin/parkmap; serves the embedded store and PostGIS with
# `bin/parkmap serve` on two ports; runs wrk against /api/collections/{parks,counties}/items
# on each, and pgbench with the statement the store runs for that request, written out
# by the store's own code (go test ./data/postgis -run TestPgbenchScripts), with the same
# client count and duration. Prints req/s and the ratio API/pgbench. Everything is
# removed on exit.
#
# Settings (environment): BENCH_SECONDS (10), BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# PARKMAP_BIN (bin/parkmap), PG_BIN (/usr/lib/postgresql/15/bin).
#
# wrk sends no Accept-Encoding, so responses are uncompressed, as pgbench's rows are.
# pgbench runs -M extended (parse, bind, execute each time, as lib/pq does) and reads
# every row, as the store does. All three share this machine's CPUs with PostgreSQL.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

BIN=${PARKMAP_BIN:-bin/parkmap}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DURATION=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
COLLECTIONS=(parks counties)

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

for v in "$DURATION" "$THREADS" "$CONNECTIONS"; do
	case $v in '' | *[!0-9]* | 0) die "BENCH_SECONDS, BENCH_THREADS, BENCH_CONNECTIONS must be positive integers" ;; esac
done
[ -x "$BIN" ] || die "$BIN is missing: run \`make bench\` (it builds it) or set PARKMAP_BIN"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages what is missing: wrk, and pgbench (in postgresql-15).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x "$PG_BIN/pgbench" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
	say "installing with apt-get: ${missing[*]}"
	command -v apt-get >/dev/null || die "no apt-get: install ${missing[*]} by hand"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends --no-upgrade \
		"${missing[@]}" >&2
fi

work=$(mktemp -d /tmp/parkmap-bench.XXXXXX)
cluster=""     # the cluster's dir when this script started one
server_url=""  # the PostgreSQL server: tests make their own databases on it
bench_db=""    # the database this script created on someone else's server
pids=()

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${pids[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	if [ -n "$bench_db" ]; then
		"$PG_BIN/psql" "$server_url" -X -q -c "DROP DATABASE IF EXISTS $bench_db WITH (FORCE)" >/dev/null 2>&1 ||
			say "could not drop database $bench_db"
	fi
	if [ -n "$cluster" ]; then
		scripts/pg-cluster.sh destroy "$cluster" >/dev/null 2>&1 || say "could not destroy the cluster in $cluster"
	fi
	rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port on 127.0.0.1"
}

# with_database prints URL with its database replaced by $2 (postgres:// URLs and
# key=value strings, as lib/pq and libpq read them).
with_database() {
	case $1 in
	postgres://* | postgresql://*)
		local base=${1%%\?*} query=""
		[ "$base" = "$1" ] || query="?${1#*\?}"
		local authority=${base#*://}
		authority=${authority%%/*}
		echo "${1%%://*}://$authority/$2$query"
		;;
	*) echo "$1 dbname=$2" ;;
	esac
}

if [ -n "${PARKMAP_TEST_DATABASE_URL:-}" ]; then
	server_url=$PARKMAP_TEST_DATABASE_URL
	bench_db="parkmap_bench_$$_$RANDOM"
	say "PostGIS: a new database $bench_db on PARKMAP_TEST_DATABASE_URL"
	"$PG_BIN/psql" "$server_url" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $bench_db" >/dev/null
	db_url=$(with_database "$server_url" "$bench_db")
	"$PG_BIN/psql" "$db_url" -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION postgis" >/dev/null
else
	cluster=$work/pg
	port=$(free_port)
	say "PostGIS: a throwaway cluster in $cluster on port $port"
	server_url=$(scripts/pg-cluster.sh start "$cluster" "$port")
	db_url=$server_url
fi

say "migrate, seed"
DATABASE_URL=$db_url "$BIN" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; die "migrate failed"; }
DATABASE_URL=$db_url "$BIN" seed >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; die "seed failed"; }

say "pgbench scripts from data/postgis"
PARKMAP_TEST_DATABASE_URL=$server_url go test -count=1 -run '^TestPgbenchScripts$' ./data/postgis \
	-args -pgbench-scripts "$work" >"$work/scripts.log" 2>&1 || { cat "$work/scripts.log" >&2; die "writing the pgbench scripts failed"; }
for c in "${COLLECTIONS[@]}"; do
	[ -s "$work/$c.sql" ] || die "no pgbench script for $c"
done

# start_server NAME [VAR=VALUE...]: serve on a free port, set $addr.
start_server() {
	local name=$1
	shift
	env -u DATABASE_URL PARKMAP_LOG=warn "$@" "$BIN" serve --addr 127.0.0.1:0 \
		>"$work/$name.out" 2>"$work/$name.log" &
	pids+=($!)
	addr=""
	for _ in $(seq 300); do
		addr=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/$name.out")
		[ -n "$addr" ] && return
		kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; die "parkmap serve ($name) exited"; }
		sleep 0.1
	done
	die "parkmap serve ($name) did not listen within 30 s"
}
start_server memory
memory_addr=$addr
start_server postgis DATABASE_URL="$db_url"
postgis_addr=$addr

# wrk_rps URL: requests per second, after a 1 s warm-up; fails on any non-2xx answer.
wrk_rps() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "$1" >/dev/null
	local out
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s "$1")
	if grep -q "Non-2xx" <<<"$out"; then
		echo "$out" >&2
		die "$1 answered errors"
	fi
	grep -q "Socket errors" <<<"$out" && say "$1: $(grep "Socket errors" <<<"$out")"
	awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

# pgbench_tps SCRIPT: transactions (one statement each) per second.
pgbench_tps() {
	local out
	out=$("$PG_BIN/pgbench" -n -M extended -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$1" "$db_url" 2>&1) ||
		{ echo "$out" >&2; die "pgbench $1 failed"; }
	grep -q "number of failed transactions: 0" <<<"$out" || { echo "$out" >&2; die "pgbench $1: failed transactions"; }
	awk '/^tps = / { print $3 }' <<<"$out"
}

declare -A memory postgis pgbench
for c in "${COLLECTIONS[@]}"; do
	say "$c: wrk on the embedded store"
	memory[$c]=$(wrk_rps "$memory_addr/api/collections/$c/items")
	say "$c: wrk on PostGIS"
	postgis[$c]=$(wrk_rps "$postgis_addr/api/collections/$c/items")
	say "$c: pgbench"
	pgbench[$c]=$(pgbench_tps "$work/$c.sql")
done

echo
echo "GET /api/collections/{id}/items on loopback: ${DURATION} s each, ${THREADS} threads, ${CONNECTIONS} connections, $(nproc) CPUs"
printf '%-10s %12s %12s %12s %16s\n' collection memory postgis pgbench postgis/pgbench
for c in "${COLLECTIONS[@]}"; do
	awk -v c="$c" -v m="${memory[$c]}" -v p="${postgis[$c]}" -v b="${pgbench[$c]}" \
		'BEGIN { printf "%-10s %12.0f %12.0f %12.0f %16.2f\n", c, m, p, b, p / b }'
done
echo "(requests or transactions per second; pgbench runs the store's SQL for the same page, -M extended)"

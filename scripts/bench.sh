#!/usr/bin/env bash
# make bench: issue 10's load runs on loopback, each case against the API on both stores
# and, for PostGIS, the same SQL run straight in PostgreSQL with pgbench (-M simple and
# -M prepared), one run each, ratios printed:
#
#   seed data: GET /api/collections/{parks,counties}/items (PostGIS with its page cache, the
#     default, and without: --page-cache 0);
#   for each N in BENCH_PARCELS (100000; "100000 1000000" for both), N synthetic parcels over
#   N/250 synthetic zones (`parkmap gen --zones N/250 --parcels N`: zones of 400 to 1,200 m, so a
#   parcel is about 0.2 ha, into PostGIS and into a data folder for the embedded store):
#     bbox: items with a random 0.1° box meeting the zone with most parcels, limit=100;
#     id: one parcel by a random id of that zone; 1000: items?limit=1000;
#     z10, z14: a random vector tile over that zone (z10 at one connection a core, for at
#       least 20 s: such a tile takes seconds), PostGIS with its page cache (which keeps
#       unfiltered tiles) and without; z14 city: a random z14 tile over every parcel's bounds,
#       thousands of tiles, most of them empty, so that the caches see few twice in a run;
#   and at the largest N, p50/p99 latency at 32 connections for bbox pages and z14 tiles (zone, city), the
#   API on each store (PostGIS with its cache and without) and the same SQL in pgbench (its log
#   of every transaction).
#
# Starts a throwaway PostGIS cluster (scripts/pg-cluster.sh, in a temp dir, on a free
# port) or, when PARKMAP_TEST_DATABASE_URL names a server, a database of its own on it;
# migrates and seeds it with bin/parkmap; serves with `bin/parkmap serve`. The pgbench
# statements are the store's own, written by its SQL builders (go test ./data/postgis
# -run 'TestPgbenchScripts|TestPgbenchCases'); a random box, tile or id is drawn by the
# same rule in wrk (Lua) and pgbench (\set), and -M prepared binds them as parameters,
# as the store does. Everything is removed on exit.
#
# Settings (environment): BENCH_SECONDS (10), BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_PARCELS (100000), PARKMAP_BIN (bin/parkmap), PG_BIN (/usr/lib/postgresql/15/bin).
#
# wrk sends no Accept-Encoding, so responses are uncompressed, as pgbench's rows are;
# pgbench reads every row, as the store does. All share this machine's CPUs with
# PostgreSQL: compare within a run.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

BIN=${PARKMAP_BIN:-bin/parkmap}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DURATION=${BENCH_SECONDS:-10}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
COLLECTIONS=(parks counties)
PARCELS=${BENCH_PARCELS:-100000}

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

for v in "$DURATION" "$THREADS" "$CONNECTIONS" $PARCELS; do
	case $v in '' | *[!0-9]* | 0) die "BENCH_SECONDS, BENCH_THREADS, BENCH_CONNECTIONS and BENCH_PARCELS must be positive integers" ;; esac
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
PARKMAP_TEST_DATABASE_URL=$server_url go test -count=1 -run '^(TestPgbenchScripts|TestPgbenchCases)$' ./data/postgis \
	-args -pgbench-scripts "$work" >"$work/scripts.log" 2>&1 || { cat "$work/scripts.log" >&2; die "writing the pgbench scripts failed"; }
for c in "${COLLECTIONS[@]}" parcels-bbox parcels-by-id parcels-1000 parcels-tile; do
	[ -s "$work/$c.sql" ] || die "no pgbench script for $c"
done

# start_server NAME [VAR=VALUE...] [-- SERVE-ARGS...]: serve on a free port, set $addr.
start_server() {
	local name=$1
	shift
	local vars=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		vars+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	env -u DATABASE_URL PARKMAP_LOG=warn "${vars[@]}" "$BIN" serve --addr 127.0.0.1:0 "$@" \
		>"$work/$name.out" 2>"$work/$name.log" &
	pids+=($!)
	addr=""
	for _ in $(seq 1200); do
		addr=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/$name.out")
		[ -n "$addr" ] && return
		kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$name.log" >&2; die "parkmap serve ($name) exited"; }
		sleep 0.1
	done
	die "parkmap serve ($name) did not listen within 120 s"
}
start_server memory
memory_addr=$addr
start_server postgis DATABASE_URL="$db_url"
postgis_addr=$addr
start_server postgis-nocache DATABASE_URL="$db_url" PARKMAP_PAGE_CACHE=0
nocache_addr=$addr

# wrk_out ARGS...: wrk's report, after a 1 s warm-up; fails on any non-2xx answer.
wrk_out() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d1s "$@" >/dev/null
	local out
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s "$@")
	# An answer other than 2xx (a 503 of a store too slow for its queue) is
	# reported, and the case's figure is "err".
	if grep -q "Non-2xx" <<<"$out"; then
		say "wrk $*: $(grep "Non-2xx" <<<"$out" | sed 's/^ *//') of $(awk '/requests in/ { print $1 }' <<<"$out")"
		echo "ERRORS"
	fi
	grep -q "Socket errors" <<<"$out" && say "$*: $(grep "Socket errors" <<<"$out")"
	echo "$out"
}

# wrk_rps ARGS...: requests per second, or err.
wrk_rps() { wrk_out "$@" | awk '/^ERRORS$/ { e = 1 } /^Requests\/sec:/ { r = $2 } END { print e ? "err" : r }'; }

# pgbench_tps MODE SCRIPT: transactions (one statement each) per second.
pgbench_tps() {
	local out
	# The session settings the API's pool gives its connections (data/postgis/pool.go), so
	# that both run the same plans.
	out=$(PGOPTIONS="-c jit=off -c max_parallel_workers_per_gather=0" "$PG_BIN/pgbench" -n -M "$1" -c "$CONNECTIONS" -j "$THREADS" -T "$DURATION" -f "$2" "$db_url" 2>&1) ||
		{ echo "$out" >&2; die "pgbench $2 failed"; }
	grep -q "number of failed transactions: 0" <<<"$out" || { echo "$out" >&2; die "pgbench $2: failed transactions"; }
	awk '/^tps = / { print $3 }' <<<"$out"
}

# pgbench_latency NAME SCRIPT: p50 and p99 of the script at 32 clients, -M prepared.
pgbench_latency() {
	local dir
	dir=$(mktemp -d "$work/pglog.XXXXXX")
	(cd "$dir" && PGOPTIONS="-c jit=off -c max_parallel_workers_per_gather=0" "$PG_BIN/pgbench" -n -M prepared -c 32 \
		-j "$THREADS" -T "$DURATION" --log --log-prefix=tx -f "$2" "$db_url" >"$dir/out" 2>&1) ||
		{ cat "$dir/out" >&2; die "pgbench $2 failed"; }
	# Each line: client, transaction, latency (µs), script, epoch s, µs.
	cat "$dir"/tx.* | awk '{ print $3 }' | sort -n | awk -v n="$1" -v d="$DURATION" '{ l[NR] = $1 }
		END { printf "%-30s p50 %7.2fms  p99 %7.2fms  %8.0f tx/s", n, l[int(NR * 0.5)] / 1000, l[int(NR * 0.99)] / 1000, NR / d }'
	rm -rf "$dir"
}

rows=()
# row NAME MEMORY POSTGIS SIMPLE PREPARED: one line of the table.
row() { rows+=("$(awk -v n="$1" -v m="$2" -v p="$3" -v s="$4" -v r="$5" 'function ratio(a, b) { return (a == "" || b == "" || a == "err" || b == "err" || b == 0) ? "-" : sprintf("%.2f", a / b) }
	function num(a) { return a == "" ? "-" : a == "err" ? a : sprintf("%.0f", a) }
	BEGIN { printf "%-22s %9s %9s %9s %9s %10s %10s %10s", n, num(m), num(p), num(s), num(r), ratio(p, s), ratio(p, r), ratio(p, m) }')"); }

for c in "${COLLECTIONS[@]}"; do
	say "$c: wrk on the embedded store, PostGIS (cached, not), pgbench"
	m=$(wrk_rps "$memory_addr/api/collections/$c/items")
	p=$(wrk_rps "$postgis_addr/api/collections/$c/items")
	n=$(wrk_rps "$nocache_addr/api/collections/$c/items")
	s=$(pgbench_tps simple "$work/$c.sql")
	r=$(pgbench_tps prepared "$work/$c.sql")
	row "seed $c" "$m" "$p" "$s" "$r"
	row "seed $c, no cache" "$m" "$n" "$s" "$r"
done

latency=()
for n in $PARCELS; do
	say "$n parcels: gen into PostGIS and a data folder"
	zones=(--zones $((n / 250)))
	DATABASE_URL=$db_url "$BIN" gen "${zones[@]}" --parcels "$n" --seed 1 >"$work/gen.log" 2>&1 || { cat "$work/gen.log" >&2; die "gen failed"; }
	"$PG_BIN/psql" "$db_url" -X -q -c "VACUUM ANALYZE parcels" >/dev/null
	rm -rf "$work/data"
	"$BIN" gen "${zones[@]}" --parcels "$n" --seed 1 --out "$work/data" >"$work/gen.log" 2>&1 || { cat "$work/gen.log" >&2; die "gen --out failed"; }
	start_server "memory-$n" PARKMAP_MAX_DATA_FILE=4GiB PARKMAP_MEMORY_LIMIT=0 -- --data "$work/data"
	mem_addr=$addr

	# The zone with most parcels: its bounds and how many (ids run ZONE-p0000001…).
	read -r zone count minx miny maxx maxy < <("$PG_BIN/psql" "$db_url" -X -A -t -F ' ' -c \
		"SELECT park, count(*), ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)), ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom)) FROM parcels GROUP BY park ORDER BY count(*) DESC, park LIMIT 1")
	say "$n parcels: $zone has $count, in $minx $miny $maxx $maxy"
	# A 0.1° box whose south-west corner is uniform in [min - 0.1, max]: it meets the zone's bounds.
	x0=$(awk -v a="$minx" 'BEGIN { printf "%.7f", a - 0.1 }'); xs=$(awk -v a="$minx" -v b="$maxx" 'BEGIN { printf "%.7f", b - a + 0.1 }')
	y0=$(awk -v a="$miny" 'BEGIN { printf "%.7f", a - 0.1 }'); ys=$(awk -v a="$miny" -v b="$maxy" 'BEGIN { printf "%.7f", b - a + 0.1 }')
	{
		echo "\\set x0 $x0 + random(0, 1000000) * $xs / 1000000.0"
		echo "\\set y0 $y0 + random(0, 1000000) * $ys / 1000000.0"
		echo "\\set x1 :x0 + 0.1"
		echo "\\set y1 :y0 + 0.1"
		sed 1d "$work/parcels-bbox.sql"
	} >"$work/bbox.sql"
	cat >"$work/bbox.lua" <<LUA
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
	local x0 = $x0 + math.random() * $xs
	local y0 = $y0 + math.random() * $ys
	return wrk.format("GET", string.format("/api/collections/parcels/items?limit=100&bbox=%.7f,%.7f,%.7f,%.7f", x0, y0, x0 + 0.1, y0 + 0.1))
end
LUA
	{
		echo "\\set k random(1, $count)"
		sed 1d "$work/parcels-by-id.sql" | sed "s/@ID@/('$zone-p' || lpad(:k::text, 7, '0'))/"
	} >"$work/id.sql"
	cat >"$work/id.lua" <<LUA
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
	return wrk.format("GET", string.format("/api/collections/parcels/items/$zone-p%07d", math.random(1, $count)))
end
LUA
	m=$(wrk_rps -s "$work/bbox.lua" "$mem_addr"); p=$(wrk_rps -s "$work/bbox.lua" "$postgis_addr")
	s=$(pgbench_tps simple "$work/bbox.sql"); r=$(pgbench_tps prepared "$work/bbox.sql")
	row "$n bbox limit=100" "$m" "$p" "$s" "$r"
	m=$(wrk_rps -s "$work/id.lua" "$mem_addr"); p=$(wrk_rps -s "$work/id.lua" "$postgis_addr")
	s=$(pgbench_tps simple "$work/id.sql"); r=$(pgbench_tps prepared "$work/id.sql")
	row "$n by id" "$m" "$p" "$s" "$r"
	m=$(wrk_rps "$mem_addr/api/collections/parcels/items?limit=1000"); p=$(wrk_rps "$postgis_addr/api/collections/parcels/items?limit=1000")
	nc=$(wrk_rps "$nocache_addr/api/collections/parcels/items?limit=1000")
	s=$(pgbench_tps simple "$work/parcels-1000.sql"); r=$(pgbench_tps prepared "$work/parcels-1000.sql")
	row "$n limit=1000" "$m" "$p" "$s" "$r"
	row "$n limit=1000, no cache" "$m" "$nc" "$s" "$r"
	# The bounds of every parcel, for tiles over the whole city.
	read -r cminx cminy cmaxx cmaxy < <("$PG_BIN/psql" "$db_url" -X -A -t -F ' ' -c \
		"SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM parcels) x")
	for z in 10 14 city14; do
		# The tiles over the zone's bounds (city14: the city's, at z14), x west to east, y
		# north to south.
		a=$minx b=$miny c=$maxx d=$maxy
		if [ "$z" = city14 ]; then a=$cminx b=$cminy c=$cmaxx d=$cmaxy; fi
		name=$z
		[ "$z" = city14 ] && z=14
		read -r tx0 tx1 ty0 ty1 < <(awk -v z="$z" -v a="$a" -v b="$b" -v c="$c" -v d="$d" 'function tx(lon) { return int((lon + 180) / 360 * 2^z) }
			function ty(lat,  r) { r = lat * 3.141592653589793 / 180; return int((1 - log(sin(r) / cos(r) + 1 / cos(r)) / 3.141592653589793) / 2 * 2^z) }
			BEGIN { print tx(a), tx(c), ty(d), ty(b) }')
		{
			echo "\\set z $z"
			echo "\\set x random($tx0, $tx1)"
			echo "\\set y random($ty0, $ty1)"
			sed 1d "$work/parcels-tile.sql"
		} >"$work/tile$name.sql"
		cat >"$work/tile$name.lua" <<LUA
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
	return wrk.format("GET", string.format("/api/collections/parcels/tiles/WebMercatorQuad/$z/%d/%d", math.random($ty0, $ty1), math.random($tx0, $tx1)))
end
LUA
		# A z10 tile holds a city's worth of parcels (77,234 over Hongta at 1M, 2.7 s of
		# PostgreSQL's CPU): at 16 connections every request would queue past wrk's 10 s
		# timeout and a 5 s run finish none. So one connection a core, for at least 20 s.
		conns=$CONNECTIONS secs=$DURATION
		if [ "$z" = 10 ]; then conns=$(nproc) secs=$((DURATION > 20 ? DURATION : 20)); fi
		m=$(CONNECTIONS=$conns DURATION=$secs wrk_rps -s "$work/tile$name.lua" "$mem_addr")
		p=$(CONNECTIONS=$conns DURATION=$secs wrk_rps -s "$work/tile$name.lua" "$postgis_addr")
		nc=$(CONNECTIONS=$conns DURATION=$secs wrk_rps -s "$work/tile$name.lua" "$nocache_addr")
		s=$(CONNECTIONS=$conns DURATION=$secs pgbench_tps simple "$work/tile$name.sql")
		r=$(CONNECTIONS=$conns DURATION=$secs pgbench_tps prepared "$work/tile$name.sql")
		label="tile z$z"
		[ "$name" = city14 ] && label="tile z14 city"
		row "$n $label" "$m" "$p" "$s" "$r"
		row "$n $label, no cache" "$m" "$nc" "$s" "$r"
	done
	if [ "$n" = "${PARCELS##* }" ]; then
		for c in bbox tile14 tilecity14; do
			for store in memory postgis "postgis no cache"; do
				a=$mem_addr
				[ "$store" = postgis ] && a=$postgis_addr
				[ "$store" = "postgis no cache" ] && a=$nocache_addr
				out=$(CONNECTIONS=32 wrk_out --latency -s "$work/$c.lua" "$a")
				latency+=("$(awk -v n="$n $c $store" '$1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } /^Requests\/sec:/ { r = $2 } END { printf "%-30s p50 %9s  p99 %9s  %8.0f req/s", n, p50, p99, r }' <<<"$out")")
			done
			# The same SQL straight in PostgreSQL at 32 clients: what the database alone
			# gives on these cores, from pgbench's log of every transaction.
			latency+=("$(pgbench_latency "$n $c pgbench prepared" "$work/$c.sql")")
		done
	fi
	kill -TERM "${pids[-1]}" 2>/dev/null || true
done

echo
echo "loopback, ${DURATION} s each, ${THREADS} threads, ${CONNECTIONS} connections, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %9s %9s %9s %9s %10s %10s %10s\n' case memory postgis simple prepared pg/simple pg/prepared pg/memory
printf '%s\n' "${rows[@]}"
echo "(req/s of the API on each store; pgbench's tps on the store's SQL for the same request, -M simple and -M prepared)"
if [ ${#latency[@]} -gt 0 ]; then
	echo
	echo "latency at 32 connections (wrk --latency and pgbench --log, ${DURATION} s):"
	printf '%s\n' "${latency[@]}"
fi

#!/usr/bin/env bash
# A load run against PostGIS with the pool exhausted: the parks table is locked (ACCESS
# EXCLUSIVE, held by a psql session), so every parks request holds a connection until
# statement_timeout; wrk then opens C connections to /api/collections/parks/items with
# Accept-Encoding: gzip, for each C given. For each C the server is started afresh, and
# the script prints the peak of go_memstats_heap_inuse_bytes and of the process's RSS
# (sampled every 0.5 s), wrk's counts, how /readyz and a counties page answer mid-run
# (status and seconds), and how many ERROR lines the log got.
#
# Usage: scripts/load-stall.sh BINARY DATABASE_URL [CONNECTIONS...]   (default 64 256 1024)
# The database must be migrated and seeded. Settings: LOAD_SECONDS (10), LOAD_PORT (18931).
# Loopback only; every process it starts is stopped on exit.
set -euo pipefail
BIN=$1 DB=$2
shift 2
CONNS=("$@")
[[ $# -eq 0 ]] && CONNS=(64 256 1024)
SECONDS_RUN=${LOAD_SECONDS:-10}
PORT=${LOAD_PORT:-18931}
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	# pg_sleep does not notice its client is gone: end the locking session itself.
	psql -q "$DB" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'load-stall'" >/dev/null 2>&1 || true
	rm -f "$LOG"
}
trap cleanup EXIT

PGAPPNAME=load-stall psql -q "$DB" -c "BEGIN; LOCK TABLE parks IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3600); COMMIT;" >/dev/null 2>&1 &
pids+=($!)
sleep 1

printf '%-6s %-14s %-12s %-30s %-18s %-18s %s\n' conns heap_inuse_max rss_max wrk "readyz(code s)" "counties(code s)" error_lines
for c in "${CONNS[@]}"; do
	: >"$LOG"
	DATABASE_URL=$DB PARKMAP_LOG=warn PARKMAP_DRAIN_DELAY=0 "$BIN" serve --addr 127.0.0.1:$PORT >/dev/null 2>"$LOG" &
	srv=$!
	pids+=($srv)
	for _ in $(seq 50); do curl -fs -o /dev/null $BASE/healthz && break; sleep 0.1; done
	wrk -t2 -c"$c" -d"${SECONDS_RUN}s" --timeout 30s -H 'Accept-Encoding: gzip' $BASE/api/collections/parks/items >/tmp/load-stall-wrk.$$ 2>&1 &
	wrkpid=$!
	pids+=($wrkpid)
	heap=0 rss=0 ready="" counties="" i=0
	while kill -0 $wrkpid 2>/dev/null; do
		h=$(curl -s --max-time 5 $BASE/metrics | awk '/^go_memstats_heap_inuse_bytes /{printf "%d", $2}')
		r=$(awk '/^VmRSS/{print $2*1024}' /proc/$srv/status 2>/dev/null || echo 0)
		((${h:-0} > heap)) && heap=$h
		((${r:-0} > rss)) && rss=$r
		i=$((i + 1))
		if ((i == 8)); then # mid-run
			ready=$(curl -s -o /dev/null --max-time 15 -w '%{http_code} %{time_total}' $BASE/readyz || true)
			counties=$(curl -s -o /dev/null --max-time 15 -w '%{http_code} %{time_total}' $BASE/api/collections/counties/items || true)
		fi
		sleep 0.5
	done
	w=$(awk '/requests in/{r=$1} /Non-2xx/{n=$5} /Socket errors/{s=$0} END{printf "%s req, %s non-2xx", r, n+0}' /tmp/load-stall-wrk.$$)
	errs=$(grep -c 'level=ERROR' "$LOG" || true)
	printf '%-6s %-14s %-12s %-30s %-18s %-18s %s\n' "$c" "$((heap >> 20)) MiB" "$((rss >> 20)) MiB" "$w" "$ready" "$counties" "$errs"
	kill $srv 2>/dev/null; wait $srv 2>/dev/null || true
done
rm -f /tmp/load-stall-wrk.$$

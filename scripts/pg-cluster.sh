#!/usr/bin/env bash
# Runs a throwaway PostgreSQL 15 + PostGIS cluster for tests and local work.
#
#   scripts/pg-cluster.sh start DIR PORT   create (if missing) and start the cluster in DIR,
#                                          create database parkmap with PostGIS, print its URL
#   scripts/pg-cluster.sh stop DIR         stop it (fast shutdown); the files stay
#   scripts/pg-cluster.sh destroy DIR      stop it and delete DIR
#   scripts/pg-cluster.sh url DIR PORT     print the URL
#   scripts/pg-cluster.sh replica DIR PORT PRIMARY_DIR
#                                          a streaming replica of the cluster running in
#                                          PRIMARY_DIR (pg_basebackup -R), started in DIR
#                                          on PORT once it is in recovery; print its URL
#
# The URL is the only thing written to stdout, so URL=$(scripts/pg-cluster.sh start ...)
# works; progress goes to stderr. start is idempotent: on a running cluster it only
# prints the URL. The cluster listens on 127.0.0.1:PORT and on a Unix socket in DIR,
# trusts every local connection (-A trust) and runs with fsync off: it is for tests,
# never for data anyone keeps.
#
# Needs PostgreSQL 15 (PG_BIN, default /usr/lib/postgresql/15/bin) and PostGIS 3: what is
# missing it installs with apt-get (postgresql-15, postgresql-15-postgis-3; as root, or via
# sudo), never upgrading what is already there. Run as root, the cluster runs as the
# postgres user (initdb refuses root); otherwise as the calling user.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_SHARE=${PG_SHARE:-/usr/share/postgresql/15}
DB=parkmap

die() { echo "pg-cluster: $*" >&2; exit 1; }
say() { echo "pg-cluster: $*" >&2; }

usage() {
	sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# as_pg runs a command as the cluster's owner.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgres://postgres@127.0.0.1:$2/$DB?sslmode=disable"; }

check_port() {
	case $1 in
	'' | *[!0-9]*) die "PORT must be a number, got '$1'" ;;
	esac
	[ "$1" -ge 1 ] && [ "$1" -le 65535 ] || die "PORT out of range: $1"
}

# absolute resolves DIR without requiring it to exist.
absolute() { realpath -m -- "$1"; }

ensure_installed() {
	local pkgs=()
	[ -x "$PG_BIN/initdb" ] || pkgs+=(postgresql-15)
	[ -f "$PG_SHARE/extension/postgis.control" ] || pkgs+=(postgresql-15-postgis-3)
	[ ${#pkgs[@]} -gt 0 ] || return 0
	say "missing, installing with apt-get: ${pkgs[*]}"
	command -v apt-get >/dev/null || die "no apt-get: install PostgreSQL 15 and PostGIS 3 by hand (or set PG_BIN, PG_SHARE)"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
	# --no-upgrade: never move a PostgreSQL that is already installed (and
	# perhaps running other clusters) to a newer minor version.
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends --no-upgrade \
		"${pkgs[@]}" >&2
	[ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb still missing after apt-get"
	[ -f "$PG_SHARE/extension/postgis.control" ] || die "PostGIS still missing after apt-get"
}

# reachable makes sure the cluster's user can enter every parent of DIR. Under
# /tmp (go test's t.TempDir is 0700) it adds o+x; elsewhere it only complains.
reachable() {
	local dir=$1 p
	[ "$(id -u)" -eq 0 ] || return 0
	p=$(dirname "$dir")
	while [ "$p" != / ]; do
		if ! runuser -u postgres -- test -x "$p"; then
			case $p/ in
			/tmp/*) chmod o+x "$p" ;;
			*) die "user postgres cannot enter $p: choose a DIR under /tmp or fix its mode" ;;
			esac
		fi
		p=$(dirname "$p")
	done
}

running() { as_pg "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1; }

psql_() {
	local dir=$1 port=$2 db=$3
	shift 3
	as_pg "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d "$db" -X -q -v ON_ERROR_STOP=1 "$@"
}

start() {
	local dir port
	dir=$(absolute "$1")
	port=$2
	check_port "$port"
	ensure_installed
	mkdir -p "$dir"
	reachable "$dir"
	if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi

	if [ ! -f "$dir/data/PG_VERSION" ]; then
		say "initdb in $dir/data"
		as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >/dev/null
		as_pg tee -a "$dir/data/postgresql.conf" >/dev/null <<-CONF

			# pg-cluster.sh: a throwaway test cluster
			listen_addresses = '127.0.0.1'
			port = $port
			unix_socket_directories = '$dir'
			fsync = off
			synchronous_commit = off
			full_page_writes = off
			max_connections = 200
			# a primary for streaming replicas (pg-cluster.sh replica)
			wal_level = replica
			max_wal_senders = 10
			wal_keep_size = '256MB'
		CONF
		# initdb -A trust writes these already; said here so that a replica's
		# pg_basebackup does not hang on what a default might become.
		as_pg tee -a "$dir/data/pg_hba.conf" >/dev/null <<-HBA
			local replication all trust
			host replication all 127.0.0.1/32 trust
		HBA
	fi

	if running "$dir"; then
		# Started earlier, perhaps on another port: say so rather than print a wrong URL.
		local have
		have=$(as_pg head -4 "$dir/data/postmaster.pid" | tail -1)
		[ "$have" = "$port" ] || die "the cluster in $dir is running on port $have, not $port"
	else
		say "starting on 127.0.0.1:$port (log $dir/postgres.log)"
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "-p $port" start >/dev/null ||
			die "start failed; see $dir/postgres.log"
	fi

	if [ -z "$(psql_ "$dir" "$port" postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
		psql_ "$dir" "$port" postgres -c "CREATE DATABASE $DB"
	fi
	psql_ "$dir" "$port" "$DB" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS postgis"
	url "$dir" "$port"
}

replica() {
	local dir port primary pport
	dir=$(absolute "$1")
	port=$2
	primary=$(absolute "$3")
	check_port "$port"
	ensure_installed
	[ -f "$primary/data/PG_VERSION" ] && running "$primary" || die "no cluster running in $primary"
	pport=$(as_pg head -4 "$primary/data/postmaster.pid" | tail -1)
	mkdir -p "$dir"
	reachable "$dir"
	if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi

	if [ ! -f "$dir/data/PG_VERSION" ]; then
		say "pg_basebackup from $primary (port $pport) into $dir/data"
		# -R writes standby.signal and primary_conninfo; -X stream copies the WAL
		# written during the backup, so the replica starts consistent.
		as_pg "$PG_BIN/pg_basebackup" -h "$primary" -p "$pport" -U postgres -D "$dir/data" \
			-R -X stream -c fast --no-sync >&2 || die "pg_basebackup failed"
		# The primary's settings came along; later lines win.
		as_pg tee -a "$dir/data/postgresql.conf" >/dev/null <<-CONF

			# pg-cluster.sh: a streaming replica of $primary
			port = $port
			unix_socket_directories = '$dir'
			hot_standby = on
		CONF
	fi
	if ! running "$dir"; then
		say "starting the replica on 127.0.0.1:$port (log $dir/postgres.log)"
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "-p $port" start >/dev/null ||
			die "replica start failed; see $dir/postgres.log"
	fi
	local i
	for i in $(seq 1 120); do
		[ "$(psql_ "$dir" "$port" "$DB" -tA -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ] && break
		[ "$i" -lt 120 ] || die "the replica in $dir is not in recovery after 60 s; see $dir/postgres.log"
		sleep 0.5
	done
	url "$dir" "$port"
}

stop() {
	local dir
	dir=$(absolute "$1")
	[ -f "$dir/data/PG_VERSION" ] || die "no cluster in $dir"
	if running "$dir"; then
		as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
		say "stopped $dir"
	fi
}

destroy() {
	local dir
	dir=$(absolute "$1")
	[ -f "$dir/data/PG_VERSION" ] || die "no cluster in $dir: not deleting it"
	stop "$dir"
	rm -rf -- "$dir"
	say "deleted $dir"
}

case ${1:-} in
start) [ $# -eq 3 ] || usage; start "$2" "$3" ;;
stop) [ $# -eq 2 ] || usage; stop "$2" ;;
destroy) [ $# -eq 2 ] || usage; destroy "$2" ;;
replica) [ $# -eq 4 ] || usage; replica "$2" "$3" "$4" ;;
url) [ $# -eq 3 ] || usage; check_port "$3"; url "$2" "$3" ;;
*) usage ;;
esac

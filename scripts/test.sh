#!/usr/bin/env bash
# make test: installs what the tests need, starts a throwaway PostGIS cluster
# (unless PARKMAP_TEST_DATABASE_URL names a database), runs the checks and every
# test, and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/vendor-web.sh

if [ -z "${PARKMAP_TEST_DATABASE_URL:-}" ]; then
	dir=$(mktemp -d /tmp/parkmap-test-pg.XXXXXX)
	chmod 755 "$dir"
	port=55440
	while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
	trap 'scripts/pg-cluster.sh destroy "$dir" >/dev/null 2>&1 || true' EXIT
	PARKMAP_TEST_DATABASE_URL=$(scripts/pg-cluster.sh start "$dir" "$port")
	export PARKMAP_TEST_DATABASE_URL
fi
echo "test: PostGIS at $PARKMAP_TEST_DATABASE_URL" >&2

echo "test: gofmt, go vet, staticcheck" >&2
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/node_modules/*'))
if [ -n "$unformatted" ]; then
	echo "gofmt: these files need formatting:" >&2
	echo "$unformatted" >&2
	exit 1
fi
# A merge's leftovers in a file git does not compile (CSS, JS, SQL) pass every other check.
if git rev-parse --git-dir >/dev/null 2>&1 && markers=$(git grep -nIE '^(<<<<<<<|>>>>>>>)( |$)|^=======$' -- ':!web/node_modules'); then
	echo "merge conflict markers left in:" >&2
	echo "$markers" >&2
	exit 1
fi
go vet ./...
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

echo "test: go test" >&2
# A package's binary gets 20 minutes, not go test's 10: cmd/parkmap's run takes about 3 on a quiet
# machine and passed 10 on one shared with other work.
go test -count=1 -timeout 20m "$@" ./...

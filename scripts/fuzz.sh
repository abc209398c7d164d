#!/usr/bin/env bash
# make fuzz: runs every fuzz test in the module (each `func FuzzXxx(f *testing.F)` in a
# _test.go file), one after the other, for FUZZTIME each (default 30s; any -fuzztime
# value: 1m, 500x). Stops at the first failure, which go test reports with the input
# it saved under the package's testdata/fuzz/ (add it to the corpus with the fix).
#
#   scripts/fuzz.sh            all of them
#   scripts/fuzz.sh Validate   only those whose name matches the grep pattern
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${FUZZTIME:-30s}
filter=${1:-}

# "dir name" per fuzz test, in a stable order; web/node_modules is not ours.
mapfile -t targets < <(
	grep -rE --include='*_test.go' --exclude-dir=node_modules --exclude-dir=.git \
		'^func Fuzz[A-Za-z0-9_]*\(' . |
		sed -E 's|^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|\1 \2|' |
		sort -u
)
if [ -n "$filter" ]; then
	mapfile -t targets < <(printf '%s\n' "${targets[@]}" | grep -E -- "$filter" || true)
fi
[ ${#targets[@]} -gt 0 ] && [ -n "${targets[0]}" ] || { echo "fuzz: no fuzz tests found${filter:+ matching $filter}" >&2; exit 1; }

echo "fuzz: ${#targets[@]} fuzz tests, $FUZZTIME each" >&2
for t in "${targets[@]}"; do
	dir=${t% *}
	name=${t#* }
	echo "fuzz: $name in $dir" >&2
	if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" "$dir"; then
		echo "fuzz: $name in $dir failed" >&2
		exit 1
	fi
done
echo "fuzz: all ${#targets[@]} passed" >&2

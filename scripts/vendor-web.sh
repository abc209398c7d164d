#!/bin/sh
# vendor-web.sh copies Leaflet from npm into web/static/vendor/leaflet/, where
# web/embed.go embeds it. The map must work offline, so no CDN: the files come
# from the package pinned in web/package-lock.json. Run it before `go build`
# and `go test` (the Makefile does); it is idempotent and cheap when nothing
# changed.
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
web="$root/web"
src="$web/node_modules/leaflet/dist"
dst="$web/static/vendor/leaflet"

command -v npm >/dev/null 2>&1 || {
	echo "vendor-web.sh: npm not found; install Node.js (npm) to vendor Leaflet" >&2
	exit 1
}

# npm ci when node_modules is missing or older than the lock file.
# npm ci touches node_modules/.package-lock.json, which makes the test below
# false on the next run.
stamp="$web/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$web/package-lock.json" -nt "$stamp" ]; then
	(cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi

test -f "$src/leaflet.js" || {
	echo "vendor-web.sh: $src/leaflet.js missing after npm ci" >&2
	exit 1
}

# Copy into a fresh temporary folder, then swap it in, so an interrupted run
# never leaves a half-copied vendor folder behind.
mkdir -p "$web/static/vendor"
tmp=$(mktemp -d "$web/static/vendor/.leaflet.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cp "$src/leaflet.js" "$src/leaflet.css" "$tmp/"
cp -R "$src/images" "$tmp/images"
rm -rf "$dst"
mv "$tmp" "$dst"
trap - EXIT

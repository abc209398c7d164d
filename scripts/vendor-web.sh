#!/bin/sh
# vendor-web.sh copies Leaflet, protomaps-leaflet and Swagger UI from npm into
# web/static/vendor/ (leaflet/, protomaps-leaflet/, swagger-ui/), where
# web/embed.go embeds them. The map and the API
# documentation page must work offline, so no CDN: the files come from the
# packages pinned in web/package-lock.json. Run it before `go build`
# and `go test` (the Makefile does); it is idempotent and cheap when nothing
# changed.
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
web="$root/web"

command -v npm >/dev/null 2>&1 || {
	echo "vendor-web.sh: npm not found; install Node.js (npm) to vendor Leaflet and Swagger UI" >&2
	exit 1
}

# npm ci when node_modules is missing or older than the lock file.
# npm ci touches node_modules/.package-lock.json, which makes the test below
# false on the next run. No install scripts: the packages need none, and
# swagger-ui-dist's dependency @scarf/scarf would report the install to a
# remote host.
stamp="$web/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$web/package-lock.json" -nt "$stamp" ]; then
	(cd "$web" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

# vendor NAME SRC FILE... copies the files (and folders) from SRC into a
# fresh temporary folder, then swaps it in as web/static/vendor/NAME, so an
# interrupted run never leaves a half-copied vendor folder behind.
vendor() {
	name=$1 src=$2
	shift 2
	for f in "$@"; do
		test -e "$src/$f" || {
			echo "vendor-web.sh: $src/$f missing after npm ci" >&2
			exit 1
		}
	done
	tmp=$(mktemp -d "$web/static/vendor/.$name.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	chmod 755 "$tmp"
	for f in "$@"; do
		cp -R "$src/$f" "$tmp/"
	done
	rm -rf "$web/static/vendor/$name"
	mv "$tmp" "$web/static/vendor/$name"
	trap - EXIT
}

mkdir -p "$web/static/vendor"
vendor leaflet "$web/node_modules/leaflet/dist" leaflet.js leaflet.css images
# protomaps-leaflet draws the parcels' vector tiles on canvas: its one
# self-contained bundle (the global protomapsL), which loads no worker, no
# font and nothing from another host, so the page's CSP stays as it is.
vendor protomaps-leaflet "$web/node_modules/protomaps-leaflet" dist/protomaps-leaflet.js LICENSE
# Swagger UI for /api/docs: the one bundle (React and all) and its styles;
# the page's own start-up code is web/static/js/apidocs.js, not inline, so
# that a Content-Security-Policy without 'unsafe-inline' lets it run.
vendor swagger-ui "$web/node_modules/swagger-ui-dist" swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE

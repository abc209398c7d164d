#!/usr/bin/env bash
# Installs, with apt, the Debian packages the tests need and the machine lacks:
# PostGIS for the PostgreSQL 15 it runs, Chromium for the browser tests, and a CJK
# font so that Chinese renders in their screenshots, and GDAL (ogrinfo, ogr2ogr), the GIS
# client the interop tests read the API with; PROJ (libproj-dev, which go-proj links
# through cgo, and cs2cs, the reference the CRS tests' table was made with); OWSLib
# (python3-owslib) and QGIS's Python bindings (python3-qgis, with its OAPIF provider), the
# Python client and the desktop GIS the interop tests call the API with. Does nothing when
# all are there.
#
# scripts/deps.sh build installs only what building needs: libproj-dev, which the binary links
# (go-proj, for the embedded store's CRS transforms), so that make run works on a fresh machine.
set -euo pipefail

packages=(postgresql-15 postgresql-15-postgis-3 chromium fonts-noto-cjk gdal-bin proj-bin libproj-dev python3-owslib python3-qgis)
if [ "${1:-}" = build ]; then
	packages=(libproj-dev)
fi
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [[ " ${missing[*]} " == *" python3-qgis "* ]]; then
	# So that apt meets python3-fonttools' alternatives (matplotlib, which QGIS needs, needs
	# it) with these rather than with SciPy, which brings Pythran, GCC, Boost and OpenBLAS.
	# With python3-qgis alone (the provider and bindings, not the desktop qgis package), a
	# clean Debian 12 gets 182 packages, 169 MB; qgis python3-qgis would be 232, 303 MB.
	missing+=(python3-munkres python3-defcon)
fi

echo "deps: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

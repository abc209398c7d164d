package postgis

// The statements of an import (import.go). The staging table import_rows
// holds the file's rows: n (the feature's number in the file), geom, and
// the collection's columns under their own names.
const (
	qDomainChains  = `SELECT ARRAY(SELECT slug FROM chains ORDER BY position, slug)`
	qDomainParks   = `SELECT ARRAY(SELECT id FROM parks ORDER BY id)`
	qDomainSources = `SELECT ARRAY(SELECT id FROM sources ORDER BY id)`

	qSRIDKnown = `SELECT $1::int = 4326 OR EXISTS (SELECT FROM spatial_ref_sys WHERE srid = $1::int AND auth_name = 'EPSG')`

	// $1 the file's SRID; transforming 4326 to itself changes nothing.
	qImportTransform = `UPDATE import_rows SET geom = ST_Transform(ST_SetSRID(geom, $1::int), 4326) WHERE geom IS NOT NULL`

	// NOT (… BETWEEN …) also catches the NaN and infinities a failed
	// projection leaves.
	qImportOutOfRange = `
SELECT n, '' FROM import_rows
WHERE geom IS NOT NULL AND NOT (
	ST_XMin(geom) BETWEEN -180 AND 180 AND ST_XMax(geom) BETWEEN -180 AND 180 AND
	ST_YMin(geom) BETWEEN -90 AND 90 AND ST_YMax(geom) BETWEEN -90 AND 90)
ORDER BY n`

	qImportInvalid = `
SELECT n, ST_IsValidReason(geom) FROM import_rows
WHERE geom IS NOT NULL AND (NOT ST_IsValid(geom) OR ST_IsEmpty(geom))
ORDER BY n`

	// The polygons of the repaired geometry, as a MultiPolygon: ST_MakeValid
	// may leave lines or points where a polygon collapsed.
	qImportMakeValid = `
UPDATE import_rows SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3))
WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)`
	qImportEmpty = `SELECT n, '' FROM import_rows WHERE geom IS NOT NULL AND ST_IsEmpty(geom) ORDER BY n`

	// A zone's or project's segments, in the order the file lists them,
	// as Seed writes them.
	qImportParkSegmentsPrune = `DELETE FROM park_segments WHERE park IN (SELECT id FROM import_rows)`
	qImportParkSegments      = `
INSERT INTO park_segments (park, segment, position)
SELECT i.id, u.segment, u.n FROM import_rows i, unnest(i.segments) WITH ORDINALITY AS u(segment, n)`
	qImportProjectSegmentsPrune = `DELETE FROM project_segments WHERE project IN (SELECT id FROM import_rows)`
	qImportProjectSegments      = `
INSERT INTO project_segments (project, segment, position)
SELECT i.id, u.segment, u.n FROM import_rows i, unnest(i.segments) WITH ORDINALITY AS u(segment, n)`

	// The derived columns, as migration 0002 computes them and as
	// geo.ParkRecord and its kin do for Seed: a zone's stages in its chain's
	// order, citations in the order of the source ids.
	importCitations = `ARRAY(
		SELECT s.citation FROM unnest(x.sources) WITH ORDINALITY AS u(id, n)
		JOIN sources s ON s.id = u.id ORDER BY u.n)`
	qImportParkDerived = `
UPDATE parks x SET
	stages = ARRAY(
		SELECT st.slug FROM stages st
		WHERE st.chain = x.chain AND EXISTS (
			SELECT FROM segments sg WHERE sg.slug = ANY (x.segments) AND sg.chain = st.chain AND sg.stage = st.slug)
		ORDER BY st.position, st.slug),
	citations = ` + importCitations + `
FROM import_rows i WHERE x.id = i.id`
	qImportProjectDerived = `
UPDATE projects x SET citations = ` + importCitations + `
FROM import_rows i WHERE x.id = i.id`
	qImportCountyDerived = `
UPDATE counties x SET citations = ` + importCitations + `
FROM import_rows i WHERE x.code = i.code`
)

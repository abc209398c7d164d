package postgis

// The statements of an import (import.go). The staging table import_rows
// holds the file's rows: n (the feature's number in the file), geom, and
// the collection's columns under their own names.
const (
	qDomainChains  = `SELECT ARRAY(SELECT slug FROM chains ORDER BY position, slug)`
	qDomainParks   = `SELECT ARRAY(SELECT id FROM parks ORDER BY id)`
	qDomainSources = `SELECT ARRAY(SELECT id FROM sources ORDER BY id)`

	qSRIDKnown = `SELECT $1::int = 4326 OR EXISTS (SELECT FROM spatial_ref_sys WHERE srid = $1::int AND auth_name = 'EPSG')`

	// The rows' geometries arrive with the file's SRID.
	qImportTransform = `UPDATE import_rows SET geom = ST_Transform(geom, 4326) WHERE geom IS NOT NULL`

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
	// A collection of single polygons (parcels) keeps a repair that is one
	// polygon, as a Polygon; qImportSplit lists those that are more.
	qImportMakeValidPolygon = `
UPDATE import_rows SET geom = CASE WHEN ST_NumGeometries(v) = 1 THEN ST_GeometryN(v, 1) ELSE v END
FROM (SELECT n AS vn, ST_CollectionExtract(ST_MakeValid(geom), 3) AS v FROM import_rows
	WHERE geom IS NOT NULL AND NOT ST_IsValid(geom)) r
WHERE n = r.vn`
	qImportSplit = `SELECT n, ST_NumGeometries(geom)::text FROM import_rows WHERE geom IS NOT NULL AND ST_GeometryType(geom) = 'ST_MultiPolygon' ORDER BY n`
	qImportEmpty = `SELECT n, '' FROM import_rows WHERE geom IS NOT NULL AND ST_IsEmpty(geom) ORDER BY n`
)

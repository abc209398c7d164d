-- 0002: a feature's derived properties are columns, written with the row,
-- not sub-selects run on every read. Each collection's definition (geo/builtin.go)
-- names the column of each property; the SQL that serves features is built from it.
--
-- segments and stages: the zone's segments in order and their stages in chain
-- order; park_segments and project_segments stay, for referential integrity.
-- citations: the rows' sources as the citations a reader follows (geo.Source.Citation).
-- area_ha and area_km2: the geodesic area on the WGS 84 ellipsoid, rounded as
-- published. Measures become float8, so both stores print them alike (4.8, not 4.80).

ALTER TABLE parks
	ADD COLUMN segments  text[] COLLATE "C" NOT NULL DEFAULT '{}',
	ADD COLUMN stages    text[] COLLATE "C" NOT NULL DEFAULT '{}',
	ADD COLUMN citations text[] NOT NULL DEFAULT '{}',
	ADD COLUMN area_ha   double precision
		GENERATED ALWAYS AS (round((ST_Area(geom::geography) / 1e4)::numeric, 1)::float8) STORED,
	ALTER COLUMN planned_area_km2 TYPE double precision,
	DROP CONSTRAINT parks_accuracy_known,
	ADD CONSTRAINT parks_accuracy_known
		CHECK (geometry_accuracy IN ('surveyed', 'digitized', 'schematic', 'synthetic'));

ALTER TABLE projects
	ADD COLUMN segments  text[] COLLATE "C" NOT NULL DEFAULT '{}',
	ADD COLUMN citations text[] NOT NULL DEFAULT '{}',
	ALTER COLUMN investment_yi_cny TYPE double precision,
	DROP CONSTRAINT projects_accuracy_known,
	ADD CONSTRAINT projects_accuracy_known
		CHECK (geometry_accuracy IN ('surveyed', 'digitized', 'schematic', 'synthetic'));

ALTER TABLE counties
	ADD COLUMN citations text[] NOT NULL DEFAULT '{}',
	ADD COLUMN area_km2  double precision
		GENERATED ALWAYS AS (round((ST_Area(geom::geography) / 1e6)::numeric, 1)::float8) STORED;

-- Rows seeded before this migration get their derived values once, here;
-- from now on the seed writes them.
UPDATE parks x SET
	segments = ARRAY(SELECT ps.segment FROM park_segments ps WHERE ps.park = x.id ORDER BY ps.position, ps.segment),
	stages = ARRAY(
		SELECT st.slug FROM stages st
		WHERE st.chain = x.chain AND EXISTS (
			SELECT FROM park_segments ps JOIN segments sg ON sg.slug = ps.segment
			WHERE ps.park = x.id AND sg.chain = st.chain AND sg.stage = st.slug)
		ORDER BY st.position, st.slug),
	citations = ARRAY(
		SELECT s.citation FROM unnest(x.sources) WITH ORDINALITY AS u(id, n)
		JOIN sources s ON s.id = u.id ORDER BY u.n);
UPDATE projects x SET
	segments = ARRAY(SELECT ps.segment FROM project_segments ps WHERE ps.project = x.id ORDER BY ps.position, ps.segment),
	citations = ARRAY(
		SELECT s.citation FROM unnest(x.sources) WITH ORDINALITY AS u(id, n)
		JOIN sources s ON s.id = u.id ORDER BY u.n);
UPDATE counties x SET
	citations = ARRAY(
		SELECT s.citation FROM unnest(x.sources) WITH ORDINALITY AS u(id, n)
		JOIN sources s ON s.id = u.id ORDER BY u.n);

-- Filters on list properties (segment=, stage=) use the overlap operator &&.
CREATE INDEX parks_segments_idx ON parks USING gin (segments);
CREATE INDEX parks_stages_idx ON parks USING gin (stages);
CREATE INDEX projects_segments_idx ON projects USING gin (segments);

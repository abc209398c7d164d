-- 0001: parkmap's schema. Chains with their stages, segments and material
-- flows; counties; zones (parks) with the segments allocated to them;
-- enterprise projects; and the sources every fact cites.
--
-- Ids are slugs compared byte by byte (COLLATE "C"), so that ORDER BY id
-- agrees with the embedded store's sort whatever the server's locale.
-- Geometries are WGS 84 lon/lat, valid, exterior rings counter-clockwise
-- (RFC 7946), so that readers need not repair or re-orient them.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE DOMAIN slug AS text COLLATE "C"
	CHECK (VALUE <> '' AND length(VALUE) <= 200);

CREATE TABLE sources (
	id         slug PRIMARY KEY,
	title      text NOT NULL CHECK (title <> ''),
	publisher  text NOT NULL CHECK (publisher <> ''),
	date       text NOT NULL DEFAULT '' CHECK (date ~ '^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$'),
	url        text NOT NULL DEFAULT '',
	note       text NOT NULL DEFAULT '',
	-- geo.Source.Citation, kept here so that features are assembled in SQL;
	-- the contract suite holds the two equal.
	citation   text GENERATED ALWAYS AS (
		publisher
		|| CASE WHEN date = '' THEN '' ELSE ' ' || date END
		|| ': ' || title
		|| CASE WHEN url = '' THEN '' ELSE ' (' || url || ')' END
	) STORED,
	updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chains (
	slug       slug PRIMARY KEY,
	name_zh    text NOT NULL,
	name_en    text NOT NULL,
	position   integer NOT NULL, -- the order chains are listed in
	sources    text[] NOT NULL CHECK (cardinality(sources) > 0),
	updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stages (
	chain    slug NOT NULL REFERENCES chains,
	slug     slug NOT NULL,
	name_zh  text NOT NULL,
	name_en  text NOT NULL,
	position integer NOT NULL CHECK (position >= 0), -- geo.Stage.Order: 0 most upstream
	PRIMARY KEY (chain, slug)
);

CREATE TABLE segments (
	slug     slug PRIMARY KEY,
	chain    slug NOT NULL,
	stage    slug NOT NULL,
	name_zh  text NOT NULL,
	name_en  text NOT NULL,
	position integer NOT NULL, -- order within the chain
	UNIQUE (chain, slug),
	FOREIGN KEY (chain, stage) REFERENCES stages (chain, slug)
);
CREATE INDEX segments_chain_stage_idx ON segments (chain, stage);

CREATE TABLE flows (
	chain        slug NOT NULL,
	from_segment slug NOT NULL,
	to_segment   slug NOT NULL,
	position     integer NOT NULL, -- order within the chain
	PRIMARY KEY (from_segment, to_segment),
	FOREIGN KEY (chain, from_segment) REFERENCES segments (chain, slug),
	FOREIGN KEY (chain, to_segment) REFERENCES segments (chain, slug),
	CHECK (from_segment <> to_segment)
);
CREATE INDEX flows_chain_idx ON flows (chain);

CREATE TABLE counties (
	code       slug PRIMARY KEY,
	name_zh    text NOT NULL,
	name_en    text NOT NULL,
	geom       geometry(MultiPolygon, 4326) NOT NULL
		CONSTRAINT counties_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
		CONSTRAINT counties_geom_ccw CHECK (ST_IsPolygonCCW(geom)),
	-- Geodesic (ellipsoidal) area, computed once on write rather than per request.
	area_m2    double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
	sources    text[] NOT NULL CHECK (cardinality(sources) > 0),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX counties_geom_idx ON counties USING gist (geom);

CREATE TABLE parks (
	id                slug PRIMARY KEY,
	name_zh           text NOT NULL,
	name_en           text NOT NULL,
	county_code       slug NOT NULL REFERENCES counties,
	status            text NOT NULL
		CONSTRAINT parks_status_known CHECK (status IN ('operating', 'planned', 'reserved')),
	chain             slug NOT NULL REFERENCES chains,
	geom              geometry(MultiPolygon, 4326) NOT NULL
		CONSTRAINT parks_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
		CONSTRAINT parks_geom_ccw CHECK (ST_IsPolygonCCW(geom)),
	area_m2           double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
	geometry_accuracy text NOT NULL
		CONSTRAINT parks_accuracy_known CHECK (geometry_accuracy IN ('surveyed', 'digitized', 'schematic')),
	-- The official planned area when a source gives one; NULL when nobody published it.
	planned_area_km2  numeric CHECK (planned_area_km2 > 0),
	note_zh           text NOT NULL DEFAULT '',
	note_en           text NOT NULL DEFAULT '',
	sources           text[] NOT NULL CHECK (cardinality(sources) > 0),
	updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parks_geom_idx ON parks USING gist (geom);
CREATE INDEX parks_county_idx ON parks (county_code);

-- The segments a zone hosts, in the order the zone lists them (chain order).
CREATE TABLE park_segments (
	park     slug NOT NULL REFERENCES parks ON DELETE CASCADE,
	segment  slug NOT NULL REFERENCES segments,
	position integer NOT NULL,
	PRIMARY KEY (park, segment)
);
CREATE INDEX park_segments_segment_idx ON park_segments (segment);

CREATE TABLE projects (
	id                slug PRIMARY KEY,
	enterprise_zh     text NOT NULL,
	enterprise_en     text NOT NULL,
	chain             slug NOT NULL REFERENCES chains,
	park              slug REFERENCES parks,       -- NULL: the sources do not say
	county_code       slug REFERENCES counties,    -- NULL: the sources do not say
	capacity_zh       text NOT NULL DEFAULT '',
	capacity_en       text NOT NULL DEFAULT '',
	investment_yi_cny numeric CHECK (investment_yi_cny >= 0), -- 亿元; NULL when unknown
	geom              geometry(Point, 4326), -- NULL: listed, not drawn
	geometry_accuracy text
		CONSTRAINT projects_accuracy_known CHECK (geometry_accuracy IN ('surveyed', 'digitized', 'schematic')),
	note_zh           text NOT NULL DEFAULT '',
	note_en           text NOT NULL DEFAULT '',
	sources           text[] NOT NULL CHECK (cardinality(sources) > 0),
	updated_at        timestamptz NOT NULL DEFAULT now(),
	-- A point is only ever a zone's position: never one nobody published.
	CONSTRAINT projects_placed_in_zone CHECK (geom IS NULL OR park IS NOT NULL)
);
CREATE INDEX projects_geom_idx ON projects USING gist (geom);
CREATE INDEX projects_county_idx ON projects (county_code);

CREATE TABLE project_segments (
	project  slug NOT NULL REFERENCES projects ON DELETE CASCADE,
	segment  slug NOT NULL REFERENCES segments,
	position integer NOT NULL,
	PRIMARY KEY (project, segment)
);
CREATE INDEX project_segments_segment_idx ON project_segments (segment);

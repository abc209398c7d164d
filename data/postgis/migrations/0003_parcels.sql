-- 0003: land parcels (地块), the unit a planner allocates and an investor buys
-- or leases. geo.Parcels (geo/builtin.go) defines the collection; land use is
-- a class of GB 50137-2011 (M1–M3 industrial, W1–W3 logistics and warehouse).
-- Derived values are columns written with the row: the area (generated) and
-- the citations (written by whoever writes the row: seed, gen).

CREATE TABLE parcels (
	id                slug PRIMARY KEY,
	park              slug NOT NULL REFERENCES parks ON DELETE CASCADE,
	land_use          text NOT NULL
		CONSTRAINT parcels_land_use_known CHECK (land_use IN ('M1', 'M2', 'M3', 'W1', 'W2', 'W3')),
	status            text NOT NULL
		CONSTRAINT parcels_status_known CHECK (status IN ('available', 'reserved', 'leased', 'built')),
	segment           slug REFERENCES segments,  -- NULL: allocated to none
	enterprise        text,                      -- NULL: none, or nobody says
	geom              geometry(Polygon, 4326) NOT NULL
		CONSTRAINT parcels_geom_valid CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
	area_ha           double precision
		GENERATED ALWAYS AS (round((ST_Area(geom::geography) / 1e4)::numeric, 4)::float8) STORED,
	geometry_accuracy text NOT NULL
		CONSTRAINT parcels_accuracy_known CHECK (geometry_accuracy IN ('surveyed', 'digitized', 'schematic', 'synthetic')),
	sources           text[] NOT NULL CHECK (cardinality(sources) > 0),
	citations         text[] NOT NULL DEFAULT '{}',
	updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parcels_geom_idx ON parcels USING gist (geom);
CREATE INDEX parcels_park_idx ON parcels (park);
CREATE INDEX parcels_status_idx ON parcels (status);
CREATE INDEX parcels_segment_idx ON parcels (segment) WHERE segment IS NOT NULL;

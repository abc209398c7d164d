-- 0006: what a dataset says of itself beyond its rows: its city (a data
-- folder's city.json: names, the map's title, extent, default chain, the
-- map's credit, whether the data is made up) and the counties' full
-- attribution. seed writes the one row, the store serves it, and export
-- writes it back, so that the city is data in PostGIS as in a folder and
-- the code names none.
CREATE TABLE dataset (
	singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
	county_attribution text NOT NULL DEFAULT '',
	-- false for a dataset without city.json: the other columns are unused.
	has_city           boolean NOT NULL DEFAULT false,
	name_zh            text NOT NULL DEFAULT '',
	name_en            text NOT NULL DEFAULT '',
	title_zh           text NOT NULL DEFAULT '',
	title_en           text NOT NULL DEFAULT '',
	-- west, south, east, north in degrees (WGS 84)
	extent             double precision[] NOT NULL DEFAULT '{0,0,0,0}' CHECK (cardinality(extent) = 4),
	default_chain      text NOT NULL DEFAULT '',
	attribution        text NOT NULL DEFAULT '',
	attribution_url    text NOT NULL DEFAULT '' CHECK (attribution_url = '' OR attribution_url ~ '^https?://'),
	synthetic          boolean NOT NULL DEFAULT false,
	updated_at         timestamptz NOT NULL DEFAULT now(),
	CHECK (NOT has_city OR (name_zh <> '' AND name_en <> '' AND default_chain <> ''))
);

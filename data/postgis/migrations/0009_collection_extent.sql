-- 0009: each built-in collection's extent, kept on write so that the
-- collection metadata, TileJSON and the tileset metadata read one row
-- instead of every geometry of the table (1,000,000 parcels).
--
-- A statement-level trigger marks a table's row stale on any write (seed,
-- import, gen, a cascade, psql); parkmap's own writes recompute the stale
-- rows before they commit (refreshExtents, data/postgis/extent.go), and a
-- read that finds a row stale (a write from outside parkmap) recomputes it
-- once. The trigger's UPDATE locks the row from a transaction's first write
-- to its commit, so that two writers of a table queue on it and the later
-- one's recomputation sees the earlier one's rows. It updates the row once
-- a transaction (as 0007's counters), not once a statement: seeding runs
-- several statements per zone.
CREATE TABLE collection_extent (
	relation   text PRIMARY KEY, -- the table's name, as the trigger's TG_TABLE_NAME
	-- west, south, east, north in degrees (WGS 84), from the coordinates;
	-- NULL when the table holds no geometry
	west       double precision,
	south      double precision,
	east       double precision,
	north      double precision,
	stale      boolean NOT NULL DEFAULT true,
	xact       bigint, -- the transaction that last marked it stale
	updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO collection_extent (relation) VALUES ('parks'), ('projects'), ('counties'), ('parcels');

CREATE FUNCTION collection_extent_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE collection_extent SET stale = true, xact = txid_current()
	WHERE relation = TG_TABLE_NAME AND xact IS DISTINCT FROM txid_current();
	RETURN NULL;
END $$;

CREATE TRIGGER parks_extent AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parks
	FOR EACH STATEMENT EXECUTE FUNCTION collection_extent_stale();
CREATE TRIGGER projects_extent AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
	FOR EACH STATEMENT EXECUTE FUNCTION collection_extent_stale();
CREATE TRIGGER counties_extent AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counties
	FOR EACH STATEMENT EXECUTE FUNCTION collection_extent_stale();
CREATE TRIGGER parcels_extent AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parcels
	FOR EACH STATEMENT EXECUTE FUNCTION collection_extent_stale();

-- 0007: what siting reads at scale. The domain endpoints read the zones
-- and chains through an index the server builds in memory (geo.ZoneIndex);
-- it must know when a write changed them without reading every zone, so
-- every statement that writes a zone, its segments or a chain bumps one
-- counter, data_versions.zones, and the server rebuilds when it moved.
-- Parcel siting reads the available parcels of a few zones at a time, by
-- zone and least area: a partial index holds exactly those. Locate finds
-- the nearest zones by KNN on the geometry index, then measures only the
-- zones within the geodesic distance of the n-th (a geography index).

-- A transaction moves each counter once, however many statements it runs
-- (seeding runs three per zone): the row's versions would otherwise pile up
-- within the transaction, and each update walk them all.
CREATE TABLE data_versions (
	name    text PRIMARY KEY,
	version bigint NOT NULL DEFAULT 0,
	xact    bigint -- the transaction that last moved it
);
INSERT INTO data_versions (name) VALUES ('zones'), ('parcels');

CREATE FUNCTION bump_zones_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE data_versions SET version = version + 1, xact = txid_current()
	WHERE name = 'zones' AND xact IS DISTINCT FROM txid_current();
	RETURN NULL;
END
$$;

CREATE TRIGGER parks_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parks
	FOR EACH STATEMENT EXECUTE FUNCTION bump_zones_version();
CREATE TRIGGER park_segments_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON park_segments
	FOR EACH STATEMENT EXECUTE FUNCTION bump_zones_version();
CREATE TRIGGER chains_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON chains
	FOR EACH STATEMENT EXECUTE FUNCTION bump_zones_version();
CREATE TRIGGER stages_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stages
	FOR EACH STATEMENT EXECUTE FUNCTION bump_zones_version();
CREATE TRIGGER segments_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON segments
	FOR EACH STATEMENT EXECUTE FUNCTION bump_zones_version();
CREATE TRIGGER flows_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON flows
	FOR EACH STATEMENT EXECUTE FUNCTION bump_zones_version();

-- Parcels have a counter of their own: siting keeps each zone's largest
-- available parcel, read again when it moves.
CREATE FUNCTION bump_parcels_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE data_versions SET version = version + 1, xact = txid_current()
	WHERE name = 'parcels' AND xact IS DISTINCT FROM txid_current();
	RETURN NULL;
END
$$;
CREATE TRIGGER parcels_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parcels
	FOR EACH STATEMENT EXECUTE FUNCTION bump_parcels_version();

CREATE INDEX parcels_available_idx ON parcels (park, area_ha) WHERE status = 'available';
CREATE INDEX parks_geog_idx ON parks USING gist ((geom::geography));

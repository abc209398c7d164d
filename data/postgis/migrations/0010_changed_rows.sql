-- 0010: the statement triggers of 0007 (data versions), 0008 (NOTIFY
-- parkmap_changed) and 0009 (stale extents) fired for every statement,
-- even one that changed no row (an UPDATE or DELETE matching nothing, an
-- INSERT … ON CONFLICT DO NOTHING that met only conflicts): each dropped
-- every page a server kept, and made it read the siting index again. Each
-- is now one trigger per event, each with the statement's transition table
-- (PostgreSQL allows one per trigger of a single event), and the functions
-- return at once when it is empty. A TRUNCATE has no transition table and
-- still counts as a change.
CREATE OR REPLACE FUNCTION bump_zones_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'TRUNCATE' THEN
		IF NOT EXISTS (SELECT FROM changed) THEN
			RETURN NULL;
		END IF;
	END IF;
	UPDATE data_versions SET version = version + 1, xact = txid_current()
	WHERE name = 'zones' AND xact IS DISTINCT FROM txid_current();
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION bump_parcels_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'TRUNCATE' THEN
		IF NOT EXISTS (SELECT FROM changed) THEN
			RETURN NULL;
		END IF;
	END IF;
	UPDATE data_versions SET version = version + 1, xact = txid_current()
	WHERE name = 'parcels' AND xact IS DISTINCT FROM txid_current();
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION parkmap_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'TRUNCATE' THEN
		IF NOT EXISTS (SELECT FROM changed) THEN
			RETURN NULL;
		END IF;
	END IF;
	PERFORM pg_notify('parkmap_changed', TG_TABLE_NAME);
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION collection_extent_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'TRUNCATE' THEN
		IF NOT EXISTS (SELECT FROM changed) THEN
			RETURN NULL;
		END IF;
	END IF;
	UPDATE collection_extent SET stale = true, xact = txid_current()
	WHERE relation = TG_TABLE_NAME AND xact IS DISTINCT FROM txid_current();
	RETURN NULL;
END $$;

-- Each (table, trigger, function) of 0007, 0008 and 0009 again, as four
-- triggers named trigger_insert, _update, _delete and _truncate.
DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		SELECT t || '_bump_version' AS name, t AS tab, 'bump_zones_version' AS fn
		FROM unnest(ARRAY['parks', 'park_segments', 'chains', 'stages', 'segments', 'flows']) t
		UNION ALL SELECT 'parcels_bump_version', 'parcels', 'bump_parcels_version'
		UNION ALL
		SELECT 'parkmap_notify_changed', t, 'parkmap_notify_changed'
		FROM unnest(ARRAY['sources', 'chains', 'stages', 'segments', 'flows', 'counties',
			'parks', 'park_segments', 'projects', 'project_segments', 'parcels', 'dataset']) t
		UNION ALL
		SELECT t || '_extent', t, 'collection_extent_stale'
		FROM unnest(ARRAY['parks', 'projects', 'counties', 'parcels']) t
	LOOP
		EXECUTE format('DROP TRIGGER %I ON %I', r.name, r.tab);
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.name || '_insert', r.tab, r.fn);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.name || '_update', r.tab, r.fn);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.name || '_delete', r.tab, r.fn);
		EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.name || '_truncate', r.tab, r.fn);
	END LOOP;
END
$$;

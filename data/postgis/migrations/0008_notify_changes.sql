-- 0008: every statement that changes parkmap's data tells the servers
-- (NOTIFY parkmap_changed, delivered when its transaction commits), so that
-- a server may keep encoded pages and drop them on the next change
-- (pagecache.go). Statement triggers: one notification per statement, and
-- PostgreSQL folds a transaction's equal notifications into one.
CREATE FUNCTION parkmap_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('parkmap_changed', TG_TABLE_NAME);
	RETURN NULL;
END
$$;

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['sources', 'chains', 'stages', 'segments', 'flows', 'counties',
		'parks', 'park_segments', 'projects', 'project_segments', 'parcels', 'dataset']
	LOOP
		EXECUTE format('CREATE TRIGGER parkmap_notify_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
			FOR EACH STATEMENT EXECUTE FUNCTION parkmap_notify_changed()', t);
	END LOOP;
END
$$;

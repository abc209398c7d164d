-- 0012: a zone's segments are held twice since 0002: parks.segments, what
-- is served, indexed and shown to a GIS client as a list it can edit, and
-- park_segments, whose rows the foreign keys check (a project's likewise).
-- parkmap's writers wrote both, but a planner's edit in QGIS or psql wrote
-- one and left the other as it was: a zone whose park_segments row was
-- deleted still listed the segment, and one whose list was edited kept the
-- rows of the old list, and its stages. Now the database keeps them in
-- step, whoever writes:
--   - a write of parks.segments (or projects.segments) rewrites the rows,
--     so that a segment nobody defined fails its foreign key and the write
--     is refused;
--   - a write of park_segments (or project_segments) rewrites the lists of
--     the zones it touched, in the rows' order;
--   - a zone's stages are computed from its chain and segments whenever
--     either is written, as geo.Chain.StagesOf computes them, and again
--     for the zones of a chain whose segment moved to another stage or
--     whose stages were reordered.
-- One side written from the other does not write back (pg_trigger_depth),
-- and only what differs is written. parkmap writes the lists alone and
-- leaves the rows to the database.

-- The stages of a chain that segments belong to, in the chain's order,
-- each once.
CREATE FUNCTION zone_stages(chain text, segments text[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT ARRAY(
		SELECT st.slug FROM stages st
		WHERE st.chain = zone_stages.chain AND EXISTS (
			SELECT FROM segments sg
			WHERE sg.slug = ANY (zone_stages.segments) AND sg.chain = st.chain AND sg.stage = st.slug)
		ORDER BY st.position, st.slug)
$$;

-- Before a row's list is written: each segment once, where it first
-- appears (a link table holds a pair once), and, for a zone, its stages. A
-- list set to NULL is left for the column's NOT NULL to refuse: an empty
-- list says "none", which nobody said.
CREATE FUNCTION segments_normalized() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.segments IS NULL THEN
		RETURN NEW;
	END IF;
	NEW.segments := ARRAY(
		SELECT u.s FROM unnest(NEW.segments) WITH ORDINALITY AS u(s, n)
		GROUP BY u.s ORDER BY min(u.n));
	IF TG_TABLE_NAME = 'parks' THEN
		NEW.stages := zone_stages(NEW.chain, NEW.segments);
	END IF;
	RETURN NEW;
END
$$;

-- After a row's list is written: its link rows become the list, in its
-- order. Static SQL, one function per table, so that each statement's plan
-- is kept for the session: seeding writes thousands of zones.
CREATE FUNCTION park_links_from_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF pg_trigger_depth() > 1 THEN
		RETURN NULL; -- the list was written from its links
	END IF;
	IF NEW.segments = ARRAY(SELECT segment FROM park_segments WHERE park = NEW.id ORDER BY position, segment)::text[] THEN
		RETURN NULL;
	END IF;
	DELETE FROM park_segments WHERE park = NEW.id AND NOT (segment = ANY (NEW.segments));
	INSERT INTO park_segments AS t (park, segment, position)
	SELECT NEW.id, u.s, u.n FROM unnest(NEW.segments) WITH ORDINALITY AS u(s, n)
	ON CONFLICT (park, segment) DO UPDATE SET position = EXCLUDED.position
	WHERE t.position IS DISTINCT FROM EXCLUDED.position;
	RETURN NULL;
END
$$;

CREATE FUNCTION project_links_from_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF pg_trigger_depth() > 1 THEN
		RETURN NULL; -- the list was written from its links
	END IF;
	IF NEW.segments = ARRAY(SELECT segment FROM project_segments WHERE project = NEW.id ORDER BY position, segment)::text[] THEN
		RETURN NULL;
	END IF;
	DELETE FROM project_segments WHERE project = NEW.id AND NOT (segment = ANY (NEW.segments));
	INSERT INTO project_segments AS t (project, segment, position)
	SELECT NEW.id, u.s, u.n FROM unnest(NEW.segments) WITH ORDINALITY AS u(s, n)
	ON CONFLICT (project, segment) DO UPDATE SET position = EXCLUDED.position
	WHERE t.position IS DISTINCT FROM EXCLUDED.position;
	RETURN NULL;
END
$$;

-- After a statement on a link table: the lists of the rows it touched
-- become their link rows, in order (the transition tables: old_rows of a
-- DELETE or UPDATE, new_rows of an INSERT or UPDATE). A TRUNCATE empties
-- every list.
CREATE FUNCTION park_lists_from_links() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	touched text[];
BEGIN
	IF pg_trigger_depth() > 1 THEN
		RETURN NULL; -- written from the list, or deleted with its zone
	END IF;
	CASE TG_OP
	WHEN 'TRUNCATE' THEN
		UPDATE parks SET segments = '{}' WHERE segments <> '{}';
		RETURN NULL;
	WHEN 'INSERT' THEN
		touched := ARRAY(SELECT DISTINCT park FROM new_rows);
	WHEN 'DELETE' THEN
		touched := ARRAY(SELECT DISTINCT park FROM old_rows);
	ELSE
		touched := ARRAY(SELECT park FROM old_rows UNION SELECT park FROM new_rows);
	END CASE;
	UPDATE parks p SET segments = l.segments
	FROM (SELECT t.id, ARRAY(SELECT k.segment FROM park_segments k WHERE k.park = t.id
			ORDER BY k.position, k.segment)::text[] AS segments
		FROM unnest(touched) AS t(id)) l
	WHERE p.id = l.id AND p.segments IS DISTINCT FROM l.segments;
	RETURN NULL;
END
$$;

CREATE FUNCTION project_lists_from_links() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	touched text[];
BEGIN
	IF pg_trigger_depth() > 1 THEN
		RETURN NULL; -- written from the list, or deleted with its project
	END IF;
	CASE TG_OP
	WHEN 'TRUNCATE' THEN
		UPDATE projects SET segments = '{}' WHERE segments <> '{}';
		RETURN NULL;
	WHEN 'INSERT' THEN
		touched := ARRAY(SELECT DISTINCT project FROM new_rows);
	WHEN 'DELETE' THEN
		touched := ARRAY(SELECT DISTINCT project FROM old_rows);
	ELSE
		touched := ARRAY(SELECT project FROM old_rows UNION SELECT project FROM new_rows);
	END CASE;
	UPDATE projects p SET segments = l.segments
	FROM (SELECT t.id, ARRAY(SELECT k.segment FROM project_segments k WHERE k.project = t.id
			ORDER BY k.position, k.segment)::text[] AS segments
		FROM unnest(touched) AS t(id)) l
	WHERE p.id = l.id AND p.segments IS DISTINCT FROM l.segments;
	RETURN NULL;
END
$$;

CREATE TRIGGER parks_segments_normalized BEFORE INSERT OR UPDATE OF segments, chain ON parks
	FOR EACH ROW EXECUTE FUNCTION segments_normalized();
CREATE TRIGGER projects_segments_normalized BEFORE INSERT OR UPDATE OF segments ON projects
	FOR EACH ROW EXECUTE FUNCTION segments_normalized();
CREATE TRIGGER parks_links_from_list AFTER INSERT OR UPDATE OF segments ON parks
	FOR EACH ROW EXECUTE FUNCTION park_links_from_list();
CREATE TRIGGER projects_links_from_list AFTER INSERT OR UPDATE OF segments ON projects
	FOR EACH ROW EXECUTE FUNCTION project_links_from_list();

-- Each link table's four statement triggers (a transition table belongs to
-- a trigger of one event).
DO $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT * FROM (VALUES ('park_segments', 'park_lists_from_links'),
		('project_segments', 'project_lists_from_links')) AS v(links, fn)
	LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.fn || '_insert', r.links, r.fn);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.fn || '_update', r.links, r.fn);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.fn || '_delete', r.links, r.fn);
		EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
			FOR EACH STATEMENT EXECUTE FUNCTION %I()', r.fn || '_truncate', r.links, r.fn);
	END LOOP;
END
$$;

-- After an UPDATE of the chains' taxonomy: the stages of the zones of each
-- chain where a segment changed stage or chain, or a stage its position,
-- computed again. Inserts change no zone's stages (no zone lists a segment
-- before it exists) and deletes are refused while one does.
CREATE FUNCTION zone_stages_after_taxonomy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	chains text[];
BEGIN
	IF TG_TABLE_NAME = 'segments' THEN
		chains := ARRAY(
			SELECT o.chain FROM old_rows o JOIN new_rows n ON n.slug = o.slug
			WHERE (o.chain, o.stage) IS DISTINCT FROM (n.chain, n.stage)
			UNION SELECT n.chain FROM old_rows o JOIN new_rows n ON n.slug = o.slug
			WHERE (o.chain, o.stage) IS DISTINCT FROM (n.chain, n.stage));
	ELSE
		chains := ARRAY(
			SELECT n.chain FROM old_rows o JOIN new_rows n ON (n.chain, n.slug) = (o.chain, o.slug)
			WHERE o.position IS DISTINCT FROM n.position);
	END IF;
	IF cardinality(chains) > 0 THEN
		UPDATE parks SET stages = zone_stages(chain, segments)
		WHERE chain = ANY (chains) AND stages IS DISTINCT FROM zone_stages(chain, segments);
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER segments_zone_stages AFTER UPDATE ON segments
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION zone_stages_after_taxonomy();
CREATE TRIGGER stages_zone_stages AFTER UPDATE ON stages
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION zone_stages_after_taxonomy();

-- A database written from outside before now: the lists become their link
-- rows (which the foreign keys held to the segments defined), and every
-- zone's stages are computed again.
UPDATE parks p SET segments = ARRAY(SELECT k.segment FROM park_segments k WHERE k.park = p.id ORDER BY k.position, k.segment)
WHERE segments IS DISTINCT FROM ARRAY(SELECT k.segment FROM park_segments k WHERE k.park = p.id ORDER BY k.position, k.segment)::text[];
UPDATE parks SET stages = zone_stages(chain, segments) WHERE stages IS DISTINCT FROM zone_stages(chain, segments);
UPDATE projects p SET segments = ARRAY(SELECT k.segment FROM project_segments k WHERE k.project = p.id ORDER BY k.position, k.segment)
WHERE segments IS DISTINCT FROM ARRAY(SELECT k.segment FROM project_segments k WHERE k.project = p.id ORDER BY k.position, k.segment)::text[];

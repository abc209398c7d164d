-- 0013: a row's citations (served as its "sources") are written by parkmap
-- from the source records it cites (geo.Source.Citation, migration 0005).
-- A zone or parcel added in QGIS or psql came with none, a fact served
-- without its source; one whose sources were edited there kept the
-- citations of the old list. Now the database writes them:
--   - sources.citation holds each source's citation as parkmap wrote it (the
--     format stays in Go: seed writes it with the source, and migrate fills
--     it for sources written before this migration);
--   - a row inserted without citations, or whose sources are changed while
--     its citations are not, gets the citations of its sources, in order; a
--     source with no citation (written from outside) is cited by its id, as
--     geo.NewCiter does.
-- A writer that gives citations with the row, as parkmap does (and COPY of
-- a million parcels), keeps them: the trigger then costs a comparison.
ALTER TABLE sources ADD COLUMN citation text;

-- The citations of sources, in their order.
CREATE FUNCTION cited(sources text[]) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT ARRAY(
		SELECT coalesce(s.citation, u.id)
		FROM unnest(cited.sources) WITH ORDINALITY AS u(id, n)
		LEFT JOIN sources s ON s.id = u.id
		ORDER BY u.n)
$$;

CREATE FUNCTION citations_from_sources() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' AND cardinality(NEW.citations) = 0
		OR TG_OP = 'UPDATE' AND NEW.sources IS DISTINCT FROM OLD.sources
			AND NEW.citations IS NOT DISTINCT FROM OLD.citations THEN
		NEW.citations := cited(NEW.sources);
	END IF;
	RETURN NEW;
END
$$;

DO $$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['parks', 'projects', 'counties', 'parcels'] LOOP
		EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OF sources ON %I
			FOR EACH ROW EXECUTE FUNCTION citations_from_sources()', t || '_citations_from_sources', t);
	END LOOP;
END
$$;

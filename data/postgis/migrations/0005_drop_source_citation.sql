-- 0005: a source's citation is built in one place, geo.Source.Citation, and
-- written with each row that cites it (the citations columns). The column
-- 0001 generated in SQL served only 0002's one-time fill of those columns:
-- a second spelling of the same format, to drift. It goes.
ALTER TABLE sources DROP COLUMN citation;

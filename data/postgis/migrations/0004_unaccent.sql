-- 0004: unaccent, for CQL2's ACCENTI (accent-insensitive comparison): the
-- embedded store strips Latin diacritics (pinyin tones included) in Go, and
-- PostgreSQL's unaccent dictionary does the same where the rows are. It is a
-- trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

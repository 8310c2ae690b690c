-- Search levels per kind of record (company, contact, contract), each read from an index that
-- holds the kind beside the text (btree_gin), so a search of the 20,000 contracts among 400,000
-- entries reads the contracts' postings instead of rechecking every entry that shares a trigram.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
-- Chinese, Japanese and Korean are written without spaces between words, and two characters
-- ("宏科") hold no trigram: their substrings are found through the text's pairs of such characters.
CREATE FUNCTION relata_cjk_bigrams(value text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$
  SELECT coalesce(array_agg(DISTINCT pair ORDER BY pair), '{}')
    FROM (SELECT substr(value, i, 2) AS pair FROM generate_series(1, char_length(value) - 1) AS i) pairs
   WHERE pair ~ '^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2}$'
$f$;
--> statement-breakpoint
DROP INDEX search_entries_body_trgm_idx;
--> statement-breakpoint
-- Anywhere in the text (3 characters or more) and typos.
CREATE INDEX search_entries_body_trgm_idx ON search_entries USING gin (object, body gin_trgm_ops);
--> statement-breakpoint
-- Where a word of the title starts ("% gra%"): the title's trigrams alone, not the whole text's.
CREATE INDEX search_entries_title_trgm_idx ON search_entries USING gin (object, relata_fold(title) gin_trgm_ops);
--> statement-breakpoint
-- Only entries holding such characters; the search repeats this condition word for word (cjkText
-- in search.index.ts) so the planner can use the index.
CREATE INDEX search_entries_cjk_idx ON search_entries USING gin (object, relata_cjk_bigrams(body))
  WHERE body ~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]';

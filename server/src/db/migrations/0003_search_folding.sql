-- Accent- and case-insensitive matching: relata_fold(text) = lower(unaccent(text)). IMMUTABLE (the
-- unaccent dictionary is fixed), so it can back indexes; the schema of unaccent is written into
-- the body, so the function does not depend on the caller's search_path.
DO $$
DECLARE
  ext_schema text;
BEGIN
  SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
  EXECUTE format(
    'CREATE FUNCTION relata_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS %L',
    format('SELECT lower(%I.unaccent(%L::regdictionary, value))', ext_schema, ext_schema || '.unaccent'));
END
$$;
--> statement-breakpoint
-- Company name search (list q, global search): substring and similarity matches use this index.
CREATE INDEX companies_name_trgm_idx ON companies USING gin (relata_fold(name) gin_trgm_ops);
--> statement-breakpoint
SELECT audit_enable('saved_views');

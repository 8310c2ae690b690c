CREATE TABLE "audit_pending" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"tx" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"request_id" text,
	"table_name" text NOT NULL,
	"record_id" text,
	"operation" text NOT NULL,
	"changed" text[] DEFAULT '{}' NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE INDEX "audit_pending_tx_idx" ON "audit_pending" USING btree ("tx","seq");
--> statement-breakpoint
-- Row changes of business tables go to audit_pending (no lock taken); the rest is as before.
CREATE OR REPLACE FUNCTION audit_record_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  hidden constant text[] := ARRAY['password_hash', 'token_hash', 'csrf_token', 'secret_hash'];
  old_row jsonb;
  new_row jsonb;
  changed_keys text[] := '{}';
BEGIN
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - hidden; END IF;
  IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - hidden; END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(array_agg(n.key ORDER BY n.key), '{}') INTO changed_keys
      FROM jsonb_each(new_row) n
     WHERE n.value IS DISTINCT FROM old_row -> n.key
       AND n.key NOT IN ('version', 'updated_at');
    IF cardinality(changed_keys) = 0 THEN RETURN NULL; END IF;
    SELECT jsonb_object_agg(k, old_row -> k), jsonb_object_agg(k, new_row -> k)
      INTO old_row, new_row FROM unnest(changed_keys) k;
  ELSE
    changed_keys := ARRAY(SELECT jsonb_object_keys(coalesce(new_row, old_row)) ORDER BY 1);
  END IF;
  INSERT INTO audit_pending (tx, actor_id, request_id, table_name, record_id, operation, changed, before, after)
  VALUES (
    txid_current(),
    nullif(current_setting('relata.actor_id', true), '')::uuid,
    nullif(current_setting('relata.request_id', true), ''),
    TG_TABLE_NAME,
    audit_record_id(CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END),
    lower(TG_OP),
    changed_keys,
    old_row,
    new_row);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- At commit: the transaction's pending rows join the chain in the order they were written (the
-- chain trigger of audit_log takes the chain lock at the first one). Fires once per pending row;
-- the first firing moves them all and the others find none.
CREATE FUNCTION audit_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  current_tx constant bigint := txid_current();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_pending WHERE tx = current_tx) THEN RETURN NULL; END IF;
  INSERT INTO audit_log (at, actor_id, request_id, table_name, record_id, operation, changed, before, after)
  SELECT at, actor_id, request_id, table_name, record_id, operation, changed, before, after
    FROM audit_pending WHERE tx = current_tx ORDER BY seq;
  DELETE FROM audit_pending WHERE tx = current_tx;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_pending_flush AFTER INSERT ON audit_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_flush();

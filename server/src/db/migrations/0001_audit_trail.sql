-- Audit trail: append-only, hash-chained. Each row's hash = sha256(prev_hash || canonical text),
-- so any edit or deletion, even by the database owner, breaks the chain that `relata doctor` checks.
CREATE FUNCTION audit_row_text(r audit_log) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|',
    r.id::text,
    to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(r.actor_id::text, ''),
    coalesce(r.request_id, ''),
    r.table_name,
    coalesce(r.record_id, ''),
    r.operation,
    array_to_string(r.changed, ','),
    coalesce(r.before::text, ''),
    coalesce(r.after::text, ''))
$$;
--> statement-breakpoint
CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  previous bytea;
BEGIN
  -- One writer at a time extends the chain; ids are drawn under the lock so id order is chain order.
  PERFORM pg_advisory_xact_lock(7270101);
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT hash INTO previous FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(previous, decode(repeat('00', 32), 'hex'));
  NEW.hash := sha256(NEW.prev_hash || convert_to(audit_row_text(NEW), 'UTF8'));
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
CREATE FUNCTION audit_log_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
--> statement-breakpoint
-- A row's id, or its key columns joined for link tables without one.
CREATE FUNCTION audit_record_id(r jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(r ->> 'id', (SELECT string_agg(value, ':' ORDER BY key) FROM jsonb_each_text(r) WHERE key LIKE '%_id'))
$$;
--> statement-breakpoint
-- Row changes of business tables. The actor and request id come from per-transaction settings
-- (relata.actor_id, relata.request_id) that the unit of work sets. Secrets never enter the trail.
CREATE FUNCTION audit_record_change() RETURNS trigger
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
  INSERT INTO audit_log (actor_id, request_id, table_name, record_id, operation, changed, before, after)
  VALUES (
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
-- Later migrations call this for each business table they create.
CREATE FUNCTION audit_enable(target regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit_record_change()', target);
END
$$;
--> statement-breakpoint
SELECT audit_enable('org_units');
--> statement-breakpoint
SELECT audit_enable('roles');
--> statement-breakpoint
SELECT audit_enable('teams');
--> statement-breakpoint
SELECT audit_enable('team_members');
--> statement-breakpoint
SELECT audit_enable('users');
--> statement-breakpoint
SELECT audit_enable('companies');

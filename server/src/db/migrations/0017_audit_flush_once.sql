-- Every pending audit row of a transaction fires audit_flush at commit, and the first moves them
-- all into the chain. The others used to ask the table again, reading the moved rows' dead index
-- entries each time: quadratic in the rows a transaction wrote (10,000 inserts: 45 s at commit).
-- Now the first records how far it flushed (a transaction-local setting) and the rest return at
-- once; a row written after a flush (SET CONSTRAINTS … IMMEDIATE mid-transaction) flushes again.
CREATE OR REPLACE FUNCTION audit_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  current_tx constant bigint := txid_current();
  flushed_upto constant bigint := coalesce(nullif(current_setting('relata.audit_flushed_upto', true), '')::bigint, 0);
  last_seq bigint;
BEGIN
  IF NEW.seq <= flushed_upto THEN RETURN NULL; END IF;
  SELECT max(seq) INTO last_seq FROM audit_pending WHERE tx = current_tx;
  IF last_seq IS NULL THEN RETURN NULL; END IF;
  INSERT INTO audit_log (at, actor_id, request_id, table_name, record_id, operation, changed, before, after)
  SELECT at, actor_id, request_id, table_name, record_id, operation, changed, before, after
    FROM audit_pending WHERE tx = current_tx AND seq <= last_seq ORDER BY seq;
  DELETE FROM audit_pending WHERE tx = current_tx AND seq <= last_seq;
  PERFORM set_config('relata.audit_flushed_upto', last_seq::text, true);
  RETURN NULL;
END
$$;

import pg from "pg";
import { createDb, createPool, type Db } from "../../db/connection";
import { verifyAuditChain } from "./audit.repository";

export type DoctorCheck = { ok: boolean; text: string; details?: string[] };
export type DoctorReport = { ok: boolean; checks: DoctorCheck[] };
/** Further checks of derived data that modules provide (e.g. group rollups against a full recomputation). */
export type ModuleDoctorCheck = (db: Db) => Promise<DoctorCheck[]>;

/**
 * The database health checks of `relata doctor`: the app role is not privileged (IN-2, LG-1)
 * and the audit chain is intact; then the modules' checks. Never throws for a finding; an
 * unreachable database is one.
 */
export async function runDoctor(ownerUrl: string, appUrl: string, moduleChecks: readonly ModuleDoctorCheck[] = []): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const check = (ok: boolean, text: string, details?: string[]) => checks.push(details?.length ? { ok, text, details } : { ok, text });
  const app = new pg.Client({ connectionString: appUrl, application_name: "relata-doctor" });
  app.on("error", () => undefined);
  const owner = createPool(ownerUrl, { max: 1, name: "relata-doctor" });
  try {
    try {
      await app.connect();
    } catch (error) {
      check(false, `database reachable as the app role (${(error as Error).message})`);
      return { ok: false, checks };
    }
    const role = await app.query<{ rolsuper: boolean; owns: boolean; can_update_audit: boolean }>(
      `SELECT r.rolsuper,
              (SELECT count(*) > 0 FROM pg_tables WHERE tableowner = current_user AND schemaname = 'public') AS owns,
              has_table_privilege(current_user, 'audit_log', 'UPDATE') OR has_table_privilege(current_user, 'audit_log', 'DELETE')
                OR has_table_privilege(current_user, 'audit_log', 'TRUNCATE') AS can_update_audit
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const facts = role.rows[0]!;
    check(true, "database reachable");
    check(!facts.rolsuper, "the app role is not a superuser");
    check(!facts.owns, "the app role owns no tables");
    check(!facts.can_update_audit, "the app role cannot update or delete audit rows");
    const chain = await verifyAuditChain(createDb(owner));
    check(
      chain.problems.length === 0,
      `audit chain intact (${chain.rows} rows)`,
      chain.problems.map(
        (problem) =>
          `audit row ${problem.id}: ${problem.reason === "hash" ? "content changed" : "chain broken (row removed or reordered)"}`,
      ),
    );
    // Rows of committed transactions never stay pending (the commit moves them into the chain).
    const pending = await owner.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_pending");
    check(
      pending.rows[0]!.n === "0",
      "no audit rows left outside the chain",
      pending.rows[0]!.n === "0" ? [] : [`${pending.rows[0]!.n} rows in audit_pending`],
    );
    for (const moduleCheck of moduleChecks) checks.push(...(await moduleCheck(createDb(owner))));
  } catch (error) {
    check(false, `doctor could not finish (${(error as Error).message})`);
  } finally {
    await app.end().catch(() => undefined);
    await owner.end().catch(() => undefined);
  }
  return { ok: checks.every((c) => c.ok), checks };
}

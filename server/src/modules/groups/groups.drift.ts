/**
 * The consistency check of `relata doctor` (and of the tests): the closure against the current
 * links, every registered figure against its source rows, every rollup against the own figures
 * summed over the closure. Drift must be zero; each finding names the company and figure.
 */
import type { Db } from "../../db/connection";
import type { DoctorCheck } from "../../platform/audit/doctor";
import { checkRollups, type Executor } from "../../platform/rollups";
import * as repo from "./groups.repository";

export async function groupDoctorChecks(db: Executor | Db): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const closure = await repo.closureDrift(db);
  checks.push({
    ok: closure.length === 0,
    text: "group tree (company_tree) matches the current links",
    ...(closure.length > 0
      ? { details: closure.map((row) => `${row.problem} ${row.ancestorId} → ${row.descendantId} at depth ${row.depth}`) }
      : {}),
  });
  for (const { figure, drift } of await checkRollups(db)) {
    const text =
      figure === "rollups"
        ? "group rollups equal the own figures summed over the tree"
        : `figure "${figure}" equals a recount from its source rows`;
    checks.push({
      ok: drift.length === 0,
      text,
      ...(drift.length > 0
        ? { details: drift.map((row) => `company ${row.companyId} ${row.key}: stored ${row.stored}, expected ${row.expected}`) }
        : {}),
    });
  }
  return checks;
}

/** Every finding of `groupDoctorChecks` as one line each (empty: no drift). */
export async function groupDrift(db: Executor | Db): Promise<string[]> {
  return (await groupDoctorChecks(db)).filter((check) => !check.ok).flatMap((check) => [check.text, ...(check.details ?? [])]);
}

/**
 * Grade rules (a setting): every grade with its thresholds, edited as one set by
 * administrators. Saving them re-grades every company at once; each company's grade is also
 * assigned again whenever the company is saved, and once a day for all (tenure grows with time
 * alone: a customer passes a tenure threshold without any change to its row).
 */
import type { GradeRule } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import { PreconditionFailed } from "../../platform/errors";
import { systemActor } from "../../platform/access/actor";
import { addDaily } from "../../platform/jobs/jobs";
import * as repo from "./companies.repository";
import { presentGradeRules } from "./companies.presenter";
import type { Context } from "./companies.service";

/**
 * For other modules that write companies (imports): call first in the unit of work, before
 * any company row is locked, so a concurrent change of the rules cannot interleave.
 */
export async function holdGradeRules(uow: UnitOfWork) {
  await repo.lockGradeRules(uow.tx, "shared");
}

/** Grades these companies by the current rules (after `holdGradeRules`, once their stage is written). */
export async function regradeCompanies(uow: UnitOfWork, ids: string[]) {
  return repo.recomputeGrades(uow.tx, ids);
}

export async function getGradeRules(platform: Platform) {
  return presentGradeRules(await repo.loadGradeRules(platform.db));
}

/**
 * Replaces the rules (grades left out are stored disabled, without thresholds) and recomputes
 * every company's assigned grade in one statement. `version` is the ETag of the set.
 */
export async function putGradeRules(platform: Platform, context: Context, version: number, rules: GradeRule[]) {
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    await repo.lockGradeRules(uow.tx, "exclusive");
    const current = presentGradeRules(await repo.loadGradeRules(uow.tx));
    if (current.version !== version) throw PreconditionFailed();
    const given = new Map(rules.map((rule) => [rule.grade, rule]));
    await repo.writeGradeRules(
      uow.tx,
      version + 1,
      current.rules.map(
        (rule) => given.get(rule.grade) ?? { grade: rule.grade, minRevenue12m: null, minTenureMonths: null, enabled: false },
      ),
    );
    const regraded = await repo.recomputeGrades(uow.tx);
    await uow.emit({
      name: "setting.grade_rules_changed",
      object: "setting",
      recordId: null,
      topics: ["list:grade-rules", "list:companies"],
      payload: { regraded },
    });
    return presentGradeRules(await repo.loadGradeRules(uow.tx));
  });
}

/**
 * The daily re-grade: every company whose assigned grade the rules now give differently (a
 * tenure threshold passed since its last save). One statement under the rules' lock, taken
 * exclusively so no company writer interleaves; lists refresh live when any grade changed.
 */
export async function regradeForTenure(platform: Platform) {
  return unitOfWork(platform.db, platform.projections, { actor: systemActor("grades") }, async (uow) => {
    await repo.lockGradeRules(uow.tx, "exclusive");
    const regraded = await repo.recomputeGrades(uow.tx);
    if (regraded > 0)
      await uow.emit({ name: "company.regraded", object: "company", recordId: null, topics: ["list:companies"], payload: { regraded } });
    return regraded;
  });
}

addDaily(regradeForTenure);

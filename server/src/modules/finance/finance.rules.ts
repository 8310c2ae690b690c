/**
 * Deposit rules (a setting): an ordered set edited as a whole by administrators, with the
 * default that applies when no rule matches. The set has one version (its ETag).
 */
import type { DepositRulesPut } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWorkContext } from "../../platform/events/unit-of-work";
import { PreconditionFailed, Validation, type FieldProblem } from "../../platform/errors";
import * as repo from "./finance.repository";
import { presentDepositRules } from "./finance.presenter";

export const depositRulesTopic = "list:deposit-rules";

export async function getDepositRules(platform: Platform) {
  const [rows, settings] = await Promise.all([repo.listDepositRules(platform.db), repo.depositSettingsRow(platform.db)]);
  return presentDepositRules(rows, settings);
}

/**
 * Replaces the set: rules keep their ids (sent back as read), rules without an id are new,
 * stored rules left out are deleted; the order sent is the order tried.
 */
export async function putDepositRules(platform: Platform, context: UnitOfWorkContext, version: number, input: DepositRulesPut) {
  return unitOfWork(platform.db, platform.projections, context, async (uow) => {
    // The settings row is the set's lock: two saves queue and the second sees the first's version.
    const settings = await repo.depositSettingsRow(uow.tx, true);
    if (settings.version !== version) throw PreconditionFailed();
    const stored = new Set((await repo.listDepositRules(uow.tx)).map((row) => row.id));
    const problems: FieldProblem[] = [];
    input.rules.forEach((rule, index) => {
      if (rule.id !== undefined && !stored.has(rule.id)) problems.push({ field: `rules[${index}].id`, message: "no such rule" });
    });
    if (problems.length > 0) throw Validation(problems);
    await repo.deleteDepositRulesExcept(
      uow.tx,
      input.rules.flatMap((rule) => (rule.id ? [rule.id] : [])),
    );
    for (const [position, rule] of input.rules.entries()) {
      const values = {
        position,
        name: rule.name,
        enabled: rule.enabled,
        rating: rule.rating,
        maxOverdueDays: rule.maxOverdueDays,
        maxOverdueShare: rule.maxOverdueShare === null ? null : String(rule.maxOverdueShare),
        // Omitted (a client that does not know it yet): a stored rule keeps its value.
        ...(rule.maxAverageDaysToPay !== undefined || !rule.id ? { maxAverageDaysToPay: rule.maxAverageDaysToPay ?? null } : {}),
        depositPercent: String(rule.depositPercent),
        collectionMethod: rule.collectionMethod,
      };
      if (rule.id) await repo.updateDepositRule(uow.tx, rule.id, values);
      else await repo.insertDepositRule(uow.tx, values);
    }
    await repo.updateDepositSettings(uow.tx, {
      defaultDepositPercent: String(input.default.depositPercent),
      defaultCollectionMethod: input.default.collectionMethod,
    });
    await uow.emit({ name: "setting.deposit_rules_changed", object: "setting", recordId: null, topics: [depositRulesTopic] });
    const [rows, saved] = await Promise.all([repo.listDepositRules(uow.tx), repo.depositSettingsRow(uow.tx)]);
    return presentDepositRules(rows, saved);
  });
}

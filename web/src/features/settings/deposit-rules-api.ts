import { queryOptions } from "@tanstack/react-query";
import type { DepositRules, DepositRulesPut } from "@relata/contracts";
import { api } from "../../lib/api";

/** The live topic the server announces rule-set changes on. */
export const depositRulesTopic = "list:deposit-rules";

export const depositRulesQuery = queryOptions({
  queryKey: ["settings", "deposit-rules"],
  queryFn: ({ signal }) => api<DepositRules>("GET", "/api/settings/deposit-rules", { signal }),
  meta: { topics: [depositRulesTopic] },
});

/** Replaces the whole ordered rule set and the default (If-Match: the set's version). */
export function putDepositRules(body: DepositRulesPut, version: number) {
  return api<DepositRules>("PUT", "/api/settings/deposit-rules", { body, version });
}

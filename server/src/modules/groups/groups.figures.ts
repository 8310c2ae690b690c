/**
 * The first rolled-up figure: a company's contacts (by primary company). It follows the
 * contacts module's events: each names the companies it touched in its `company:<id>` topics
 * (and imports in `payload.companyIds`), and those companies are recounted in the event's
 * transaction — a recount, so a change announced by several events is counted once.
 */
import type { Platform } from "../../platform/context";
import type { DomainEvent } from "../../platform/events/unit-of-work";
import { refreshFigure, registerFigure, setRollupAnnouncer } from "../../platform/rollups";
import { registerCompanyMergeStep } from "../companies";
import * as repo from "./groups.repository";
import { announceGroupChange, companyDeleted, mergeTree } from "./groups.links";

export const contactsFigure = "contacts";

registerFigure({ key: contactsFigure, kind: "count", recompute: repo.contactCounts });

const companyTopic = /^company:([0-9a-f-]{36})$/;

/** The companies an event of the contacts module touched. */
export function companiesOf(event: DomainEvent): string[] {
  const ids = new Set<string>();
  for (const topic of event.topics) {
    const match = companyTopic.exec(topic);
    if (match) ids.add(match[1]!);
  }
  const payload = event.payload ?? {};
  if (typeof payload.companyId === "string") ids.add(payload.companyId);
  if (Array.isArray(payload.companyIds)) for (const id of payload.companyIds) if (typeof id === "string") ids.add(id);
  return [...ids];
}

const contactEvents = ["contact.created", "contact.updated", "contact.deleted", "contact.merged", "contact.imported"];

/** The groups module's part in other modules' writes (projections, the merge step, figure announcements). */
export function registerGroupHooks(platform: Platform) {
  for (const name of contactEvents)
    platform.projections.on(name, async (event, uow) => {
      await refreshFigure(uow, contactsFigure, companiesOf(event));
    });
  platform.projections.on("company.deleted", async (event, uow) => {
    if (event.recordId) await companyDeleted(uow, event.recordId, typeof event.payload?.mergedInto === "string");
  });
  registerCompanyMergeStep(mergeTree);
  setRollupAnnouncer((uow, companyIds) => announceGroupChange(uow, companyIds, "company.figures_changed"));
}

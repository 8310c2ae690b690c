/**
 * Competitor contracts of a client (typically a prospect): whom it buys from, what, for how
 * much and until when. They inherit visibility from their company (read to see, update to
 * change). Each one with an expiry date gets a follow-up task for the company's owner
 * `reminderLeadDays` before it, through the business reminders (planned in the same transaction).
 * The upcoming list spans every company the actor may read, scoped in SQL and keyset-paged.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { CompetitorContractCreate, CompetitorContractPatch, UpcomingCompetitorQuery } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import { actorId, type Actor, type UserActor } from "../../platform/access/actor";
import { NotFound, PreconditionFailed, Validation } from "../../platform/errors";
import { cursorValue, decodeCursor, toPage } from "../../platform/http/pagination";
import type { Executor } from "../../platform/rollups";
import { companyEvent, companyFor, registerCompanyMergeStep, visibleCompanies, type CompanyPlacement } from "../companies";
import { companies } from "../companies/companies.schema";
import type { Context } from "../contracts/contracts.service";

/** The company's card and the upcoming-expiries list hear of every change (the hub shows each reader only what they may see). */
const competitorTopics = (companyId: string) => [`company:${companyId}`, "list:competitor-contracts"];
import { addDays, today } from "../billing/dates";
import { planSubject, reminderDefaults } from "../reminders";
import { competitorContracts } from "./competitors.schema";

type Row = typeof competitorContracts.$inferSelect;

const present = (row: Row) => ({
  id: row.id,
  companyId: row.companyId,
  competitor: row.competitor,
  product: row.product,
  value: row.value,
  currency: row.currency,
  startsOn: row.startsOn,
  expiresOn: row.expiresOn,
  notes: row.notes,
  reminderLeadDays: row.reminderLeadDays,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  version: row.version,
});

export async function listCompetitorContracts(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  const rows = await platform.db
    .select()
    .from(competitorContracts)
    .where(eq(competitorContracts.companyId, companyId))
    .orderBy(sql`${competitorContracts.expiresOn} ASC NULLS LAST`, asc(competitorContracts.id));
  return { items: rows.map(present) };
}

async function rowOf(db: Executor, companyId: string, id: string, lock = false) {
  const query = db
    .select()
    .from(competitorContracts)
    .where(and(eq(competitorContracts.id, id), eq(competitorContracts.companyId, companyId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw NotFound("Competitor contract");
  return row;
}

export async function getCompetitorContract(platform: Platform, actor: Actor, companyId: string, id: string) {
  await companyFor(platform.db, actor, companyId);
  return present(await rowOf(platform.db, companyId, id));
}

const run = <T>(
  platform: Platform,
  context: Context,
  companyId: string,
  work: (uow: UnitOfWork, company: CompanyPlacement) => Promise<T>,
) =>
  unitOfWork(platform.db, platform.projections, context, async (uow) =>
    work(uow, await companyFor(uow.tx, context.actor, companyId, "update")),
  );

export async function createCompetitorContract(platform: Platform, context: Context, companyId: string, input: CompetitorContractCreate) {
  return run(platform, context, companyId, async (uow, company) => {
    const [row] = await uow.tx
      .insert(competitorContracts)
      .values({
        companyId,
        competitor: input.competitor,
        product: input.product,
        value: input.value ?? null,
        currency: input.currency ?? null,
        startsOn: input.startsOn ?? null,
        expiresOn: input.expiresOn ?? null,
        notes: input.notes ?? null,
        reminderLeadDays: input.reminderLeadDays ?? (await reminderDefaults(uow.tx)).contractLeadDays,
        createdBy: actorId(context.actor),
      })
      .returning();
    await planSubject(uow, { type: "competitor_contract", id: row!.id });
    await uow.emit(
      companyEvent("competitor_contract.created", company, {
        topics: competitorTopics(company.id),
        payload: { competitorContractId: row!.id },
      }),
    );
    return present(row!);
  });
}

export async function updateCompetitorContract(
  platform: Platform,
  context: Context,
  companyId: string,
  id: string,
  version: number,
  input: CompetitorContractPatch,
) {
  return run(platform, context, companyId, async (uow, company) => {
    const current = await rowOf(uow.tx, companyId, id, true);
    if (current.version !== version) throw PreconditionFailed();
    const next = {
      value: input.value !== undefined ? input.value : current.value,
      currency: input.currency !== undefined ? input.currency : current.currency,
      startsOn: input.startsOn !== undefined ? input.startsOn : current.startsOn,
      expiresOn: input.expiresOn !== undefined ? input.expiresOn : current.expiresOn,
    };
    if (next.value !== null && next.currency === null) throw Validation([{ field: "currency", message: "is required with a value" }]);
    if (next.startsOn && next.expiresOn && next.expiresOn < next.startsOn)
      throw Validation([{ field: "expiresOn", message: "must not be before startsOn" }]);
    const [row] = await uow.tx
      .update(competitorContracts)
      .set({
        ...(input.competitor !== undefined ? { competitor: input.competitor } : {}),
        ...(input.product !== undefined ? { product: input.product } : {}),
        ...next,
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        ...(input.reminderLeadDays !== undefined ? { reminderLeadDays: input.reminderLeadDays } : {}),
        updatedAt: sql`now()`,
        version: version + 1,
      })
      .where(eq(competitorContracts.id, id))
      .returning();
    await planSubject(uow, { type: "competitor_contract", id });
    await uow.emit(
      companyEvent("competitor_contract.updated", company, { topics: competitorTopics(company.id), payload: { competitorContractId: id } }),
    );
    return present(row!);
  });
}

export async function deleteCompetitorContract(platform: Platform, context: Context, companyId: string, id: string, version: number) {
  return run(platform, context, companyId, async (uow, company) => {
    const current = await rowOf(uow.tx, companyId, id, true);
    if (current.version !== version) throw PreconditionFailed();
    await uow.tx.delete(competitorContracts).where(eq(competitorContracts.id, id));
    // Nothing left to follow up: the pending reminder goes with it.
    await planSubject(uow, { type: "competitor_contract", id });
    await uow.emit(
      companyEvent("competitor_contract.deleted", company, { topics: competitorTopics(company.id), payload: { competitorContractId: id } }),
    );
  });
}

/** Competitor contracts expiring from `from` to `from + days`, soonest first, over the companies the actor may read. */
export async function upcomingCompetitorContracts(platform: Platform, actor: UserActor, query: UpcomingCompetitorQuery) {
  const from = query.from ?? today();
  const until = addDays(from, query.days);
  const cursor = decodeCursor(
    query.cursor,
    2,
    ([on, id]) => typeof on === "string" && /^\d{4}-\d{2}-\d{2}$/.test(on) && cursorValue.id(id),
  );
  const rows = await platform.db
    .select({ row: competitorContracts, companyName: companies.name })
    .from(competitorContracts)
    .innerJoin(companies, eq(companies.id, competitorContracts.companyId))
    .where(
      and(
        visibleCompanies(actor, "read"),
        sql`${competitorContracts.expiresOn} BETWEEN ${from}::date AND ${until}::date`,
        cursor ? sql`(${competitorContracts.expiresOn}, ${competitorContracts.id}) > (${cursor[0]}::date, ${cursor[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(competitorContracts.expiresOn), asc(competitorContracts.id))
    .limit(query.limit + 1);
  return toPage(
    rows,
    query.limit,
    ({ row, companyName }) => ({ ...present(row), companyName }),
    ({ row }) => [row.expiresOn, row.id],
  );
}

/** A merged-away company's competitor contracts move to the kept one. */
registerCompanyMergeStep(async (uow, { sourceId, targetId }) => {
  await uow.tx.update(competitorContracts).set({ companyId: targetId }).where(eq(competitorContracts.companyId, sourceId));
});

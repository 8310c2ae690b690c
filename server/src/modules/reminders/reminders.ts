/**
 * Business reminders set in advance: a contract's end and its items' delivery dates (the
 * contract's lead time), an invoice's due date and its collection steps (due, +7, +30 days by
 * default; the last one escalates), a competitor contract's expiry (its lead time).
 *
 * Planning: whenever one of these records changes (the projections below, in the writing
 * transaction), `planSubject` computes the steps it should have now and reconciles the stored
 * ones: a new step is added, a step whose date moved is rescheduled (and may be sent again, for
 * the new date), a step no longer wanted (contract ended, item delivered, invoice paid) is
 * dropped unless it was sent. Each pending step gets a pg-boss job sent in the same transaction
 * (`startAfter` = its time), so it exists only if the write committed.
 *
 * Sending: the job locks the step and sends it only if it is still pending, due, and still
 * wanted with the same date — so an old job of a moved step, a second node or a retry sends
 * nothing; the step is marked sent in the transaction that creates the owner's task and the
 * notifications, so it is never sent twice. A sweep every minute (and at start) sends whatever
 * is due and unsent, so a job lost with a crashed process loses nothing.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Platform } from "../../platform/context";
import { unitOfWork, type DomainEvent, type UnitOfWork } from "../../platform/events/unit-of-work";
import { systemActor } from "../../platform/access/actor";
import { timedJobs } from "../../platform/jobs/timed";
import type { Executor } from "../../platform/rollups";
import { users } from "../../platform/access/access.schema";
import { companies } from "../companies/companies.schema";
import { registerCompanyMergeStep } from "../companies";
import { createTask } from "../tasks";
import { notify } from "../notifications";
import { contractItems, contracts } from "../contracts/contracts.schema";
import { products } from "../products/products.schema";
import { invoices, paymentAllocations } from "../billing/billing.schema";
import { addDays } from "../billing/dates";
import { cents, dayIn, money, wallTimeIn } from "@relata/contracts";
import { competitorContracts } from "../competitors/competitors.schema";
import { businessReminders, reminderSettings } from "./reminders.schema";

export const businessReminderQueue = "business-reminders";

export type SubjectType = "contract" | "invoice" | "competitor_contract";
export type Subject = { type: SubjectType; id: string };

/** A step as the record wants it now. */
type WantedStep = {
  step: string;
  aboutOn: string;
  fireAt: Date;
  escalate: boolean;
  /** What the task and notification say (stored text, as a task's title is). */
  title: string;
  priority: "normal" | "high";
};

/** Reminders go out at 08:00 on their day, in the time zone of the company's owner. */
const reminderMinutes = 8 * 60;
/** A reminder's time: 08:00 of the day it is due, where its owner is. */
export const fireTime = (date: string, timeZone: string) => wallTimeIn(date, reminderMinutes, timeZone);

/** The time zone of the company's owner (whose morning a reminder goes out in). */
async function ownerZone(db: Executor, companyId: string): Promise<string> {
  const [row] = await db
    .select({ timeZone: users.timeZone })
    .from(companies)
    .innerJoin(users, eq(users.id, companies.ownerId))
    .where(eq(companies.id, companyId));
  return row?.timeZone ?? "UTC";
}

export async function reminderDefaults(db: Executor) {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.id, 1));
  return row ?? { contractLeadDays: 30, invoiceLeadDays: 3, collectionSteps: [0, 7, 30], version: 1 };
}

const dateOf = (value: string | null) => (value === null ? null : value.slice(0, 10));

async function wantedForContract(db: Executor, id: string): Promise<{ companyId: string; steps: WantedStep[] } | undefined> {
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, id));
  if (!contract) return undefined;
  const steps: WantedStep[] = [];
  if (contract.status !== "active") return { companyId: contract.companyId, steps };
  const zone = await ownerZone(db, contract.companyId);
  const lead = contract.reminderLeadDays;
  const endOn = dateOf(contract.endOn);
  if (endOn)
    steps.push({
      step: "expiry",
      aboutOn: endOn,
      fireAt: fireTime(addDays(endOn, -lead), zone),
      escalate: false,
      title: `Contract ${contract.number} ends on ${endOn}: renew or close it`,
      priority: "normal",
    });
  const items = await db
    .select({ item: contractItems, productName: products.name })
    .from(contractItems)
    .innerJoin(products, eq(products.id, contractItems.productId))
    .where(and(eq(contractItems.contractId, id), sql`${contractItems.deliveryOn} IS NOT NULL`))
    .orderBy(asc(contractItems.position));
  for (const { item, productName } of items) {
    if (Number(item.fulfilledQuantity) >= Number(item.quantity)) continue;
    const deliveryOn = dateOf(item.deliveryOn)!;
    steps.push({
      step: `delivery:${item.id}`,
      aboutOn: deliveryOn,
      fireAt: fireTime(addDays(deliveryOn, -lead), zone),
      escalate: false,
      title: `Deliver ${productName} (contract ${contract.number}) by ${deliveryOn}`,
      priority: "normal",
    });
  }
  return { companyId: contract.companyId, steps };
}

async function wantedForInvoice(db: Executor, id: string): Promise<{ companyId: string; steps: WantedStep[] } | undefined> {
  const [invoice] = await db.select().from(invoices).where(eq(invoices.id, id));
  if (!invoice) return undefined;
  const steps: WantedStep[] = [];
  const open = cents(invoice.total) - cents(invoice.paid) - cents(invoice.credited);
  const dueOn = dateOf(invoice.dueOn);
  if (invoice.status !== "issued" || open <= 0n || !dueOn) return { companyId: invoice.companyId, steps };
  const settings = await reminderDefaults(db);
  const zone = await ownerZone(db, invoice.companyId);
  const amount = `${money(open)} ${invoice.currency}`;
  if (settings.invoiceLeadDays > 0)
    steps.push({
      step: "due_soon",
      aboutOn: dueOn,
      fireAt: fireTime(addDays(dueOn, -settings.invoiceLeadDays), zone),
      escalate: false,
      title: `Invoice ${invoice.number} is due on ${dueOn} (${amount} open)`,
      priority: "normal",
    });
  const ladder = [...new Set(settings.collectionSteps)].sort((a, b) => a - b);
  ladder.forEach((days, index) =>
    steps.push({
      step: `overdue:${days}`,
      aboutOn: dueOn,
      fireAt: fireTime(addDays(dueOn, days), zone),
      escalate: index === ladder.length - 1,
      title:
        days === 0
          ? `Invoice ${invoice.number} is due today (${amount} open): collect it`
          : `Invoice ${invoice.number} is ${days} days overdue (${amount} open): collect it`,
      priority: days === 0 ? "normal" : "high",
    }),
  );
  return { companyId: invoice.companyId, steps };
}

async function wantedForCompetitor(db: Executor, id: string): Promise<{ companyId: string; steps: WantedStep[] } | undefined> {
  const [row] = await db.select().from(competitorContracts).where(eq(competitorContracts.id, id));
  if (!row) return undefined;
  const expiresOn = dateOf(row.expiresOn);
  if (!expiresOn) return { companyId: row.companyId, steps: [] };
  const zone = await ownerZone(db, row.companyId);
  return {
    companyId: row.companyId,
    steps: [
      {
        step: "expiry",
        aboutOn: expiresOn,
        fireAt: fireTime(addDays(expiresOn, -row.reminderLeadDays), zone),
        escalate: false,
        title: `${row.competitor}'s contract for ${row.product} expires on ${expiresOn}: follow up`,
        priority: "normal",
      },
    ],
  };
}

export function wantedSteps(db: Executor, subject: Subject) {
  switch (subject.type) {
    case "contract":
      return wantedForContract(db, subject.id);
    case "invoice":
      return wantedForInvoice(db, subject.id);
    case "competitor_contract":
      return wantedForCompetitor(db, subject.id);
  }
}

// ─── planning ────────────────────────────────────────────────────────────────

/**
 * Reconciles the stored steps of a record with the ones it wants now (in the caller's
 * transaction). Of the steps whose time has already passed when they are planned, only the
 * latest is sent: a backdated invoice gets its furthest collection step, not all of them at once.
 */
export async function planSubject(uow: UnitOfWork, subject: Subject) {
  const wanted = await wantedSteps(uow.tx, subject);
  const stored = await uow.tx
    .select()
    .from(businessReminders)
    .where(and(eq(businessReminders.subjectType, subject.type), eq(businessReminders.subjectId, subject.id)))
    .for("update");
  const byStep = new Map(stored.map((row) => [row.step, row]));
  const wantedSet = new Set((wanted?.steps ?? []).map((step) => step.step));
  const dropped = stored.filter((row) => !wantedSet.has(row.step) && row.state === "pending").map((row) => row.id);
  if (dropped.length > 0) await uow.tx.delete(businessReminders).where(inArray(businessReminders.id, dropped));
  if (!wanted) return;
  const now = Date.now();
  const planned: { id: string; fireAt: Date }[] = [];
  for (const step of wanted.steps) {
    const row = byStep.get(step.step);
    if (!row) {
      const [inserted] = await uow.tx
        .insert(businessReminders)
        .values({
          companyId: wanted.companyId,
          subjectType: subject.type,
          subjectId: subject.id,
          step: step.step,
          aboutOn: step.aboutOn,
          fireAt: step.fireAt,
          escalate: step.escalate,
        })
        .returning({ id: businessReminders.id });
      planned.push({ id: inserted!.id, fireAt: step.fireAt });
      continue;
    }
    const moved = dateOf(row.aboutOn) !== step.aboutOn;
    const changed = row.fireAt.getTime() !== step.fireAt.getTime() || row.escalate !== step.escalate;
    if (!moved && row.state !== "pending") {
      // Sent (or settled) for this date: never again; only its company follows a merge.
      if (row.companyId !== wanted.companyId)
        await uow.tx.update(businessReminders).set({ companyId: wanted.companyId }).where(eq(businessReminders.id, row.id));
      continue;
    }
    if (!moved && !changed && row.companyId === wanted.companyId) continue;
    // A new date is a new reminder; a new time reschedules the pending one (its old job sends nothing).
    await uow.tx
      .update(businessReminders)
      .set({
        companyId: wanted.companyId,
        aboutOn: step.aboutOn,
        fireAt: step.fireAt,
        escalate: step.escalate,
        state: "pending",
        sentAt: null,
        taskId: null,
        updatedAt: sql`now()`,
      })
      .where(eq(businessReminders.id, row.id));
    planned.push({ id: row.id, fireAt: step.fireAt });
  }
  // An invoice's collection steps already past when planned: only the latest is sent, the earlier ones are settled unsent.
  const past =
    subject.type === "invoice"
      ? planned.filter((entry) => entry.fireAt.getTime() <= now).sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime())
      : [];
  const skipped = new Set(past.slice(0, -1).map((entry) => entry.id));
  if (skipped.size > 0)
    await uow.tx
      .update(businessReminders)
      .set({ state: "skipped", sentAt: sql`now()`, updatedAt: sql`now()` })
      .where(inArray(businessReminders.id, [...skipped]));
  for (const entry of planned) if (!skipped.has(entry.id)) await reminderJobs.schedule(uow.tx, entry.id, entry.fireAt);
}

// ─── sending ─────────────────────────────────────────────────────────────────

/** The owner's manager when there is an active one, to hear of the last collection step too. */
async function managerOf(db: Executor, userId: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(sql`users AS owner`, sql`owner.manager_id = ${users.id}`)
    .where(and(sql`owner.id = ${userId}`, eq(users.active, true)));
  return row?.id ?? null;
}

/** Sends one reminder if it is still due, unsent and wanted for the same date; true when it was sent now. */
export async function sendBusinessReminder(platform: Platform, reminderId: string): Promise<boolean> {
  return unitOfWork(
    platform.db,
    platform.projections,
    { actor: systemActor("reminders"), requestId: `business-reminder:${reminderId}` },
    async (uow) => {
      const [row] = await uow.tx
        .select()
        .from(businessReminders)
        .where(and(eq(businessReminders.id, reminderId), eq(businessReminders.state, "pending"), sql`${businessReminders.fireAt} <= now()`))
        .for("update");
      if (!row) return false;
      const wanted = await wantedSteps(uow.tx, { type: row.subjectType as SubjectType, id: row.subjectId });
      const step = wanted?.steps.find((candidate) => candidate.step === row.step && candidate.aboutOn === dateOf(row.aboutOn));
      if (!step) {
        // No longer wanted (a writer that did not plan, or a restored database): nothing to send.
        await uow.tx.delete(businessReminders).where(eq(businessReminders.id, row.id));
        return false;
      }
      const [company] = await uow.tx
        .select({ id: companies.id, name: companies.name, ownerId: companies.ownerId, zone: users.timeZone })
        .from(companies)
        .innerJoin(users, eq(users.id, companies.ownerId))
        .where(eq(companies.id, row.companyId));
      const manager = row.escalate ? await managerOf(uow.tx, company!.ownerId) : null;
      const escalated = row.escalate && manager === null;
      // Due by the end of the day in the owner's zone (today, when the day itself has passed there).
      const zone = company!.zone;
      const today = dayIn(Date.now(), zone);
      const dueOn = step.aboutOn > today ? step.aboutOn : today;
      const task = await createTask(uow, {
        title: step.title,
        assigneeId: company!.ownerId,
        dueAt: wallTimeIn(dueOn, 23 * 60 + 59, zone),
        priority: escalated ? "urgent" : row.escalate ? "high" : step.priority,
        companyId: company!.id,
        remindMinutesBefore: null,
        notifyAssignee: false,
      });
      const link = `/my-work?task=${task.id}`;
      const params = { title: step.title, company: company!.name, dueAt: fireTime(step.aboutOn, zone).toISOString() };
      await notify(uow, { userIds: [company!.ownerId], kind: "reminder", params, link, companyId: company!.id });
      if (manager && manager !== company!.ownerId)
        await notify(uow, { userIds: [manager], kind: "reminder", params, link: `/companies/${company!.id}`, companyId: company!.id });
      await uow.tx
        .update(businessReminders)
        .set({ state: "sent", sentAt: sql`now()`, taskId: task.id, updatedAt: sql`now()` })
        .where(eq(businessReminders.id, row.id));
      return true;
    },
  );
}

const reminderJobs = timedJobs({
  queue: businessReminderQueue,
  key: "reminderId",
  label: (id) => `business reminder ${id}`,
  due: async (db, limit) =>
    (
      await db
        .select({ id: businessReminders.id })
        .from(businessReminders)
        .where(and(eq(businessReminders.state, "pending"), sql`${businessReminders.fireAt} <= now()`))
        .orderBy(asc(businessReminders.fireAt))
        .limit(limit)
    ).map((row) => row.id),
  run: (platform, id) => sendBusinessReminder(platform, id),
});

/** Sends every business reminder that is due and unsent; returns how many were sent. */
export const sweepBusinessReminders = reminderJobs.sweep;
/** The worker: jobs name a reminder; the minutely scheduled job (no reminder) sweeps. */
export const registerBusinessReminderJobs = reminderJobs.register;

// ─── projections: every writer of a planned record plans it again ───────────

const payloadId = (event: DomainEvent, key: string) => {
  const value = event.payload?.[key];
  return typeof value === "string" ? value : null;
};

async function invoicesOfPayment(uow: UnitOfWork, paymentId: string) {
  const rows = await uow.tx
    .selectDistinct({ id: paymentAllocations.invoiceId })
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, paymentId));
  return rows.map((row) => row.id);
}

export function registerReminderHooks(platform: Platform) {
  const planContract = async (event: DomainEvent, uow: UnitOfWork) => {
    const contractId = payloadId(event, "contractId");
    if (contractId) await planSubject(uow, { type: "contract", id: contractId });
    const invoiceId = payloadId(event, "invoiceId");
    if (invoiceId) await planSubject(uow, { type: "invoice", id: invoiceId });
  };
  for (const name of ["contract.created", "contract.updated", "contract.item.fulfilled"]) platform.projections.on(name, planContract);
  const planInvoice = async (event: DomainEvent, uow: UnitOfWork) => {
    const invoiceId = payloadId(event, "invoiceId");
    if (invoiceId) await planSubject(uow, { type: "invoice", id: invoiceId });
  };
  for (const name of ["invoice.issued", "credit_note.issued"]) platform.projections.on(name, planInvoice);
  const planPayment = async (event: DomainEvent, uow: UnitOfWork) => {
    const paymentId = payloadId(event, "paymentId");
    if (!paymentId) return;
    for (const id of await invoicesOfPayment(uow, paymentId)) await planSubject(uow, { type: "invoice", id });
  };
  for (const name of ["payment.received", "payment.applied"]) platform.projections.on(name, planPayment);
}

/** A merged-away company's reminders follow its records to the kept company. */
registerCompanyMergeStep(async (uow, { sourceId, targetId }) => {
  await uow.tx.update(businessReminders).set({ companyId: targetId }).where(eq(businessReminders.companyId, sourceId));
});

/**
 * Billing and receivables of a client: invoices (from fulfilments or by hand), payments applied
 * to invoices (the rest stays on account), credit notes, and AR with aging and DSO per company
 * or per group. Every write keeps the invoice's paid / credited / status, the ledger and the
 * company's figures (open receivables, revenue) in the same transaction. Currencies never mix:
 * a payment or credit note in another currency than its invoice is refused.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { CreditNoteCreate, InvoiceCreate, InvoiceIssue, InvoiceListQuery, PaymentCreate } from "@relata/contracts";
import { cents, lineAmount, money, sum } from "@relata/contracts";
import type { Platform } from "../../platform/context";
import { unitOfWork, type UnitOfWork } from "../../platform/events/unit-of-work";
import type { Actor } from "../../platform/access/actor";
import { NotFound, Validation, type FieldProblem } from "../../platform/errors";
import { subtreeOf, type Executor } from "../../platform/rollups";
import { companyEvent, companyFor, type CompanyPlacement } from "../companies";
import { recordSystemEntry } from "../timeline";
import { contracts } from "../contracts/contracts.schema";
import type { Context } from "../contracts/contracts.service";
import { creditNotes, invoiceLines, invoices, paymentAllocations, payments } from "./billing.schema";
import { bookRevenue, nextCreditNoteNumber, nextInvoiceNumber } from "./billing.ledger";
import { refreshMoney } from "./billing.figures";
import { agingByCurrency, type InvoiceFact } from "./billing.aging";
import { addDays, today } from "./dates";

type InvoiceRow = typeof invoices.$inferSelect;
type Company = CompanyPlacement;

const outstandingOf = (row: InvoiceRow) => cents(row.total) - cents(row.paid) - cents(row.credited);

async function presentInvoices(db: Executor, rows: InvoiceRow[]) {
  const lines = rows.length
    ? await db
        .select()
        .from(invoiceLines)
        .where(
          inArray(
            invoiceLines.invoiceId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(asc(invoiceLines.position), asc(invoiceLines.createdAt), asc(invoiceLines.id))
    : [];
  return rows.map((row) => ({
    id: row.id,
    companyId: row.companyId,
    contractId: row.contractId,
    number: row.number,
    status: row.status as "issued",
    currency: row.currency,
    issuedOn: row.issuedOn,
    dueOn: row.dueOn,
    total: row.total,
    paid: row.paid,
    credited: row.credited,
    outstanding: money(outstandingOf(row)),
    paidOn: row.paidOn,
    lines: lines
      .filter((line) => line.invoiceId === row.id)
      .map((line) => ({
        id: line.id,
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        amount: line.amount,
        contractItemId: line.contractItemId,
        fulfilmentId: line.fulfilmentId,
      })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  }));
}

async function presentInvoice(db: Executor, id: string) {
  const [row] = await db.select().from(invoices).where(eq(invoices.id, id));
  if (!row) throw NotFound("Invoice");
  return (await presentInvoices(db, [row]))[0]!;
}

const run = <T>(platform: Platform, context: Context, companyId: string, work: (uow: UnitOfWork, company: Company) => Promise<T>) =>
  unitOfWork(platform.db, platform.projections, context, async (uow) =>
    work(uow, await companyFor(uow.tx, context.actor, companyId, "update")),
  );

// ─── invoices ────────────────────────────────────────────────────────────────

export async function listInvoices(platform: Platform, actor: Actor, companyId: string, query: InvoiceListQuery) {
  await companyFor(platform.db, actor, companyId);
  const conditions = [eq(invoices.companyId, companyId)];
  if (query.status) conditions.push(eq(invoices.status, query.status));
  if (query.contractId) conditions.push(eq(invoices.contractId, query.contractId));
  if (query.open === "true")
    conditions.push(sql`${invoices.status} = 'issued' AND ${invoices.total} - ${invoices.paid} - ${invoices.credited} > 0`);
  const rows = await platform.db
    .select()
    .from(invoices)
    .where(and(...conditions))
    .orderBy(desc(sql`coalesce(${invoices.issuedOn}, ${invoices.createdAt}::date)`), desc(invoices.number))
    .limit(500);
  return { items: await presentInvoices(platform.db, rows) };
}

async function invoiceOf(db: Executor, companyId: string, invoiceId: string, lock = false) {
  const query = db
    .select()
    .from(invoices)
    .where(and(eq(invoices.id, invoiceId), eq(invoices.companyId, companyId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw NotFound("Invoice");
  return row;
}

export async function getInvoice(platform: Platform, actor: Actor, companyId: string, invoiceId: string) {
  await companyFor(platform.db, actor, companyId);
  await invoiceOf(platform.db, companyId, invoiceId);
  return presentInvoice(platform.db, invoiceId);
}

/** Lines not from a fulfilment book their revenue when the invoice is issued (fulfilments booked theirs already). */
async function bookManualLines(uow: UnitOfWork, invoice: InvoiceRow, issuedOn: string) {
  const lines = await uow.tx
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoice.id), sql`${invoiceLines.fulfilmentId} IS NULL`));
  const amount = sum(lines.map((line) => cents(line.amount)));
  if (amount !== 0n)
    await bookRevenue(uow, {
      companyId: invoice.companyId,
      contractId: invoice.contractId,
      productId: null,
      currency: invoice.currency,
      amount: money(amount),
      cost: null,
      bookedOn: issuedOn,
    });
}

export async function createInvoice(platform: Platform, context: Context, companyId: string, input: InvoiceCreate) {
  return run(platform, context, companyId, async (uow, company) => {
    let terms = 30;
    if (input.contractId) {
      const [contract] = await uow.tx
        .select()
        .from(contracts)
        .where(and(eq(contracts.id, input.contractId), eq(contracts.companyId, companyId)));
      if (!contract) throw Validation([{ field: "contractId", message: "is not a contract of this company" }]);
      if (contract.currency !== input.currency)
        throw Validation([{ field: "currency", message: `must be the contract's currency (${contract.currency})` }]);
      terms = contract.paymentTermsDays;
    }
    const issuedOn = input.draft ? null : (input.issuedOn ?? today());
    const dueOn = input.draft ? (input.dueOn ?? null) : (input.dueOn ?? addDays(issuedOn!, terms));
    const amounts = input.lines.map((line) => lineAmount(line.quantity, line.unitPrice));
    const [row] = await uow.tx
      .insert(invoices)
      .values({
        companyId,
        contractId: input.contractId ?? null,
        number: await nextInvoiceNumber(uow),
        status: input.draft ? "draft" : "issued",
        currency: input.currency,
        issuedOn,
        dueOn,
        total: money(sum(amounts)),
      })
      .returning();
    await uow.tx.insert(invoiceLines).values(
      input.lines.map((line, index) => ({
        invoiceId: row!.id,
        position: index + 1,
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        amount: money(amounts[index]!),
      })),
    );
    if (!input.draft) {
      await bookManualLines(uow, row!, issuedOn!);
      await refreshMoney(uow, input.currency, [companyId]);
    }
    await uow.emit(
      companyEvent(input.draft ? "invoice.created" : "invoice.issued", company, {
        topics: [`company:${company.id}`],
        payload: { invoiceId: row!.id },
      }),
    );
    return presentInvoice(uow.tx, row!.id);
  });
}

export async function issueInvoice(platform: Platform, context: Context, companyId: string, invoiceId: string, input: InvoiceIssue) {
  return run(platform, context, companyId, async (uow, company) => {
    const invoice = await invoiceOf(uow.tx, companyId, invoiceId, true);
    if (invoice.status !== "draft") throw Validation([{ field: "status", message: `the invoice is already ${invoice.status}` }]);
    if (cents(invoice.total) <= 0n) throw Validation([{ field: "lines", message: "an invoice without amount cannot be issued" }]);
    let terms = 30;
    if (invoice.contractId) {
      const [contract] = await uow.tx.select().from(contracts).where(eq(contracts.id, invoice.contractId));
      terms = contract?.paymentTermsDays ?? terms;
    }
    const issuedOn = input.issuedOn ?? today();
    const dueOn = input.dueOn ?? addDays(issuedOn, terms);
    if (dueOn < issuedOn) throw Validation([{ field: "dueOn", message: "must not be before issuedOn" }]);
    await uow.tx
      .update(invoices)
      .set({ status: "issued", issuedOn, dueOn, billingPeriod: null, updatedAt: sql`now()`, version: sql`${invoices.version} + 1` })
      .where(eq(invoices.id, invoiceId));
    await bookManualLines(uow, invoice, issuedOn);
    await refreshMoney(uow, invoice.currency, [companyId]);
    await uow.emit(companyEvent("invoice.issued", company, { topics: [`company:${company.id}`], payload: { invoiceId } }));
    return presentInvoice(uow.tx, invoiceId);
  });
}

// ─── payments ────────────────────────────────────────────────────────────────

type Allocation = { invoiceId: string; amount: string };

/**
 * Applies amounts of a payment to invoices of the company: issued, in the payment's currency,
 * each at most its outstanding amount. The invoices are locked in id order (no deadlock between
 * two payments naming the same invoices in another order).
 */
async function applyAllocations(
  uow: UnitOfWork,
  companyId: string,
  payment: { id: string; currency: string; receivedOn: string },
  allocations: Allocation[],
  available: bigint,
) {
  const problems: FieldProblem[] = [];
  const ids = [...new Set(allocations.map((allocation) => allocation.invoiceId))].sort();
  if (ids.length !== allocations.length) problems.push({ field: "allocations", message: "names an invoice twice" });
  const rows = ids.length
    ? await uow.tx
        .select()
        .from(invoices)
        .where(and(inArray(invoices.id, ids), eq(invoices.companyId, companyId)))
        .orderBy(asc(invoices.id))
        .for("update")
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  let total = 0n;
  allocations.forEach((allocation, index) => {
    const invoice = byId.get(allocation.invoiceId);
    const amount = cents(allocation.amount);
    total += amount;
    if (!invoice) return problems.push({ field: `allocations[${index}].invoiceId`, message: "is not an invoice of this company" });
    if (invoice.status !== "issued")
      return problems.push({ field: `allocations[${index}].invoiceId`, message: `the invoice is ${invoice.status}` });
    if (invoice.currency !== payment.currency)
      return problems.push({ field: "currency", message: `invoice ${invoice.number} is in ${invoice.currency}, not ${payment.currency}` });
    if (amount <= 0n) return problems.push({ field: `allocations[${index}].amount`, message: "must be more than 0" });
    if (amount > outstandingOf(invoice))
      problems.push({ field: `allocations[${index}].amount`, message: `is more than the ${money(outstandingOf(invoice))} outstanding` });
  });
  if (total > available) problems.push({ field: "allocations", message: `apply at most ${money(available)}` });
  if (problems.length > 0) throw Validation(problems);
  for (const allocation of allocations) {
    const invoice = byId.get(allocation.invoiceId)!;
    const amount = cents(allocation.amount);
    await uow.tx
      .insert(paymentAllocations)
      .values({ paymentId: payment.id, invoiceId: invoice.id, amount: money(amount), appliedOn: payment.receivedOn });
    const settled = outstandingOf(invoice) === amount;
    await uow.tx
      .update(invoices)
      .set({
        paid: sql`${invoices.paid} + ${money(amount)}::numeric`,
        ...(settled ? { status: "paid", paidOn: payment.receivedOn } : {}),
        updatedAt: sql`now()`,
        version: sql`${invoices.version} + 1`,
      })
      .where(eq(invoices.id, invoice.id));
  }
  return total;
}

async function presentPayment(db: Executor, id: string) {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  if (!row) throw NotFound("Payment");
  const allocations = await db
    .select({ invoiceId: paymentAllocations.invoiceId, invoiceNumber: invoices.number, amount: paymentAllocations.amount })
    .from(paymentAllocations)
    .innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(eq(paymentAllocations.paymentId, id))
    .orderBy(asc(paymentAllocations.createdAt), asc(paymentAllocations.id));
  return {
    id: row.id,
    companyId: row.companyId,
    currency: row.currency,
    amount: row.amount,
    unapplied: row.unapplied,
    receivedOn: row.receivedOn,
    method: row.method as "transfer",
    reference: row.reference,
    allocations,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listPayments(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  const rows = await platform.db
    .select({ id: payments.id })
    .from(payments)
    .where(eq(payments.companyId, companyId))
    .orderBy(desc(payments.receivedOn), desc(payments.createdAt))
    .limit(500);
  return { items: await Promise.all(rows.map((row) => presentPayment(platform.db, row.id))) };
}

export async function createPayment(platform: Platform, context: Context, companyId: string, input: PaymentCreate) {
  if (input.receivedOn > addDays(today(), 1)) throw Validation([{ field: "receivedOn", message: "cannot be in the future" }]);
  return run(platform, context, companyId, async (uow, company) => {
    const amount = cents(input.amount);
    const [row] = await uow.tx
      .insert(payments)
      .values({
        companyId,
        currency: input.currency,
        amount: money(amount),
        unapplied: money(amount),
        receivedOn: input.receivedOn,
        method: input.method ?? "transfer",
        reference: input.reference ?? null,
      })
      .returning();
    const applied = await applyAllocations(uow, companyId, row!, input.allocations ?? [], amount);
    if (applied > 0n)
      await uow.tx
        .update(payments)
        .set({ unapplied: money(amount - applied) })
        .where(eq(payments.id, row!.id));
    await refreshMoney(uow, input.currency, [companyId]);
    await recordSystemEntry(uow, {
      companyId,
      systemKind: "payment_received",
      data: { amount: money(amount), currency: input.currency, applied: money(applied) },
    });
    await uow.emit(companyEvent("payment.received", company, { topics: [`company:${company.id}`], payload: { paymentId: row!.id } }));
    return presentPayment(uow.tx, row!.id);
  });
}

export async function allocatePayment(
  platform: Platform,
  context: Context,
  companyId: string,
  paymentId: string,
  allocations: Allocation[],
) {
  return run(platform, context, companyId, async (uow, company) => {
    const [payment] = await uow.tx
      .select()
      .from(payments)
      .where(and(eq(payments.id, paymentId), eq(payments.companyId, companyId)))
      .for("update");
    if (!payment) throw NotFound("Payment");
    const applied = await applyAllocations(uow, companyId, payment, allocations, cents(payment.unapplied));
    await uow.tx
      .update(payments)
      .set({ unapplied: money(cents(payment.unapplied) - applied), updatedAt: sql`now()`, version: sql`${payments.version} + 1` })
      .where(eq(payments.id, paymentId));
    await refreshMoney(uow, payment.currency, [companyId]);
    await uow.emit(companyEvent("payment.applied", company, { topics: [`company:${company.id}`], payload: { paymentId } }));
    return presentPayment(uow.tx, paymentId);
  });
}

// ─── credit notes ────────────────────────────────────────────────────────────

export async function listCreditNotes(platform: Platform, actor: Actor, companyId: string) {
  await companyFor(platform.db, actor, companyId);
  const rows = await platform.db
    .select()
    .from(creditNotes)
    .where(eq(creditNotes.companyId, companyId))
    .orderBy(desc(creditNotes.issuedOn), desc(creditNotes.number))
    .limit(500);
  return { items: rows.map(presentCreditNote) };
}

const presentCreditNote = (row: typeof creditNotes.$inferSelect) => ({
  id: row.id,
  companyId: row.companyId,
  invoiceId: row.invoiceId,
  number: row.number,
  currency: row.currency,
  amount: row.amount,
  issuedOn: row.issuedOn,
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
});

export async function createCreditNote(platform: Platform, context: Context, companyId: string, input: CreditNoteCreate) {
  return run(platform, context, companyId, async (uow, company) => {
    const [invoice] = await uow.tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.id, input.invoiceId), eq(invoices.companyId, companyId)))
      .for("update");
    if (!invoice) throw Validation([{ field: "invoiceId", message: "is not an invoice of this company" }]);
    if (invoice.status !== "issued") throw Validation([{ field: "invoiceId", message: `the invoice is ${invoice.status}` }]);
    if (invoice.currency !== input.currency)
      throw Validation([{ field: "currency", message: `must be the invoice's currency (${invoice.currency})` }]);
    const amount = cents(input.amount);
    if (amount > outstandingOf(invoice))
      throw Validation([{ field: "amount", message: `is more than the ${money(outstandingOf(invoice))} outstanding` }]);
    const issuedOn = input.issuedOn ?? today();
    if (invoice.issuedOn && issuedOn < invoice.issuedOn)
      throw Validation([{ field: "issuedOn", message: "must not be before the invoice's date" }]);
    const [note] = await uow.tx
      .insert(creditNotes)
      .values({
        companyId,
        invoiceId: invoice.id,
        number: await nextCreditNoteNumber(uow),
        currency: input.currency,
        amount: money(amount),
        issuedOn,
        reason: input.reason,
      })
      .returning();
    const settled = outstandingOf(invoice) === amount;
    await uow.tx
      .update(invoices)
      .set({
        credited: sql`${invoices.credited} + ${money(amount)}::numeric`,
        ...(settled ? { status: "paid", paidOn: issuedOn } : {}),
        updatedAt: sql`now()`,
        version: sql`${invoices.version} + 1`,
      })
      .where(eq(invoices.id, invoice.id));
    await bookRevenue(uow, {
      companyId,
      contractId: invoice.contractId,
      creditNoteId: note!.id,
      productId: null,
      currency: input.currency,
      amount: money(-amount),
      cost: null,
      bookedOn: issuedOn,
    });
    await refreshMoney(uow, input.currency, [companyId]);
    await uow.emit(
      companyEvent("credit_note.issued", company, {
        topics: [`company:${company.id}`],
        payload: { creditNoteId: note!.id, invoiceId: invoice.id },
      }),
    );
    return presentCreditNote(note!);
  });
}

// ─── receivables ─────────────────────────────────────────────────────────────

/** The invoices and unapplied payments of these companies, as the AR arithmetic takes them. */
export async function receivableFacts(db: Executor, companyIds: readonly string[]) {
  const ids = sql`${sql.param([...companyIds])}::uuid[]`;
  const rows = await db
    .select()
    .from(invoices)
    .where(sql`${invoices.companyId} = ANY(${ids}) AND ${invoices.status} IN ('issued', 'paid')`);
  const facts: InvoiceFact[] = rows.map((row) => ({
    currency: row.currency,
    status: row.status,
    total: cents(row.total),
    outstanding: row.status === "issued" ? outstandingOf(row) : 0n,
    issuedOn: row.issuedOn,
    dueOn: row.dueOn,
    paidOn: row.paidOn,
  }));
  const unapplied = await db
    .select({ currency: payments.currency, total: sql<string>`sum(${payments.unapplied})::text` })
    .from(payments)
    .where(sql`${payments.companyId} = ANY(${ids})`)
    .groupBy(payments.currency);
  return { facts, unapplied: new Map(unapplied.map((row) => [row.currency, cents(row.total)])) };
}

/** A company alone, or it and its descendants (the group seen from it). */
export async function scopeIds(db: Executor, companyId: string, scope: "company" | "group") {
  if (scope === "company") return [companyId];
  const result = await db.execute<{ id: string }>(sql`SELECT id FROM ${subtreeOf(companyId)} s`);
  return result.rows.map((row) => row.id);
}

export async function receivables(
  platform: Platform,
  actor: Actor,
  companyId: string,
  query: { scope?: "company" | "group" | undefined; asOf?: string | undefined },
) {
  await companyFor(platform.db, actor, companyId);
  const scope = query.scope ?? "company";
  const asOf = query.asOf ?? today();
  const { facts, unapplied } = await receivableFacts(platform.db, await scopeIds(platform.db, companyId, scope));
  return { companyId, scope, asOf, currencies: agingByCurrency(facts, unapplied, asOf) };
}

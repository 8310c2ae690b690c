/**
 * The billing side of a fulfilment, called inside the fulfilment's unit of work: the revenue
 * entry in the ledger and the invoice line (on an invoice of its own, or on the contract's
 * draft invoice of the month, per the contract's billing schedule).
 */
import { and, eq, sql } from "drizzle-orm";
import type { UnitOfWork } from "../../platform/events/unit-of-work";
import { creditNoteNumberSeq, invoiceLines, invoiceNumberSeq, invoices, revenueEntries } from "./billing.schema";
import { addDays } from "./dates";

export async function nextInvoiceNumber(uow: UnitOfWork) {
  const result = await uow.tx.execute<{ n: string }>(sql`SELECT nextval(${invoiceNumberSeq.seqName}::regclass)::text AS n`);
  return `INV-${result.rows[0]!.n.padStart(6, "0")}`;
}

export async function nextCreditNoteNumber(uow: UnitOfWork) {
  const result = await uow.tx.execute<{ n: string }>(sql`SELECT nextval(${creditNoteNumberSeq.seqName}::regclass)::text AS n`);
  return `CN-${result.rows[0]!.n.padStart(6, "0")}`;
}

export type RevenueInput = {
  companyId: string;
  contractId: string | null;
  fulfilmentId?: string | null;
  creditNoteId?: string | null;
  productId: string | null;
  currency: string;
  amount: string;
  cost: string | null;
  bookedOn: string;
};

export async function bookRevenue(uow: UnitOfWork, input: RevenueInput) {
  const [row] = await uow.tx
    .insert(revenueEntries)
    .values({
      companyId: input.companyId,
      contractId: input.contractId,
      fulfilmentId: input.fulfilmentId ?? null,
      creditNoteId: input.creditNoteId ?? null,
      productId: input.productId,
      currency: input.currency,
      amount: input.amount,
      cost: input.cost,
      bookedOn: input.bookedOn,
    })
    .returning();
  return row!;
}

export type BilledLine = {
  companyId: string;
  contract: { id: string; currency: string; billingSchedule: string; paymentTermsDays: number };
  contractItemId: string;
  fulfilmentId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  on: string;
};

/** Puts a fulfilled line on an invoice per the contract's billing schedule; returns the invoice and line ids. */
export async function invoiceFulfilment(uow: UnitOfWork, line: BilledLine) {
  const { contract } = line;
  let invoiceId: string;
  if (contract.billingSchedule === "monthly") {
    const period = line.on.slice(0, 7);
    // One draft per contract and month: the partial unique index makes concurrent writers meet on it.
    await uow.tx
      .insert(invoices)
      .values({
        companyId: line.companyId,
        contractId: contract.id,
        number: await nextInvoiceNumber(uow),
        status: "draft",
        currency: contract.currency,
        billingPeriod: period,
      })
      .onConflictDoNothing();
    const [draft] = await uow.tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.contractId, contract.id), eq(invoices.billingPeriod, period), eq(invoices.status, "draft")))
      .for("update");
    invoiceId = draft!.id;
  } else {
    const [created] = await uow.tx
      .insert(invoices)
      .values({
        companyId: line.companyId,
        contractId: contract.id,
        number: await nextInvoiceNumber(uow),
        status: "issued",
        currency: contract.currency,
        issuedOn: line.on,
        dueOn: addDays(line.on, contract.paymentTermsDays),
      })
      .returning({ id: invoices.id });
    invoiceId = created!.id;
  }
  const [inserted] = await uow.tx
    .insert(invoiceLines)
    .values({
      invoiceId,
      position: sql`(SELECT coalesce(max(${invoiceLines.position}), 0) + 1 FROM ${invoiceLines} WHERE ${invoiceLines.invoiceId} = ${invoiceId})`,
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      amount: line.amount,
      contractItemId: line.contractItemId,
      fulfilmentId: line.fulfilmentId,
    })
    .returning({ id: invoiceLines.id });
  await uow.tx
    .update(invoices)
    .set({ total: sql`${invoices.total} + ${line.amount}::numeric`, updatedAt: sql`now()`, version: sql`${invoices.version} + 1` })
    .where(eq(invoices.id, invoiceId));
  return { invoiceId, invoiceLineId: inserted!.id };
}

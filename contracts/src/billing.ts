import { z } from "zod";
import { id, isoDate, isoDateTime, optionalText } from "./common";
import { collectionMethods, isoCurrency, unsignedAmount } from "./finance";
import { quantity } from "./contracts";

// ---------------------------------------------------------------------------------------------
// Invoices

/** draft → issued → paid (or void while nothing was paid or credited). */
export const invoiceStatuses = ["draft", "issued", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

export const invoiceLine = z.object({
  id,
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  amount: z.string(),
  contractItemId: id.nullable(),
  fulfilmentId: id.nullable(),
});
export type InvoiceLine = z.infer<typeof invoiceLine>;

export const invoice = z.object({
  id,
  companyId: id,
  contractId: id.nullable(),
  number: z.string(),
  status: z.enum(invoiceStatuses),
  currency: z.string(),
  issuedOn: isoDate.nullable(),
  dueOn: isoDate.nullable(),
  total: z.string(),
  paid: z.string(),
  credited: z.string(),
  /** total − paid − credited. */
  outstanding: z.string(),
  /** When it was paid in full (the date of the payment that settled it). */
  paidOn: isoDate.nullable(),
  lines: z.array(invoiceLine),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Invoice = z.infer<typeof invoice>;

export const invoiceLineCreate = z.object({ description: z.string().trim().min(1).max(300), quantity, unitPrice: unsignedAmount }).strict();

/** A manual invoice (services outside a contract, fees); issued at once unless `draft`. */
export const invoiceCreate = z
  .object({
    currency: isoCurrency,
    contractId: id.nullable().optional(),
    issuedOn: isoDate.optional(),
    dueOn: isoDate.optional(),
    draft: z.boolean().optional(),
    lines: z.array(invoiceLineCreate).min(1).max(200),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.issuedOn && value.dueOn && value.dueOn < value.issuedOn)
      ctx.addIssue({ code: "custom", path: ["dueOn"], message: "must not be before issuedOn" });
  });
export type InvoiceCreate = z.output<typeof invoiceCreate>;

/** `POST …/invoices/:invoiceId/issue` (a draft): issue date (default today) and due date (default: by the contract's terms). */
export const invoiceIssue = z
  .object({ issuedOn: isoDate.optional(), dueOn: isoDate.optional() })
  .strict()
  .superRefine((value, ctx) => {
    if (value.issuedOn && value.dueOn && value.dueOn < value.issuedOn)
      ctx.addIssue({ code: "custom", path: ["dueOn"], message: "must not be before issuedOn" });
  });
export type InvoiceIssue = z.output<typeof invoiceIssue>;

export const invoiceParams = z.object({ id, invoiceId: id }).strict();

export const invoiceListQuery = z
  .object({ status: z.enum(invoiceStatuses).optional(), contractId: id.optional(), open: z.enum(["true", "false"]).optional() })
  .strict();
export type InvoiceListQuery = z.output<typeof invoiceListQuery>;

// ---------------------------------------------------------------------------------------------
// Payments and credit notes

export const paymentAllocationInput = z.object({ invoiceId: id, amount: unsignedAmount }).strict();

/**
 * A payment received: applied to the invoices named (each at most its outstanding amount), the
 * rest stays unapplied on the client's account. Currency must be the invoices' currency.
 */
export const paymentCreate = z
  .object({
    currency: isoCurrency,
    amount: unsignedAmount.refine((value) => Number(value) > 0, "must be more than 0"),
    receivedOn: isoDate,
    method: z.enum(collectionMethods).optional(),
    reference: optionalText(100),
    allocations: z.array(paymentAllocationInput).max(100).optional(),
  })
  .strict();
export type PaymentCreate = z.output<typeof paymentCreate>;

export const paymentAllocation = z.object({ invoiceId: id, invoiceNumber: z.string(), amount: z.string() });

export const payment = z.object({
  id,
  companyId: id,
  currency: z.string(),
  amount: z.string(),
  unapplied: z.string(),
  receivedOn: isoDate,
  method: z.enum(collectionMethods),
  reference: z.string().nullable(),
  allocations: z.array(paymentAllocation),
  createdAt: isoDateTime,
});
export type Payment = z.infer<typeof payment>;

/** `POST …/payments/:paymentId/allocations`: applies unapplied money to further invoices. */
export const paymentAllocate = z.object({ allocations: z.array(paymentAllocationInput).min(1).max(100) }).strict();
export const paymentParams = z.object({ id, paymentId: id }).strict();

/** A credit note against an issued invoice: at most its outstanding amount; books negative revenue. */
export const creditNoteCreate = z
  .object({
    invoiceId: id,
    currency: isoCurrency,
    amount: unsignedAmount.refine((value) => Number(value) > 0, "must be more than 0"),
    issuedOn: isoDate.optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type CreditNoteCreate = z.output<typeof creditNoteCreate>;

export const creditNote = z.object({
  id,
  companyId: id,
  invoiceId: id,
  number: z.string(),
  currency: z.string(),
  amount: z.string(),
  issuedOn: isoDate,
  reason: z.string(),
  createdAt: isoDateTime,
});
export type CreditNote = z.infer<typeof creditNote>;

// ---------------------------------------------------------------------------------------------
// Receivables

export const agingBuckets = ["current", "d1_30", "d31_60", "d61_90", "d90_plus"] as const;
export type AgingBucket = (typeof agingBuckets)[number];

/** Receivables in one currency: open amounts by days past due, DSO and average days to pay. */
export const receivablesByCurrency = z.object({
  currency: z.string(),
  open: z.string(),
  overdue: z.string(),
  buckets: z.object({ current: z.string(), d1_30: z.string(), d31_60: z.string(), d61_90: z.string(), d90_plus: z.string() }),
  /** Open invoices. */
  openInvoices: z.number().int(),
  /** The oldest open invoice's days past due (0 when none is overdue). */
  maxDaysOverdue: z.number().int(),
  /** Unapplied payments on account. */
  unapplied: z.string(),
  /** Days sales outstanding: open AR ÷ revenue invoiced over the last 90 days × 90 (null without such revenue). */
  dso: z.number().nullable(),
  /** Average days from issue to full payment of invoices paid in the last 12 months (null: none). */
  averageDaysToPay: z.number().nullable(),
});
export type ReceivablesByCurrency = z.infer<typeof receivablesByCurrency>;

export const receivables = z.object({
  companyId: id,
  /** `company`: this company alone; `group`: it and all its descendants. */
  scope: z.enum(["company", "group"]),
  asOf: isoDate,
  currencies: z.array(receivablesByCurrency),
});
export type Receivables = z.infer<typeof receivables>;

export const receivablesQuery = z.object({ scope: z.enum(["company", "group"]).optional(), asOf: isoDate.optional() }).strict();

import { z } from "zod";
import { id, isoDate, isoDateTime, limits, optionalText } from "./common";
import { collectionMethods, isoCurrency, unsignedAmount } from "./finance";

// ---------------------------------------------------------------------------------------------
// Contracts and their items

/** draft → active → expired / terminated / renewed (a draft may also be terminated: cancelled). */
export const contractStatuses = ["draft", "active", "expired", "terminated", "renewed"] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const contractTransitions: Record<ContractStatus, readonly ContractStatus[]> = {
  draft: ["active", "terminated"],
  active: ["expired", "terminated", "renewed"],
  expired: [],
  terminated: [],
  renewed: [],
};

/** How fulfilled items are invoiced: one invoice per fulfilment, or lines gathered on one draft invoice per month. */
export const billingSchedules = ["per_fulfilment", "monthly"] as const;
export type BillingSchedule = (typeof billingSchedules)[number];

export const paymentMethods = collectionMethods;

/** A quantity: positive, at most 3 decimals. */
export const quantity = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,3})?$/, "must be a positive number with at most 3 decimals")
  .refine((value) => Number(value) > 0, "must be more than 0");
/** A discount in percent, 0–100 with at most 2 decimals. */
export const discountPercent = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, "must be a percentage with at most 2 decimals")
  .refine((value) => Number(value) <= 100, "must be 100 or less");

export const contractItemCreate = z
  .object({
    productId: id,
    quantity,
    /** The unit price in the contract's currency; omitted: the product's list price in that currency. */
    unitPrice: unsignedAmount.optional(),
    discountPercent: discountPercent.optional(),
    deliveryOn: isoDate.nullable().optional(),
    /** For service products: months of service per delivery (default: the product's). */
    serviceMonths: z.number().int().min(1).max(600).nullable().optional(),
  })
  .strict();
export type ContractItemCreate = z.output<typeof contractItemCreate>;

/** `PATCH …/items/:itemId` (If-Match on the contract): quantity never below what was fulfilled; price and discount only while nothing was. */
export const contractItemPatch = z
  .object({
    quantity: quantity.optional(),
    unitPrice: unsignedAmount.optional(),
    discountPercent: discountPercent.optional(),
    deliveryOn: isoDate.nullable().optional(),
  })
  .strict();
export type ContractItemPatch = z.output<typeof contractItemPatch>;

const contractFields = {
  title: z.string().trim().min(1).max(limits.nameMax),
  ourSignerId: id.nullable().optional(),
  clientSignerIds: z.array(id).max(10).optional(),
  signedOn: isoDate.nullable().optional(),
  startOn: isoDate.nullable().optional(),
  endOn: isoDate.nullable().optional(),
  paymentMethod: z.enum(paymentMethods).optional(),
  /** Days from the invoice date to its due date. */
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  billingSchedule: z.enum(billingSchedules).optional(),
  /** A revision in the documents module: the signed contract document. */
  documentRevisionId: id.nullable().optional(),
  renewalTerms: optionalText(2000),
  /** How many days ahead reminders come (expiry, delivery dates, invoices due). */
  reminderLeadDays: z.number().int().min(0).max(365).optional(),
};

type Dated = { signedOn?: string | null | undefined; startOn?: string | null | undefined; endOn?: string | null | undefined };
function checkDates(value: Dated, ctx: z.RefinementCtx) {
  if (value.startOn && value.endOn && value.endOn < value.startOn)
    ctx.addIssue({ code: "custom", path: ["endOn"], message: "must not be before startOn" });
}

export const contractCreate = z
  .object({
    number: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[\w./-]+$/, "must be letters, digits or . / _ -"),
    currency: isoCurrency,
    ...contractFields,
    items: z.array(contractItemCreate).max(200).optional(),
  })
  .strict()
  .superRefine(checkDates);
export type ContractCreate = z.output<typeof contractCreate>;

/** `PATCH /api/companies/:id/contracts/:contractId` (If-Match): terms while it is a draft or active, and the status. */
export const contractPatch = z
  .object({
    title: contractFields.title.optional(),
    ourSignerId: contractFields.ourSignerId,
    clientSignerIds: contractFields.clientSignerIds,
    signedOn: contractFields.signedOn,
    startOn: contractFields.startOn,
    endOn: contractFields.endOn,
    paymentMethod: contractFields.paymentMethod,
    paymentTermsDays: contractFields.paymentTermsDays,
    billingSchedule: contractFields.billingSchedule,
    documentRevisionId: contractFields.documentRevisionId,
    renewalTerms: contractFields.renewalTerms,
    reminderLeadDays: contractFields.reminderLeadDays,
    status: z.enum(contractStatuses).optional(),
  })
  .strict()
  .superRefine(checkDates);
export type ContractPatch = z.output<typeof contractPatch>;

export const contractItem = z.object({
  id,
  contractId: id,
  productId: id,
  productCode: z.string(),
  productName: z.string(),
  productKind: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  discountPercent: z.string(),
  /** quantity × unit price − discount, in the contract's currency. */
  amount: z.string(),
  deliveryOn: isoDate.nullable(),
  fulfilledQuantity: z.string(),
  fulfilledOn: isoDate.nullable(),
  serviceMonths: z.number().int().nullable(),
  position: z.number().int(),
});
export type ContractItem = z.infer<typeof contractItem>;

export const contract = z.object({
  id,
  companyId: id,
  number: z.string(),
  title: z.string(),
  status: z.enum(contractStatuses),
  ourSignerId: id.nullable(),
  clientSignerIds: z.array(id),
  signedOn: isoDate.nullable(),
  startOn: isoDate.nullable(),
  endOn: isoDate.nullable(),
  currency: z.string(),
  /** The sum of the items' amounts. */
  value: z.string(),
  /** What has been fulfilled of it so far (revenue booked). */
  fulfilledValue: z.string(),
  paymentMethod: z.enum(paymentMethods),
  paymentTermsDays: z.number().int(),
  billingSchedule: z.enum(billingSchedules),
  documentRevisionId: id.nullable(),
  renewalTerms: z.string().nullable(),
  reminderLeadDays: z.number().int(),
  /** The contract document's revision as the documents module has it (null: none linked, or it is gone). */
  document: z.object({ id, title: z.string(), kind: z.string(), revisionNumber: z.number().int(), fileName: z.string() }).nullable(),
  items: z.array(contractItem),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Contract = z.infer<typeof contract>;

export const contractSummary = contract.omit({ items: true, document: true });
export type ContractSummary = z.infer<typeof contractSummary>;

export const contractParams = z.object({ id, contractId: id }).strict();
export const contractItemParams = z.object({ id, contractId: id, itemId: id }).strict();

// ---------------------------------------------------------------------------------------------
// Fulfilment

/**
 * `POST …/items/:itemId/fulfilments`: delivers part or all of what is still open. The
 * Idempotency-Key header is recorded on the fulfilment: the same key on the same item is refused.
 */
export const fulfilmentCreate = z
  .object({
    quantity,
    /** The delivery date (default: today); a service item's period starts on it. */
    fulfilledOn: isoDate.optional(),
    note: optionalText(500),
  })
  .strict();
export type FulfilmentCreate = z.output<typeof fulfilmentCreate>;

export const serviceItem = z.object({
  id,
  companyId: id,
  productId: id,
  productName: z.string(),
  contractId: id,
  contractItemId: id,
  fulfilmentId: id,
  quantity: z.string(),
  startsOn: isoDate,
  endsOn: isoDate,
  warrantyEndsOn: isoDate.nullable(),
  /** Whether today lies in its service period. */
  active: z.boolean(),
});
export type ServiceItem = z.infer<typeof serviceItem>;

export const fulfilment = z.object({
  id,
  contractId: id,
  contractItemId: id,
  quantity: z.string(),
  amount: z.string(),
  currency: z.string(),
  fulfilledOn: isoDate,
  note: z.string().nullable(),
  revenueEntryId: id,
  invoiceId: id,
  invoiceLineId: id,
  serviceItemId: id.nullable(),
  createdAt: isoDateTime,
});
export type Fulfilment = z.infer<typeof fulfilment>;

/** The answer to a fulfilment: what it made, and the contract as it is now. */
export const fulfilmentResult = z.object({ fulfilment, contract });

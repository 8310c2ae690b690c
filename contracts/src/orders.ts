import { z } from "zod";
import { id, isoDate, isoDateTime, limits, optionalText } from "./common";
import { isoCurrency, unsignedAmount } from "./finance";
import { quantity } from "./contracts";

/** entered → confirmed → shipped → delivered; entered or confirmed may be cancelled. */
export const orderStatuses = ["entered", "confirmed", "shipped", "delivered", "cancelled"] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  entered: ["confirmed", "cancelled"],
  confirmed: ["shipped", "cancelled"],
  shipped: ["delivered"],
  delivered: [],
  cancelled: [],
};

export const orderLineCreate = z
  .object({
    productId: id,
    quantity,
    /** In the order's currency; omitted: the product's list price in it. */
    unitPrice: unsignedAmount.optional(),
  })
  .strict();

/** `POST /api/companies/:id/orders`: an order is entered with its lines; its total is their sum. */
export const orderCreate = z
  .object({
    currency: isoCurrency,
    orderedOn: isoDate.optional(),
    contractId: id.nullable().optional(),
    note: optionalText(2000),
    lines: z.array(orderLineCreate).min(1).max(200),
  })
  .strict();
export type OrderCreate = z.output<typeof orderCreate>;

/** `POST /api/companies/:id/orders/:orderId/transitions` (If-Match): the next status. */
export const orderTransition = z.object({ status: z.enum(orderStatuses), note: optionalText(500) }).strict();
export type OrderTransition = z.output<typeof orderTransition>;

export const orderLine = z.object({
  id,
  productId: id,
  productCode: z.string(),
  productName: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  amount: z.string(),
  position: z.number().int(),
});

export const orderStatusChange = z.object({
  from: z.enum(orderStatuses).nullable(),
  to: z.enum(orderStatuses),
  at: isoDateTime,
  byId: id.nullable(),
  byName: z.string().nullable(),
  note: z.string().nullable(),
});

export const order = z.object({
  id,
  companyId: id,
  number: z.string(),
  status: z.enum(orderStatuses),
  currency: z.string(),
  total: z.string(),
  orderedOn: isoDate,
  contractId: id.nullable(),
  note: z.string().nullable(),
  lines: z.array(orderLine),
  history: z.array(orderStatusChange),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Order = z.infer<typeof order>;
export const orderSummary = order.omit({ lines: true, history: true });

export const orderParams = z.object({ id, orderId: id }).strict();

// ---------------------------------------------------------------------------------------------
// Transaction history

export const transactionTypes = ["order", "fulfilment", "invoice", "payment", "credit_note"] as const;
export type TransactionType = (typeof transactionTypes)[number];

/** `GET /api/companies/:id/transactions`: newest first, keyset-paged; `type` (comma-separated) filters; `scope=group` adds the subtree. */
export const transactionQuery = z
  .object({
    type: z
      .string()
      .max(200)
      .transform((value, ctx) => {
        const types = value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean);
        for (const type of types)
          if (!(transactionTypes as readonly string[]).includes(type)) {
            ctx.addIssue({ code: "custom", message: `${type} is not a transaction type` });
            return z.NEVER;
          }
        return types as TransactionType[];
      })
      .optional(),
    scope: z.enum(["company", "group"]).optional(),
    limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type TransactionQuery = z.output<typeof transactionQuery>;

export const transaction = z.object({
  type: z.enum(transactionTypes),
  id,
  companyId: id,
  companyName: z.string(),
  /** The business date (ordered, fulfilled, issued, received). */
  on: isoDate,
  /** Number or reference (order, invoice, credit note number; payment reference). */
  reference: z.string().nullable(),
  description: z.string().nullable(),
  /** Signed from the client's view of what it owes: invoices positive, payments and credit notes negative. */
  amount: z.string(),
  currency: z.string(),
  status: z.string().nullable(),
  contractId: id.nullable(),
  createdAt: isoDateTime,
});
export type Transaction = z.infer<typeof transaction>;
export const transactionPage = z.object({ items: z.array(transaction), nextCursor: z.string().nullable() });

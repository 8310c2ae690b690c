import { z } from "zod";
import { id, isoDateTime, limits, name, optionalText } from "./common";
import { isoCurrency, unsignedAmount } from "./finance";

// ---------------------------------------------------------------------------------------------
// Products: the catalogue contracts sell from

/** `goods` are delivered once; `service` products give the client an entitlement for a period. */
export const productKinds = ["goods", "service"] as const;
export type ProductKind = (typeof productKinds)[number];

/** A product code: letters, digits and . _ - (unique, compared without case). */
export const productCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, . _ or -");

/** A list price in one currency; `unitCost` (optional) makes margins computable. */
export const productPrice = z
  .object({ currency: isoCurrency, listPrice: unsignedAmount, unitCost: unsignedAmount.nullable().optional() })
  .strict();
export type ProductPrice = z.output<typeof productPrice>;

const productFields = {
  name,
  category: z.string().trim().min(1).max(limits.nameMax),
  unit: z.string().trim().min(1).max(20),
  kind: z.enum(productKinds),
  /** For service products: the service (entitlement) period in months. */
  serviceMonths: z.number().int().min(1).max(600).nullable().optional(),
  /** For service products: the warranty in months from delivery (may be longer than the service period). */
  warrantyMonths: z.number().int().min(0).max(600).nullable().optional(),
  description: optionalText(2000),
  active: z.boolean().optional(),
  prices: z.array(productPrice).max(20).optional(),
};

function checkProduct(
  value: { kind?: ProductKind | undefined; serviceMonths?: number | null | undefined; prices?: ProductPrice[] | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.kind === "service" && !value.serviceMonths)
    ctx.addIssue({ code: "custom", path: ["serviceMonths"], message: "is required for a service product" });
  if (value.kind === "goods" && value.serviceMonths)
    ctx.addIssue({ code: "custom", path: ["serviceMonths"], message: "only service products have a service period" });
  const seen = new Set<string>();
  value.prices?.forEach((price, index) => {
    if (seen.has(price.currency)) ctx.addIssue({ code: "custom", path: ["prices", index, "currency"], message: "is listed twice" });
    seen.add(price.currency);
  });
}

export const productCreate = z
  .object({ code: productCode, ...productFields })
  .strict()
  .superRefine(checkProduct);
export type ProductCreate = z.output<typeof productCreate>;

/** `PATCH /api/products/:id` (If-Match): `prices`, when sent, replaces the whole price list. */
export const productPatch = z
  .object({
    code: productCode.optional(),
    name: name.optional(),
    category: productFields.category.optional(),
    unit: productFields.unit.optional(),
    kind: productFields.kind.optional(),
    serviceMonths: productFields.serviceMonths,
    warrantyMonths: productFields.warrantyMonths,
    description: productFields.description,
    active: productFields.active,
    prices: productFields.prices,
  })
  .strict()
  .superRefine(checkProduct);
export type ProductPatch = z.output<typeof productPatch>;

export const product = z.object({
  id,
  code: z.string(),
  name: z.string(),
  category: z.string(),
  unit: z.string(),
  kind: z.enum(productKinds),
  serviceMonths: z.number().int().nullable(),
  warrantyMonths: z.number().int().nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
  prices: z.array(z.object({ currency: z.string(), listPrice: z.string(), unitCost: z.string().nullable() })),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type Product = z.infer<typeof product>;

export const productListQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    category: z.string().trim().max(limits.nameMax).optional(),
    includeInactive: z.enum(["true", "false"]).optional(),
  })
  .strict();
export type ProductListQuery = z.output<typeof productListQuery>;

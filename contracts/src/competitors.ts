import { z } from "zod";
import { id, isoDate, isoDateTime, limits, optionalText } from "./common";
import { isoCurrency, unsignedAmount } from "./finance";

/** A contract a client (typically a prospect) has with a competitor; a follow-up task comes `reminderLeadDays` before it expires. */
export const competitorContract = z.object({
  id,
  companyId: id,
  competitor: z.string(),
  product: z.string(),
  value: z.string().nullable(),
  currency: z.string().nullable(),
  startsOn: isoDate.nullable(),
  expiresOn: isoDate.nullable(),
  notes: z.string().nullable(),
  reminderLeadDays: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type CompetitorContract = z.infer<typeof competitorContract>;

const fields = {
  competitor: z.string().trim().min(1).max(limits.nameMax),
  product: z.string().trim().min(1).max(limits.nameMax),
  value: unsignedAmount.nullable().optional(),
  currency: isoCurrency.nullable().optional(),
  startsOn: isoDate.nullable().optional(),
  expiresOn: isoDate.nullable().optional(),
  notes: optionalText(4000),
  /** Days before the expiry the follow-up comes (default: the reminder settings' contract lead). */
  reminderLeadDays: z.number().int().min(0).max(365).optional(),
};

type Checked = {
  value?: string | null | undefined;
  currency?: string | null | undefined;
  startsOn?: string | null | undefined;
  expiresOn?: string | null | undefined;
};
function check(value: Checked, ctx: z.RefinementCtx) {
  if (value.value && !value.currency) ctx.addIssue({ code: "custom", path: ["currency"], message: "is required with a value" });
  if (value.startsOn && value.expiresOn && value.expiresOn < value.startsOn)
    ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "must not be before startsOn" });
}

/** `POST /api/companies/:id/competitor-contracts`. */
export const competitorContractCreate = z.object(fields).strict().superRefine(check);
export type CompetitorContractCreate = z.output<typeof competitorContractCreate>;

/** `PATCH /api/companies/:id/competitor-contracts/:competitorContractId` (If-Match). */
export const competitorContractPatch = z
  .object({ ...fields, competitor: fields.competitor.optional(), product: fields.product.optional() })
  .strict()
  .superRefine(check);
export type CompetitorContractPatch = z.output<typeof competitorContractPatch>;

export const competitorContractParams = z.object({ id, competitorContractId: id }).strict();

/** `GET /api/competitor-contracts/upcoming`: expiries from `from` (default today) up to `days` ahead, soonest first, keyset-paged. */
export const upcomingCompetitorQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(1830).default(180),
    from: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type UpcomingCompetitorQuery = z.output<typeof upcomingCompetitorQuery>;

export const upcomingCompetitorContract = competitorContract.extend({ companyName: z.string() });
export const upcomingCompetitorPage = z.object({ items: z.array(upcomingCompetitorContract), nextCursor: z.string().nullable() });

import { z } from "zod";
import { id, isoDate, isoDateTime, limits, optionalText } from "./common";

/** What one of our people does for a client (a user may hold several roles at one company). */
export const accountTeamRoles = ["account_manager", "sales", "service", "executive_sponsor"] as const;
export type AccountTeamRole = (typeof accountTeamRoles)[number];

/** One of our users assigned to a company (any node of a client's group) in one role. */
export const accountTeamMember = z.object({
  id,
  companyId: id,
  userId: id,
  userName: z.string(),
  /** False once the user is deactivated: the assignment stays until someone removes it. */
  userActive: z.boolean(),
  role: z.enum(accountTeamRoles),
  note: z.string().nullable(),
  /** The assignment's period, both ends included; null: open. */
  startsOn: isoDate.nullable(),
  endsOn: isoDate.nullable(),
  /** Whether today lies within the period (only current assignments count as coverage). */
  current: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  version: z.number().int(),
});
export type AccountTeamMember = z.infer<typeof accountTeamMember>;

/** `GET /api/companies/:id/account-team`: the company's assignments, by role then user name. */
export const accountTeam = z.object({ items: z.array(accountTeamMember) });
export type AccountTeam = z.infer<typeof accountTeam>;

const periodInOrder = (value: { startsOn?: string | null | undefined; endsOn?: string | null | undefined }) =>
  !value.startsOn || !value.endsOn || value.startsOn <= value.endsOn;
const periodProblem = { path: ["endsOn"], message: "must not be before startsOn" };

/** `POST /api/companies/:id/account-team`: assign an active user in a role (409 when they already hold that role there). */
export const accountTeamMemberCreate = z
  .object({
    userId: id,
    role: z.enum(accountTeamRoles),
    note: optionalText(limits.nameMax * 5),
    startsOn: isoDate.nullable().optional(),
    endsOn: isoDate.nullable().optional(),
  })
  .strict()
  .refine(periodInOrder, periodProblem);
export type AccountTeamMemberCreate = z.output<typeof accountTeamMemberCreate>;

/** `PATCH /api/companies/:id/account-team/:memberId` (If-Match): the user never changes (remove and assign instead). */
export const accountTeamMemberPatch = z
  .object({
    role: z.enum(accountTeamRoles).optional(),
    note: optionalText(limits.nameMax * 5),
    startsOn: isoDate.nullable().optional(),
    endsOn: isoDate.nullable().optional(),
  })
  .strict()
  .refine(periodInOrder, periodProblem);
export type AccountTeamMemberPatch = z.output<typeof accountTeamMemberPatch>;

/** Path parameters of one assignment. */
export const accountTeamMemberParams = z.object({ id, memberId: id }).strict();

/** `GET /api/companies/:id/account-team/gaps`: optionally only the nodes with no one current in this role. */
export const accountTeamGapsQuery = z.object({ role: z.enum(accountTeamRoles).optional() }).strict();
export type AccountTeamGapsQuery = z.output<typeof accountTeamGapsQuery>;

/** A node of the group without coverage (no current assignment at all, or none in the asked role). */
export const accountTeamGap = z.object({
  companyId: id,
  companyName: z.string(),
  country: z.string().nullable(),
  /** The roles that are covered there now (empty when no one is assigned). */
  coveredRoles: z.array(z.enum(accountTeamRoles)),
});
export type AccountTeamGap = z.infer<typeof accountTeamGap>;

/**
 * Coverage gaps across the whole group of a company: only the group's companies the caller may
 * see are considered (`companies` counts them), the gaps in name order.
 */
export const accountTeamGaps = z.object({
  companyId: id,
  /** The group's top company: its topic (`company:<rootId>`) hears of every account-team change in the group. */
  rootId: id,
  role: z.enum(accountTeamRoles).nullable(),
  /** Companies of the group the caller may see (the nodes considered). */
  companies: z.number().int(),
  items: z.array(accountTeamGap),
});
export type AccountTeamGaps = z.infer<typeof accountTeamGaps>;

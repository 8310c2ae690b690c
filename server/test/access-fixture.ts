/**
 * The organisation the access tests share: a parent org unit with a child, a second unit,
 * three teams, one signed-in user per built-in role and companies placed relative to them.
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { companies } from "../src/db/schema";
import { builtinRoles } from "../src/platform/access/builtin-roles";
import { as, createOrgUnit, createTeam, createUser, login, type Harness, type Session, type TestUser } from "./harness";

export type Api = ReturnType<typeof as>;
export type SignedIn = TestUser & { api: Api; session: Session };

/** A user signed in, with an API caller that sends their cookie and CSRF token. */
export async function signedIn(h: Harness, user: TestUser): Promise<SignedIn> {
  const session = await login(h.app, user.email);
  return { ...user, session, api: as(h.app, session) };
}

/**
 * `refused(send, status, field?)`: sends a request that must be refused, checks the status, that
 * the error names `field`, and that nothing at all was written (AC-2).
 */
export function refusals(h: Harness) {
  return async function refused(send: () => Promise<LightMyRequestResponse>, status: number, field?: string) {
    const before = await databaseSnapshot(h);
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    if (field)
      expect(
        ((response.json().details ?? []) as { field: string }[]).map((d) => d.field),
        response.body,
      ).toContain(field);
    expect(await databaseSnapshot(h)).toEqual(before);
    return response;
  };
}

/**
 * Companies inserted straight into the table (fast set-up) get what the service would have
 * written beside them: their search entry (owner's name as subtitle) and first stage.
 */
export async function indexCompanies(h: Harness, ids?: string[]) {
  const only = ids ? sql`AND c.id = ANY(${`{${ids.join(",")}}`}::uuid[])` : sql``;
  await h.db.execute(sql`
    INSERT INTO search_entries (object, record_id, company_id, title, subtitle, body)
    SELECT 'company', c.id, c.id, c.name, u.name, relata_fold(c.name)
      FROM companies c JOIN users u ON u.id = c.owner_id
     WHERE NOT EXISTS (SELECT 1 FROM search_entries s WHERE s.object = 'company' AND s.record_id = c.id) ${only}
    ON CONFLICT DO NOTHING`);
  await h.db.execute(sql`
    INSERT INTO company_stage_changes (company_id, from_stage, to_stage, changed_at)
    SELECT c.id, NULL, c.stage, c.created_at FROM companies c
     WHERE NOT EXISTS (SELECT 1 FROM company_stage_changes s WHERE s.company_id = c.id) ${only}`);
}

/**
 * Where a company sits relative to the signed-in user (every role user is in team one and the
 * North unit): their own, a teammate's, one in a sibling team of their org subtree, one of
 * another team and unit, one of a teammate above their clearance.
 */
export const categories = ["own", "team", "unit", "other", "secret"] as const;
export type Category = (typeof categories)[number];

export type AccessFixture = {
  units: { north: string; northBranch: string; south: string };
  teams: { one: string; two: string; three: string };
  /** One signed-in user per built-in role. */
  actors: Record<BuiltinRoleKey, TestUser & { api: Api }>;
  /** Record owners: a teammate (team one), a sibling (team two, same subtree), a stranger (team three, South). */
  owners: { mate: TestUser; sibling: TestUser; stranger: TestUser };
  clearance: (role: BuiltinRoleKey) => number;
  /** Owner, team, unit and level of a company in `category` for `role`; undefined if none can exist. */
  placement: (role: BuiltinRoleKey, category: Category) => Placement | undefined;
  /** A company inserted directly (with its search entry and first stage); `values` sets further columns. */
  insertCompany: (name: string, placement: Placement, values?: Partial<typeof companies.$inferInsert>) => Promise<string>;
};

export type Placement = { ownerId: string; teamId: string | null; orgUnitId: string | null; securityLevel: number };

export async function buildAccessFixture(h: Harness): Promise<AccessFixture> {
  const north = await createOrgUnit(h.db, "North", null, "division");
  const northBranch = await createOrgUnit(h.db, "North branch", north.id, "branch");
  const south = await createOrgUnit(h.db, "South", null, "division");
  const one = await createTeam(h.db, "Team one", northBranch.id);
  const two = await createTeam(h.db, "Team two", northBranch.id);
  const three = await createTeam(h.db, "Team three", south.id);

  const actors = {} as AccessFixture["actors"];
  for (const role of builtinRoleKeys) {
    const user = await createUser(h.db, { role, teamIds: [one.id], orgUnitId: north.id, name: `The ${role}` });
    actors[role] = { ...user, api: as(h.app, await login(h.app, user.email)) };
  }
  const owners = {
    mate: await createUser(h.db, { role: "sales_rep", teamIds: [one.id], orgUnitId: northBranch.id, name: "Mate" }),
    sibling: await createUser(h.db, { role: "sales_rep", teamIds: [two.id], orgUnitId: northBranch.id, name: "Sibling" }),
    stranger: await createUser(h.db, { role: "sales_rep", teamIds: [three.id], orgUnitId: south.id, name: "Stranger" }),
  };
  const clearance = (role: BuiltinRoleKey) => builtinRoles.find((r) => r.key === role)!.clearance;

  const placement = (role: BuiltinRoleKey, category: Category): Placement | undefined => {
    switch (category) {
      case "own":
        return { ownerId: actors[role].id, teamId: one.id, orgUnitId: north.id, securityLevel: 0 };
      case "team":
        return { ownerId: owners.mate.id, teamId: one.id, orgUnitId: northBranch.id, securityLevel: 0 };
      case "unit":
        return { ownerId: owners.sibling.id, teamId: two.id, orgUnitId: northBranch.id, securityLevel: 0 };
      case "other":
        return { ownerId: owners.stranger.id, teamId: three.id, orgUnitId: south.id, securityLevel: 0 };
      case "secret":
        return clearance(role) >= 3
          ? undefined
          : { ownerId: owners.mate.id, teamId: one.id, orgUnitId: northBranch.id, securityLevel: clearance(role) + 1 };
    }
  };

  const insertCompany = async (name: string, where: Placement, values: Partial<typeof companies.$inferInsert> = {}) => {
    const [row] = await h.db
      .insert(companies)
      .values({ ...values, name, ...where })
      .returning({ id: companies.id });
    await indexCompanies(h, [row!.id]);
    return row!.id;
  };

  return {
    units: { north: north.id, northBranch: northBranch.id, south: south.id },
    teams: { one: one.id, two: two.id, three: three.id },
    actors,
    owners,
    clearance,
    placement,
    insertCompany,
  };
}

/**
 * A fingerprint of everything a request could write: business tables row by row, the audit
 * trail and the outbox. Equal before and after = nothing was written (AC-2).
 */
export async function databaseSnapshot(h: Harness): Promise<Record<string, string>> {
  const result = await h.db.execute<Record<string, string>>(sql`
    SELECT
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM companies t) AS companies,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM users t) AS users,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM roles t) AS roles,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM teams t) AS teams,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM team_members t) AS team_members,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM org_units t) AS org_units,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM saved_views t) AS saved_views,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM contacts t) AS contacts,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM contact_roles t) AS contact_roles,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM company_stage_changes t) AS company_stage_changes,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM company_merges t) AS company_merges,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM contact_merges t) AS contact_merges,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM grade_rules t) AS grade_rules,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM contact_points t) AS contact_points,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM search_entries t) AS search_entries,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM custom_sections t) AS custom_sections,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM custom_fields t) AS custom_fields,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM imports t) AS imports,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM import_errors t) AS import_errors,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM import_mappings t) AS import_mappings,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM dimension_values t) AS dimension_values,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM account_team_members t) AS account_team_members,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM financial_statements t) AS financial_statements,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM credit_ratings t) AS credit_ratings,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.company_id), '')) FROM company_credit t) AS company_credit,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM deposit_rules t) AS deposit_rules,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM deposit_settings t) AS deposit_settings,
      (SELECT md5(coalesce(string_agg(concat_ws(',', t.id, t.user_id, t.expires_at, t.ended_at), '|' ORDER BY t.id), '')) FROM sessions t) AS sessions,
      (SELECT count(*)::text || '/' || coalesce(max(id), 0)::text FROM audit_log) AS audit_log,
      (SELECT count(*)::text FROM outbox) AS outbox`);
  return result.rows[0]!;
}

/**
 * The organisation the access tests share: a parent org unit with a child, a second unit,
 * three teams, one signed-in user per built-in role and companies placed relative to them.
 */
import { sql } from "drizzle-orm";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { companies } from "../src/db/schema";
import { builtinRoles } from "../src/platform/access/builtin-roles";
import { as, createOrgUnit, createTeam, createUser, login, type Harness, type TestUser } from "./harness";

export type Api = ReturnType<typeof as>;

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
  insertCompany: (name: string, placement: Placement) => Promise<string>;
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

  const insertCompany = async (name: string, where: Placement) => {
    const [row] = await h.db
      .insert(companies)
      .values({ name, ...where })
      .returning({ id: companies.id });
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
      (SELECT md5(coalesce(string_agg(concat_ws(',', t.id, t.user_id, t.expires_at, t.ended_at), '|' ORDER BY t.id), '')) FROM sessions t) AS sessions,
      (SELECT count(*)::text || '/' || coalesce(max(id), 0)::text FROM audit_log) AS audit_log,
      (SELECT count(*)::text FROM outbox) AS outbox`);
  return result.rows[0]!;
}

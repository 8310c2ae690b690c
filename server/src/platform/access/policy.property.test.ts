/**
 * The in-memory rule (canAccessRecord, used by the realtime hub and record-level checks) and
 * the SQL rule (accessCondition, used by every query) must agree for every actor and record.
 * Records: every combination of owner × team × org unit × security level, as real rows.
 * Actors: random scopes per action, team and org unit memberships, clearance (fast-check).
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { and, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessActions, accessObjects, accessScopes, type AccessAction, type PermissionSet } from "@relata/contracts";
import { companies } from "../../db/schema";
import { createHarness, createOrgUnit, createTeam, createUser, type Harness } from "../../../test/harness";
import { accessCondition, canAccessRecord, canUse, scopeOf, type RecordAccess } from "./policy";
import { systemActor, type Actor, type UserActor } from "./actor";

let h: Harness;
let userIds: string[];
let teamIds: string[];
let unitIds: string[];
let rows: (RecordAccess & { id: string })[];

const columns = {
  ownerId: companies.ownerId,
  teamId: companies.teamId,
  orgUnitId: companies.orgUnitId,
  securityLevel: companies.securityLevel,
};

beforeAll(async () => {
  h = await createHarness();
  const parent = await createOrgUnit(h.db, "Parent");
  const units = [parent, await createOrgUnit(h.db, "Child", parent.id), await createOrgUnit(h.db, "Other")];
  const teams = [
    await createTeam(h.db, "A", units[1]!.id),
    await createTeam(h.db, "B", units[1]!.id),
    await createTeam(h.db, "C", units[2]!.id),
  ];
  const users = [];
  for (let i = 0; i < 3; i += 1) users.push(await createUser(h.db, { teamIds: [teams[i]!.id], orgUnitId: units[i]!.id }));
  userIds = users.map((user) => user.id);
  teamIds = teams.map((team) => team.id);
  unitIds = units.map((unit) => unit.id);
  const combinations = userIds.flatMap((ownerId) =>
    [...teamIds, null].flatMap((teamId) =>
      [...unitIds, null].flatMap((orgUnitId) => [0, 1, 2, 3].map((securityLevel) => ({ ownerId, teamId, orgUnitId, securityLevel }))),
    ),
  );
  const inserted = await h.db
    .insert(companies)
    .values(combinations.map((combination, index) => ({ ...combination, name: `Probe ${index}` })))
    .returning({
      id: companies.id,
      ownerId: companies.ownerId,
      teamId: companies.teamId,
      orgUnitId: companies.orgUnitId,
      securityLevel: companies.securityLevel,
    });
  rows = inserted;
});
afterAll(async () => h?.close());

const scope = fc.constantFrom(...accessScopes);
const permissionSetArb: fc.Arbitrary<PermissionSet> = fc
  .tuple(...accessObjects.map(() => fc.tuple(scope, scope, scope, scope)))
  .map(
    (perObject) =>
      Object.fromEntries(
        accessObjects.map((object, i) => [object, Object.fromEntries(accessActions.map((action, j) => [action, perObject[i]![j]]))]),
      ) as PermissionSet,
  );

function userActorArb(): fc.Arbitrary<UserActor> {
  return fc
    .record({
      userId: fc.constantFrom(...userIds, randomUUID()),
      permissions: permissionSetArb,
      teamIds: fc.subarray(teamIds),
      orgUnitIds: fc.subarray(unitIds),
      clearance: fc.integer({ min: 0, max: 3 }),
    })
    .map((fields) => ({
      kind: "user",
      sessionId: undefined,
      roleId: randomUUID(),
      roleKey: "custom",
      orgUnitId: fields.orgUnitIds[0] ?? null,
      ...fields,
    }));
}

/** Built after the fixture exists (the pools of ids come from the database). */
const actorArb = (): fc.Arbitrary<Actor> =>
  fc.oneof({ weight: 20, arbitrary: userActorArb() }, { weight: 1, arbitrary: fc.constant(systemActor("test")) });
const actionArb = fc.constantFrom<AccessAction>(...accessActions);

async function sqlVisible(actor: Actor, action: AccessAction, ids: string[]) {
  const found = await h.db
    .select({ id: companies.id })
    .from(companies)
    .where(and(inArray(companies.id, ids), accessCondition(actor, "company", action, columns)));
  return found.map((row) => row.id).sort();
}

const memoryVisible = (actor: Actor, action: AccessAction, records: typeof rows) =>
  records
    .filter((row) => canAccessRecord(actor, "company", action, row))
    .map((row) => row.id)
    .sort();

describe("policy: canAccessRecord (memory) and accessCondition (SQL) agree", () => {
  it("has every owner × team × org unit × level combination as a row", () => {
    expect(rows.length).toBe(3 * 4 * 4 * 4);
  });

  it("selects the same records in memory and in SQL for random actors and actions over all combinations", async () => {
    await fc.assert(
      fc.asyncProperty(actorArb(), actionArb, async (actor, action) => {
        expect(
          await sqlVisible(
            actor,
            action,
            rows.map((row) => row.id),
          ),
        ).toEqual(memoryVisible(actor, action, rows));
      }),
      { numRuns: 300 },
    );
  });

  it("agrees on random subsets of records too (records drawn by fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        actorArb(),
        actionArb,
        fc.subarray(
          rows.map((_, index) => index),
          { minLength: 1, maxLength: 12 },
        ),
        async (actor, action, picked) => {
          const records = picked.map((index) => rows[index]!);
          expect(
            await sqlVisible(
              actor,
              action,
              records.map((row) => row.id),
            ),
          ).toEqual(memoryVisible(actor, action, records));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never lets a scope of none, or a level above clearance, through", () => {
    fc.assert(
      fc.property(userActorArb(), actionArb, fc.integer({ min: 0, max: rows.length - 1 }), (actor, action, index) => {
        const record = rows[index]!;
        const allowed = canAccessRecord(actor, "company", action, record);
        if (scopeOf(actor, "company", action) === "none") expect(allowed).toBe(false);
        if (record.securityLevel > actor.clearance) expect(allowed).toBe(false);
        if (allowed) expect(canUse(actor, "company", action)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("widens monotonically: a wider scope never sees less (own ⊆ team ⊆ org unit ⊆ all)", () => {
    fc.assert(
      fc.property(userActorArb(), fc.integer({ min: 0, max: rows.length - 1 }), (actor, index) => {
        const record = rows[index]!;
        const seen = accessScopes
          .slice(1)
          .map((wider) =>
            canAccessRecord(
              { ...actor, permissions: { ...actor.permissions, company: { ...actor.permissions.company, read: wider } } },
              "company",
              "read",
              record,
            ),
          );
        for (let i = 1; i < seen.length; i += 1) if (seen[i - 1]) expect(seen[i]).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("lets the system actor through everywhere, in memory and in SQL", async () => {
    const system = systemActor("jobs");
    expect(
      await sqlVisible(
        system,
        "delete",
        rows.map((row) => row.id),
      ),
    ).toEqual(rows.map((row) => row.id).sort());
    expect(rows.every((row) => canAccessRecord(system, "company", "delete", row))).toBe(true);
  });
});

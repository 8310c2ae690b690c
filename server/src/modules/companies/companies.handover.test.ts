/**
 * POST /api/companies/handover: every company of a (departing) user goes to another in one
 * step — owner, team and org unit follow the new owner — each change audited and announced,
 * search showing the new owner; only a caller who may update every company concerned may do
 * it, and bad input is refused whole with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { PublishedEvent } from "../../app";
import { companies, contacts, searchEntries, users } from "../../db/schema";
import { createHarness, createTeam, createUser, type Harness, type TestUser } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { eventually } from "../../../test/live-client";
import { registerCompanyHandoverStep } from "./index";

let h: Harness;
let f: AccessFixture;
const events: PublishedEvent[] = [];
const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const missing = "00000000-0000-4000-8000-00000000000f";
const steps: { fromUserId: string; toUserId: string; companyIds: string[] }[] = [];
registerCompanyHandoverStep(async (_uow, handover) => {
  steps.push({ fromUserId: handover.fromUserId, toUserId: handover.toUserId, companyIds: handover.companyIds });
});

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  h.app.hub.onEvent((event) => events.push(event));
});
afterAll(async () => h?.close());

/** A rep in team one (North branch) with `count` companies, the first with two contacts. */
async function departingRep(count: number, name: string) {
  const rep = await createUser(h.db, { role: "sales_rep", teamIds: [f.teams.one], orgUnitId: f.units.northBranch, name });
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push(
      await f.insertCompany(`${name}'s client ${i}`, {
        ownerId: rep.id,
        teamId: f.teams.one,
        orgUnitId: f.units.northBranch,
        securityLevel: 0,
      }),
    );
  if (ids[0]) await h.db.insert(contacts).values([0, 1].map((n) => ({ companyId: ids[0]!, lastName: `Person ${n}` })));
  return { rep, ids };
}

const rowsOf = (ids: string[]) => h.db.select().from(companies).where(inArray(companies.id, ids));

describe("handing over a departing rep's clients", () => {
  it("moves every company of the user to the new owner, their first team and org unit, audited and announced", async () => {
    const { rep, ids } = await departingRep(3, "Departing Dana");
    const untouched = await f.insertCompany("Someone else's", f.placement("sales_rep", "team")!);
    // The new owner: in team two (and a team named so that it sorts after it), in the South unit.
    const later = await createTeam(h.db, "Zulu team");
    const heir = await createUser(h.db, {
      role: "account_manager",
      teamIds: [later.id, f.teams.two],
      orgUnitId: f.units.south,
      name: "Heir",
    });
    await h.db.update(users).set({ active: false }).where(eq(users.id, rep.id));
    const response = await f.actors.administrator.api("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: heir.id });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ companies: 3, contacts: 2 });
    for (const row of await rowsOf(ids))
      expect(row).toMatchObject({ ownerId: heir.id, teamId: f.teams.two, orgUnitId: f.units.south, version: 2 });
    expect((await rowsOf([untouched]))[0]).toMatchObject({ ownerId: f.owners.mate.id, version: 1 });
    const audited = await h.pool.query<{ record_id: string; actor_id: string }>(
      "SELECT record_id, actor_id FROM audit_log WHERE table_name = 'companies' AND operation = 'update' AND record_id = ANY($1)",
      [ids],
    );
    expect(audited.rows.map((row) => row.record_id).sort()).toEqual([...ids].sort());
    expect(audited.rows.every((row) => row.actor_id === f.actors.administrator.id)).toBe(true);
    const entries = await h.db
      .select()
      .from(searchEntries)
      .where(and(eq(searchEntries.object, "company"), inArray(searchEntries.recordId, ids)));
    expect(entries.map((entry) => entry.subtitle)).toEqual(["Heir", "Heir", "Heir"]);
    expect(steps.at(-1)).toEqual({ fromUserId: rep.id, toUserId: heir.id, companyIds: [...ids].sort() });
    // Those who saw the companies where they were, and those who see them now, hear of it.
    await eventually(() => ids.every((id) => events.filter((e) => e.name === "company.updated" && e.recordId === id).length === 2));
    const heard = events.filter((e) => e.recordId === ids[0] && e.name === "company.updated").map((e) => e.access?.ownerId);
    expect(heard.sort()).toEqual([heir.id, rep.id].sort());
    const history = (await f.actors.administrator.api("GET", `/api/companies/${ids[0]}/history`)).json().items as { changed: string[] }[];
    expect(history[0]!.changed).toEqual(expect.arrayContaining(["owner_id", "team_id", "org_unit_id"]));
  });

  it("puts the companies in the team given", async () => {
    const { rep, ids } = await departingRep(2, "Departing Dirk");
    const response = await f.actors.administrator.api("POST", "/api/companies/handover", {
      fromUserId: rep.id,
      toUserId: f.owners.sibling.id,
      teamId: null,
    });
    expect(response.json()).toEqual({ companies: 2, contacts: 2 });
    for (const row of await rowsOf(ids))
      expect(row).toMatchObject({ ownerId: f.owners.sibling.id, teamId: null, orgUnitId: f.units.northBranch });
  });

  it("answers zero for a user without companies", async () => {
    const idle = await createUser(h.db, { role: "sales_rep" });
    const response = await f.actors.administrator.api("POST", "/api/companies/handover", {
      fromUserId: idle.id,
      toUserId: f.owners.mate.id,
    });
    expect(response.json()).toEqual({ companies: 0, contacts: 0 });
  });
});

describe("bad input", () => {
  let rep: TestUser;
  beforeAll(async () => {
    rep = (await departingRep(1, "Stays Put")).rep;
  });

  it.each([
    ["no fromUserId", () => ({ toUserId: f.owners.mate.id }), "fromUserId"],
    ["no toUserId", () => ({ fromUserId: rep.id }), "toUserId"],
    ["the same user twice", () => ({ fromUserId: rep.id, toUserId: rep.id }), "toUserId"],
    ["a fromUserId that is not an id", () => ({ fromUserId: "dana", toUserId: f.owners.mate.id }), "fromUserId"],
    ["an unknown fromUserId", () => ({ fromUserId: missing, toUserId: f.owners.mate.id }), "fromUserId"],
    ["an unknown toUserId", () => ({ fromUserId: rep.id, toUserId: missing }), "toUserId"],
    ["an unknown team", () => ({ fromUserId: rep.id, toUserId: f.owners.mate.id, teamId: missing }), "teamId"],
    ["a team that is not an id", () => ({ fromUserId: rep.id, toUserId: f.owners.mate.id, teamId: 3 }), "teamId"],
    ["an unknown field", () => ({ fromUserId: rep.id, toUserId: f.owners.mate.id, includeContacts: true }), "includeContacts"],
  ])("refuses %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => f.actors.administrator.api("POST", "/api/companies/handover", body()), 400, field);
  });

  it("refuses an inactive new owner (400 naming toUserId)", async () => {
    const gone = await createUser(h.db, { role: "sales_rep", active: false });
    await refused(
      () => f.actors.administrator.api("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: gone.id }),
      400,
      "toUserId",
    );
  });
});

describe("who may hand over", () => {
  it("refuses the service desk (no update function) and callers without a session", async () => {
    const { rep } = await departingRep(1, "Desk cannot");
    await refused(
      () => f.actors.service_desk.api("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: f.owners.mate.id }),
      403,
    );
    const anonymous = await h.app.inject({
      method: "POST",
      url: "/api/companies/handover",
      payload: { fromUserId: rep.id, toUserId: missing },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it("refuses a sales rep another's clients (403) and handing their own to someone else (400)", async () => {
    const { rep } = await departingRep(2, "Teammate of the rep");
    const salesRep = f.actors.sales_rep;
    await refused(() => salesRep.api("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: salesRep.id }), 403);
    await f.insertCompany("The rep's own", f.placement("sales_rep", "own")!);
    await refused(
      () => salesRep.api("POST", "/api/companies/handover", { fromUserId: salesRep.id, toUserId: f.owners.mate.id }),
      400,
      "toUserId",
    );
  });

  it("lets an account manager hand over a teammate's clients within the team, no further", async () => {
    const manager = f.actors.account_manager.api;
    const { rep, ids } = await departingRep(2, "Leaving teammate");
    await refused(
      () => manager("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: f.owners.stranger.id }),
      400,
      "toUserId",
    );
    await refused(
      () => manager("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: f.owners.mate.id, teamId: f.teams.three }),
      400,
      "teamId",
    );
    const response = await manager("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: f.owners.mate.id });
    expect(response.statusCode, response.body).toBe(200);
    for (const row of await rowsOf(ids)) expect(row).toMatchObject({ ownerId: f.owners.mate.id, teamId: f.teams.one });
    // Another team's rep: their companies are not the manager's to move (nor even to see).
    await f.insertCompany("The stranger's client", f.placement("account_manager", "other")!);
    await refused(() => manager("POST", "/api/companies/handover", { fromUserId: f.owners.stranger.id, toUserId: f.owners.mate.id }), 403);
  });

  it("refuses anyone when one of the user's companies is beyond them, even if the rest are not", async () => {
    const { rep, ids } = await departingRep(2, "Partly secret");
    await h.db.update(companies).set({ securityLevel: 3 }).where(eq(companies.id, ids[1]!));
    await refused(
      () => f.actors.account_manager.api("POST", "/api/companies/handover", { fromUserId: rep.id, toUserId: f.owners.mate.id }),
      403,
    );
    expect((await rowsOf(ids)).every((row) => row.ownerId === rep.id)).toBe(true);
  });
});

/**
 * Account team routes: assigning our users to a company in roles (bad input is a 400 naming the
 * field with nothing written, a repeated role a 409), optimistic locking, history from the audit
 * trail, live events on the company's topic, and coverage gaps across a group scoped to what the
 * caller may see.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, createUser, login, type Harness, type TestUser } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { LiveClient } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
let company: string;
let colleague: TestUser;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Team AB", f.placement("account_manager", "own")!);
  colleague = await createUser(h.db, { role: "account_manager", name: "Colleague" });
});
afterAll(async () => h?.close());

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);
const manager = () => f.actors.account_manager.api;
const admin = () => f.actors.administrator.api;
const ifMatch = (version: number) => ({ "if-match": `"${version}"` });
const team = (id: string) => `/api/companies/${id}/account-team`;

describe("assigning people", () => {
  it.each([
    ["an unknown role", { userId: "00000000-0000-4000-8000-000000000001", role: "cheerleader" }, "role"],
    ["no user", { userId: undefined, role: "sales" }, "userId"],
    ["a user id that is not a uuid", { userId: "me", role: "sales" }, "userId"],
    ["a user that does not exist", { userId: "00000000-0000-4000-8000-000000000001", role: "sales" }, "userId"],
    ["an end before the start", { role: "sales", startsOn: "2025-05-01", endsOn: "2025-04-30" }, "endsOn"],
    ["a date that does not exist", { role: "sales", startsOn: "2025-02-29" }, "startsOn"],
    ["an unknown field", { role: "sales", share: 50 }, "share"],
  ])("refuses an assignment with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => manager()("POST", team(company), { userId: colleague.id, ...body }), 400, field);
  });

  it("refuses a deactivated user (400) and the same role twice (409), but lets a user hold several roles", async () => {
    const gone = await createUser(h.db, { name: "Gone", active: false });
    await refused(() => manager()("POST", team(company), { userId: gone.id, role: "sales" }), 400, "userId");
    const first = await manager()("POST", team(company), { userId: colleague.id, role: "account_manager", note: "Key contact" });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      userId: colleague.id,
      userName: "Colleague",
      userActive: true,
      role: "account_manager",
      current: true,
      version: 1,
    });
    await refused(() => manager()("POST", team(company), { userId: colleague.id, role: "account_manager" }), 409, "role");
    expect((await manager()("POST", team(company), { userId: colleague.id, role: "executive_sponsor" })).statusCode).toBe(201);
    const listed = (await f.actors.sales_rep.api("GET", team(company))).json().items as { role: string }[];
    expect(listed.map((item) => item.role)).toEqual(["account_manager", "executive_sponsor"]);
  });

  it("changes an assignment with If-Match (428 without, 412 when stale), keeps periods in order, and removes it", async () => {
    const made = await manager()("POST", team(company), { userId: colleague.id, role: "service", startsOn: "2024-01-01" });
    const url = `${team(company)}/${made.json().id}`;
    await refused(() => manager()("PATCH", url, { note: "x" }), 428);
    await refused(() => manager()("PATCH", url, { endsOn: "2023-12-31" }, ifMatch(1)), 400, "endsOn");
    await refused(() => manager()("PATCH", url, { role: "account_manager" }, ifMatch(1)), 409, "role");
    const ended = await manager()("PATCH", url, { endsOn: "2024-06-30" }, ifMatch(1));
    expect(ended.json()).toMatchObject({ startsOn: "2024-01-01", endsOn: "2024-06-30", current: false, version: 2 });
    await refused(() => manager()("PATCH", url, { note: "late" }, ifMatch(1)), 412);
    await refused(() => manager()("DELETE", url, undefined, ifMatch(1)), 412);
    expect((await manager()("DELETE", url, undefined, ifMatch(2))).statusCode).toBe(204);
    await refused(() => manager()("PATCH", url, { note: "gone" }, ifMatch(2)), 404);
    // An assignment of another company is not found through this one.
    const elsewhere = await f.insertCompany("Elsewhere AB", f.placement("account_manager", "own")!);
    const other = await manager()("POST", team(elsewhere), { userId: colleague.id, role: "sales" });
    await refused(() => manager()("DELETE", `${team(company)}/${other.json().id}`), 404);
  });

  it("keeps the team's history, removed assignments too, and announces changes on the company's topic", async () => {
    const id = await f.insertCompany("History AB", f.placement("account_manager", "own")!);
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    try {
      await watcher.subscribe([`company:${id}`]);
      const made = await manager()("POST", team(id), { userId: colleague.id, role: "sales" });
      await watcher.event("account_team.assigned", id);
      expect((await manager()("PATCH", `${team(id)}/${made.json().id}`, { note: "Nordics" }, ifMatch(1))).statusCode).toBe(200);
      expect((await manager()("DELETE", `${team(id)}/${made.json().id}`)).statusCode).toBe(204);
      await watcher.event("account_team.removed", id);
    } finally {
      watcher.close();
    }
    const history = await f.actors.sales_rep.api("GET", `${team(id)}/history`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items.map((item: { operation: string }) => item.operation)).toEqual(["delete", "update", "insert"]);
    expect(history.json().items[1]).toMatchObject({ tableName: "account_team_members", after: { note: "Nordics" } });
  });
});

describe("coverage gaps across a group", () => {
  async function attach(child: string, parentId: string) {
    const etag = (await admin()("GET", `/api/companies/${child}/links`)).headers.etag as string;
    const response = await admin()("PUT", `/api/companies/${child}/parent`, { parentId, relation: "subsidiary" }, { "if-match": etag });
    expect(response.statusCode, response.body).toBe(200);
  }

  it("lists the nodes without anyone (or without a role) and never a company the caller may not see", async () => {
    const mine = f.placement("sales_rep", "own")!;
    const mates = f.placement("sales_rep", "team")!;
    const hidden = f.placement("sales_rep", "other")!;
    const root = await f.insertCompany("Gap Group Holding", mine, { country: "SE" });
    const covered = await f.insertCompany("Gap Group Sweden", mates, { country: "SE" });
    const bare = await f.insertCompany("Gap Group Finland", mates, { country: "FI" });
    const secret = await f.insertCompany("Gap Group Secret", hidden, { country: "CN" });
    const expired = await f.insertCompany("Gap Group Norway", mine, { country: "NO" });
    await attach(covered, root);
    await attach(bare, root);
    await attach(secret, covered);
    await attach(expired, covered);
    const assign = (id: string, body: Record<string, unknown>) => admin()("POST", team(id), { userId: colleague.id, ...body });
    expect((await assign(root, { role: "account_manager" })).statusCode).toBe(201);
    expect((await assign(covered, { role: "sales" })).statusCode).toBe(201);
    expect((await assign(expired, { role: "sales", startsOn: "2020-01-01", endsOn: "2020-12-31" })).statusCode).toBe(201);

    const gaps = await f.actors.sales_rep.api("GET", `${team(bare)}/gaps`);
    expect(gaps.statusCode, gaps.body).toBe(200);
    expect(gaps.json()).toMatchObject({ companyId: bare, rootId: root, role: null, companies: 4 });
    expect(gaps.json().items).toEqual([
      { companyId: bare, companyName: "Gap Group Finland", country: "FI", coveredRoles: [] },
      { companyId: expired, companyName: "Gap Group Norway", country: "NO", coveredRoles: [] },
    ]);
    // The administrator sees the whole group, the secret subsidiary too.
    const all = (await admin()("GET", `${team(root)}/gaps`)).json();
    expect(all.companies).toBe(5);
    expect(all.items.map((item: { companyName: string }) => item.companyName)).toEqual([
      "Gap Group Finland",
      "Gap Group Norway",
      "Gap Group Secret",
    ]);

    const noManager = (await f.actors.sales_rep.api("GET", `${team(root)}/gaps?role=account_manager`)).json();
    expect(noManager.role).toBe("account_manager");
    expect(noManager.items.map((item: { companyName: string; coveredRoles: string[] }) => [item.companyName, item.coveredRoles])).toEqual([
      ["Gap Group Finland", []],
      ["Gap Group Norway", []],
      ["Gap Group Sweden", ["sales"]],
    ]);
    await refused(() => f.actors.sales_rep.api("GET", `${team(root)}/gaps?role=boss`), 400, "querystring.role");
    await refused(() => f.actors.sales_rep.api("GET", `${team(secret)}/gaps`), 404);
  });

  it("announces an assignment anywhere in the group on the group root's topic, where gaps views listen", async () => {
    const root = await f.insertCompany("Live Gap Holding", f.placement("sales_rep", "own")!);
    const child = await f.insertCompany("Live Gap Child", f.placement("sales_rep", "team")!);
    await attach(child, root);
    expect((await f.actors.sales_rep.api("GET", `${team(child)}/gaps`)).json().rootId).toBe(root);
    if (!h.app.server.listening) await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    try {
      await watcher.subscribe([`company:${root}`]);
      expect((await admin()("POST", team(child), { userId: colleague.id, role: "service" })).statusCode).toBe(201);
      await watcher.event("account_team.assigned", child);
    } finally {
      watcher.close();
    }
  });

  it("treats a company without a group as a group of one", async () => {
    const alone = await f.insertCompany("Lonely AB", f.placement("sales_rep", "own")!);
    const gaps = (await f.actors.sales_rep.api("GET", `${team(alone)}/gaps`)).json();
    expect(gaps).toMatchObject({ companies: 1, items: [{ companyId: alone, coveredRoles: [] }] });
  });
});

describe("merging companies", () => {
  it("moves the source's team to the kept company, keeping one assignment per user and role", async () => {
    const where = f.placement("administrator", "own")!;
    const target = await f.insertCompany("Merge Target Team", where);
    const source = await f.insertCompany("Merge Source Team", where);
    await admin()("POST", team(target), { userId: colleague.id, role: "sales", note: "target's" });
    await admin()("POST", team(source), { userId: colleague.id, role: "sales", note: "source's" });
    await admin()("POST", team(source), { userId: colleague.id, role: "service" });
    const merged = await admin()("POST", `/api/companies/${target}/merge`, { sourceId: source }, ifMatch(1));
    expect(merged.statusCode, merged.body).toBe(200);
    const items = (await admin()("GET", team(target))).json().items as { role: string; note: string | null }[];
    expect(items.map((item) => [item.role, item.note])).toEqual([
      ["sales", "target's"],
      ["service", null],
    ]);
  });
});

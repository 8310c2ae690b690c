/**
 * Who may read and change groups: the group routes × the five built-in roles × where the
 * company sits (own / team / unit / other team / above clearance / missing); permission scoping
 * inside the rollups (a rep never gets figures of companies they may not see, in the integrated
 * view, the structure or the views by dimension); live events reaching an ancestor's subscribers.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { createHarness, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, categories, type AccessFixture, type Api, type Category } from "../../../test/access-fixture";
import { LiveClient } from "../../../test/live-client";
import { builtinRoles } from "../../platform/access/builtin-roles";
import { createCompany, createContact, expectNoDrift, groupSnapshot, setParent, totals } from "./groups.test-fixture";

let h: Harness;
let f: AccessFixture;
let admin: Api;

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  admin = f.actors.administrator.api;
});
afterAll(async () => h?.close());

/** What each role may do with a company at record level (r = read, u = update), by where it sits. */
const recordRights: Record<BuiltinRoleKey, Record<Category, string>> = {
  administrator: { own: "ru", team: "ru", unit: "ru", other: "ru", secret: "" },
  executive: { own: "ru", team: "ru", unit: "ru", other: "r", secret: "" },
  account_manager: { own: "ru", team: "ru", unit: "r", other: "", secret: "" },
  sales_rep: { own: "ru", team: "r", unit: "", other: "", secret: "" },
  service_desk: { own: "r", team: "r", unit: "r", other: "r", secret: "" },
};
const clearanceOf = (role: BuiltinRoleKey) => builtinRoles.find((r) => r.key === role)!.clearance;
const mayUpdateAtAll = (role: BuiltinRoleKey) => builtinRoles.find((r) => r.key === role)!.permissions.company.update !== "none";

type Route = { method: "GET" | "PUT" | "DELETE"; path: string };
const routes: Route[] = [
  { method: "GET", path: "/group" },
  { method: "GET", path: "/group/figures" },
  { method: "GET", path: "/group/by/country" },
  { method: "GET", path: "/group/by/reportingLine" },
  { method: "GET", path: "/links" },
  { method: "PUT", path: "/parent" },
  { method: "DELETE", path: "/parent" },
];

function expected(role: BuiltinRoleKey, route: Route, category: Category | "missing") {
  if (route.method !== "GET" && !mayUpdateAtAll(role)) return 403;
  const rights = category === "missing" ? "" : recordRights[role][category];
  if (!rights.includes("r")) return 404;
  if (route.method === "GET") return 200;
  if (!rights.includes("u")) return 403;
  return route.method === "PUT" ? 200 : 204;
}

describe("group routes × roles × placement", () => {
  for (const role of builtinRoleKeys) {
    const cells = routes.flatMap((route) =>
      [...categories, "missing" as const]
        .filter((category) => category !== "secret" || clearanceOf(role) < 3)
        .map((category) => ({ route, category, status: expected(role, route, category) })),
    );
    it.each(cells.map((cell) => [`${role}: ${cell.route.method} ${cell.route.path} on ${cell.category} → ${cell.status}`, cell]))(
      "%s",
      async (_name, { route, category, status }) => {
        const where = category === "missing" ? undefined : f.placement(role, category);
        const id = where ? await f.insertCompany(`${role} ${category} ${route.method} ${route.path}`, where) : randomUUID();
        // A parent the role may read (its own company), with a link to end for DELETE.
        const parent = await f.insertCompany(`${role} parent ${randomUUID()}`, f.placement(role, "own")!);
        if (route.method === "DELETE" && where) await setParent(admin, id, parent);
        const version = route.method === "DELETE" && where ? 1 : 0;
        const before = route.method !== "GET" && status >= 400 ? await groupSnapshot(h) : undefined;
        const response = await f.actors[role].api(
          route.method,
          `/api/companies/${id}${route.path}`,
          route.method === "PUT" ? { parentId: parent, relation: "subsidiary", share: 100 } : undefined,
          route.method === "GET" ? {} : { "if-match": `"${version}"` },
        );
        expect(response.statusCode, response.body).toBe(status);
        if (status >= 400) {
          expect(response.json().code).toBe(status === 404 ? "not_found" : "forbidden");
          if (before) expect(await groupSnapshot(h)).toEqual(before);
        }
        if (route.method === "PUT" && status === 200) expect(response.json().link).toMatchObject({ parentId: parent, current: true });
      },
    );
  }

  it("answers a parent the caller may not read exactly like a missing one (400 naming parentId), writing nothing", async () => {
    const rep = f.actors.sales_rep.api;
    const child = await f.insertCompany("Rep's child", f.placement("sales_rep", "own")!);
    const hidden = await f.insertCompany("Hidden parent", f.placement("sales_rep", "other")!);
    const answers = [];
    for (const parentId of [hidden, randomUUID()]) {
      const before = await groupSnapshot(h);
      const response = await rep("PUT", `/api/companies/${child}/parent`, { parentId, relation: "subsidiary" }, { "if-match": '"0"' });
      expect(response.statusCode).toBe(400);
      expect(await groupSnapshot(h)).toEqual(before);
      answers.push({ ...response.json(), requestId: undefined });
    }
    expect(answers[0]).toEqual(answers[1]);
  });
});

describe("permission scoping inside the rollups", () => {
  let root: string;
  let mates: string;
  let hidden: string;
  let underHidden: string;

  beforeAll(async () => {
    // root (the rep's own) → mates (a teammate's) and hidden (another team's) → underHidden (the rep's own again).
    root = await f.insertCompany("Scoped Root", f.placement("sales_rep", "own")!, { country: "SE" });
    mates = await f.insertCompany("Scoped Mates", f.placement("sales_rep", "team")!, { country: "SE" });
    hidden = await f.insertCompany("Scoped Hidden", f.placement("sales_rep", "other")!, { country: "FI" });
    underHidden = await f.insertCompany("Scoped Under Hidden", f.placement("sales_rep", "own")!, { country: "DK" });
    await setParent(admin, mates, root, { share: 100 });
    await setParent(admin, hidden, root, { share: 40 });
    await setParent(admin, underHidden, hidden, { share: 100 });
    await createContact(admin, root, "Root Person", { function: "executive" });
    await createContact(admin, mates, "Mate Person", { function: "it" });
    for (const name of ["Hidden One", "Hidden Two", "Hidden Three"]) await createContact(admin, hidden, name, { function: "finance" });
    await createContact(admin, underHidden, "Deep Person", { function: "it" });
  });

  it("gives the administrator every company's figures and the rep only those of companies they may see", async () => {
    expect(await totals(admin, root)).toMatchObject({ contacts: 6 });
    const repView = await f.actors.sales_rep.api("GET", `/api/companies/${root}/group/figures`);
    expect(repView.json()).toMatchObject({
      companies: 3,
      figures: expect.arrayContaining([expect.objectContaining({ key: "contacts", own: 1, total: 3 })]),
    });
    // A company they may not see is 404 however it is reached.
    expect((await f.actors.sales_rep.api("GET", `/api/companies/${hidden}/group/figures`)).statusCode).toBe(404);
    expect((await f.actors.sales_rep.api("GET", `/api/companies/${hidden}/group`)).statusCode).toBe(404);
    await expectNoDrift(h);
  });

  it("leaves hidden companies out of the structure and hangs what is below them under the nearest visible ancestor", async () => {
    const body = (await f.actors.sales_rep.api("GET", `/api/companies/${underHidden}/group`)).json();
    expect(body.rootId).toBe(root);
    expect(body.nodes.map((node: { id: string }) => node.id).sort()).toEqual([root, mates, underHidden].sort());
    expect(JSON.stringify(body)).not.toContain(hidden);
    expect(JSON.stringify(body)).not.toContain("Scoped Hidden");
    expect(body.edges).toEqual(
      expect.arrayContaining([
        { source: root, target: mates, relation: "subsidiary", share: 100, indirect: false },
        { source: root, target: underHidden, relation: null, share: null, indirect: true },
      ]),
    );
    const rootNode = body.nodes.find((node: { id: string }) => node.id === root);
    expect(rootNode.figures).toContainEqual({ key: "contacts", kind: "count", own: 1, total: 3 });
    expect(body.nodes.find((node: { id: string }) => node.id === underHidden).depth).toBe(1);
    // The administrator sees the direct links and the stored totals.
    const full = (await admin("GET", `/api/companies/${underHidden}/group`)).json();
    expect(full.nodes).toHaveLength(4);
    expect(full.nodes.find((node: { id: string }) => node.id === root).figures[0].total).toBe(6);
  });

  it("groups only visible companies and their contacts in the views by dimension", async () => {
    const rep = f.actors.sales_rep.api;
    const country = (await rep("GET", `/api/companies/${root}/group/by/country`)).json();
    expect(
      country.buckets.map((b: { key: string; members: number; values: { contacts: number } }) => [b.key, b.members, b.values.contacts]),
    ).toEqual([
      ["SE", 2, 2],
      ["DK", 1, 1],
    ]);
    const fn = (await rep("GET", `/api/companies/${root}/group/by/function`)).json();
    expect(fn.buckets.map((b: { key: string; members: number }) => [b.key, b.members])).toEqual([
      ["it", 2],
      ["executive", 1],
    ]);
    const ownership = (await rep("GET", `/api/companies/${root}/group/by/ownership`)).json();
    expect(ownership.buckets.reduce((sum: number, b: { members: number }) => sum + b.members, 0)).toBe(3);
  });

  it("names a parent the caller may not see as null in the link history", async () => {
    const links = (await f.actors.sales_rep.api("GET", `/api/companies/${underHidden}/links`)).json();
    expect(links.items).toEqual([expect.objectContaining({ parentId: hidden, parentName: null, current: true })]);
  });
});

describe("live updates of a group", () => {
  it("tells the subscribers of an ancestor's card when a figure below changes and when a subsidiary moves", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const top = await createCompany(admin, "Live Top");
    const middle = await createCompany(admin, "Live Middle");
    const leaf = await createCompany(admin, "Live Leaf");
    const elsewhere = await createCompany(admin, "Live Elsewhere");
    await setParent(admin, middle, top);
    await setParent(admin, leaf, middle);
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.administrator.email)).cookie });
    try {
      expect((await watcher.subscribe([`company:${top}`, `company:${elsewhere}`])).topics).toHaveLength(2);
      await createContact(admin, leaf, "Live Person");
      const figures = await watcher.next((m) => m.type === "event" && m.name === "company.figures_changed");
      expect(figures.topics).toEqual(expect.arrayContaining([`company:${top}`, `company:${middle}`, `company:${leaf}`]));

      await setParent(admin, middle, elsewhere);
      const moved = await watcher.next(
        (m) => m.type === "event" && m.name === "company.group_changed" && (m.topics as string[]).includes(`company:${elsewhere}`),
      );
      expect(moved.topics).toEqual(expect.arrayContaining([`company:${top}`, `company:${elsewhere}`, `company:${middle}`]));
      expect((await totals(admin, elsewhere)).contacts).toBe(1);
      expect((await totals(admin, top)).contacts).toBe(0);
    } finally {
      watcher.close();
    }
  });

  it("does not tell a rep who may not see the moved company about it by name", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 }).catch(() => undefined);
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const own = await f.insertCompany("Rep Live Own", f.placement("sales_rep", "own")!);
    const other = await f.insertCompany("Rep Live Other", f.placement("sales_rep", "other")!);
    const watcher = await LiveClient.connect(url, { cookie: (await login(h.app, f.actors.sales_rep.email)).cookie });
    try {
      await watcher.subscribe([`company:${own}`, "list:companies"]);
      await setParent(admin, other, own);
      await watcher.next((m) => m.type === "event" && m.name === "company.group_changed");
      const named = watcher.events().filter((event) => event.recordId === other);
      expect(named).toEqual([]);
    } finally {
      watcher.close();
    }
  });
});

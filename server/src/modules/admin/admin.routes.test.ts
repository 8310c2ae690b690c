/**
 * Admin routes: users, roles, teams, org units and sessions — the happy paths, bad input (400
 * naming the field, nothing written), optimistic locking (428/412) and the rules that stop
 * anyone from widening their own rights (AC-7) or locking everyone out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRoles } from "../../platform/access/builtin-roles";
import { roles } from "../../db/schema";
import { createHarness, createOrgUnit, createTeam, createUser, type Harness } from "../../../test/harness";
import { refusals, signedIn, type Api, type SignedIn } from "../../../test/access-fixture";

let h: Harness;
let admin: SignedIn;
let rep: SignedIn;
let manager: SignedIn;
const roleIds: Record<string, string> = {};
let teamId: string;
let unitId: string;

const salesRep = builtinRoles.find((role) => role.key === "sales_rep")!.permissions;
/** A custom "people manager": everything a sales rep has, plus managing users and roles. */
const peopleManager = {
  ...salesRep,
  user: { read: "all", create: "all", update: "all", delete: "none" },
  // Not "all": only role.update = all counts as an administrator for the last-administrator rule.
  role: { read: "all", create: "all", update: "team", delete: "none" },
} as const;

beforeAll(async () => {
  h = await createHarness();
  for (const row of await h.db.select().from(roles)) roleIds[row.key] = row.id;
  const [custom] = await h.db
    .insert(roles)
    .values({ key: "people_manager", name: "People manager", clearance: 1, permissions: peopleManager })
    .returning();
  roleIds.people_manager = custom!.id;
  teamId = (await createTeam(h.db, "Sales")).id;
  unitId = (await createOrgUnit(h.db, "Head office", null, "company")).id;
  admin = await signedIn(h, await createUser(h.db, { role: "administrator", name: "Ada Admin" }));
  await createUser(h.db, { role: "administrator", name: "Second admin" });
  rep = await signedIn(h, await createUser(h.db, { role: "sales_rep", teamIds: [teamId], name: "Rita Rep" }));
  manager = await signedIn(h, await createUser(h.db, { role: "people_manager", teamIds: [teamId], name: "Mia Manager" }));
});
afterAll(async () => h?.close());

/** Sends a request that must be refused, and checks status, field and that nothing was written. */
const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);

const etagOf = async (api: Api, url: string) => (await api("GET", url)).headers.etag as string;
const long = "x".repeat(201);
/** A valid new user (call it inside a test: role ids exist only after beforeAll). */
const newUser = (n: string) => ({
  email: `person-${n}@example.test`,
  name: `Person ${n}`,
  password: "a sufficiently long passphrase here",
  roleId: roleIds.sales_rep,
});

describe("users", () => {
  it("creates a user with role, org unit and teams (201, Location, ETag) and lists and gets it", async () => {
    const unit = await createOrgUnit(h.db, "Stockholm");
    const created = await admin.api("POST", "/api/users", {
      ...newUser("create"),
      email: "Person-Create@Example.TEST",
      orgUnitId: unit.id,
      teamIds: [teamId, teamId],
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json();
    expect(user).toMatchObject({
      email: "person-create@example.test",
      roleId: roleIds.sales_rep,
      orgUnitId: unit.id,
      teamIds: [teamId],
      active: true,
      version: 1,
    });
    expect(user).not.toHaveProperty("passwordHash");
    expect(created.headers.location).toBe(`/api/users/${user.id}`);
    expect(created.headers.etag).toBe('"1"');
    expect((await admin.api("GET", `/api/users/${user.id}`)).json()).toEqual(user);
    expect((await rep.api("GET", "/api/users")).json().items.map((u: { id: string }) => u.id)).toContain(user.id);
  });

  it.each([
    ["an unknown field", () => ({ ...newUser("a"), isAdmin: true }), "isAdmin"],
    ["a name of the wrong type", () => ({ ...newUser("b"), name: 5 }), "name"],
    ["a role id that is not a uuid", () => ({ ...newUser("c"), roleId: "not-a-uuid" }), "roleId"],
    ["a missing password", () => ({ ...newUser("d"), password: undefined }), "password"],
    ["a too long name", () => ({ ...newUser("e"), name: long }), "name"],
    ["an invalid email", () => ({ ...newUser("f"), email: "nope" }), "email"],
    ["a team id that is not a uuid", () => ({ ...newUser("g"), teamIds: ["x"] }), "teamIds[0]"],
    ["a too short password", () => ({ ...newUser("h"), password: "short" }), "password"],
    ["a role that does not exist", () => ({ ...newUser("i"), roleId: "00000000-0000-4000-8000-000000000001" }), "roleId"],
    ["a team that does not exist", () => ({ ...newUser("j"), teamIds: ["00000000-0000-4000-8000-000000000002"] }), "teamIds[0]"],
    ["a name holding a NUL character", () => ({ ...newUser("k"), name: "a\u0000b" }), "name"],
  ])("refuses a new user with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => admin.api("POST", "/api/users", body()), 400, field);
  });

  it("answers 409 naming email for a duplicate email, whatever its case", async () => {
    await refused(() => admin.api("POST", "/api/users", { ...newUser("dup"), email: rep.email.toUpperCase() }), 409, "email");
  });

  it("answers 409 naming email when a stored email differs only in case (stored before normalisation)", async () => {
    const legacy = await createUser(h.db, { role: "sales_rep", email: "Legacy.Person@Example.TEST" });
    await refused(() => admin.api("POST", "/api/users", { ...newUser("legacy"), email: legacy.email.toLowerCase() }), 409, "email");
  });

  it("answers 400 for an id that is not a uuid and 404 for an unknown one", async () => {
    await refused(() => admin.api("GET", "/api/users/not-a-uuid"), 400, "params.id");
    expect((await admin.api("GET", "/api/users/00000000-0000-4000-8000-000000000003")).statusCode).toBe(404);
  });

  it("changes a user with If-Match; 428 without it, 412 when stale, 400 when malformed", async () => {
    const url = `/api/users/${rep.id}`;
    const etag = await etagOf(admin.api, url);
    await refused(() => admin.api("PATCH", url, { name: "Rita R." }), 428);
    await refused(() => admin.api("PATCH", url, { name: "Rita R." }, { "if-match": '"999"' }), 412);
    await refused(() => admin.api("PATCH", url, { name: "Rita R." }, { "if-match": "yesterday" }), 400, "If-Match");
    await refused(() => admin.api("PATCH", url, { timeZone: "Mars/Olympus" }, { "if-match": etag }), 400, "timeZone");
    await refused(() => admin.api("PATCH", url, { email: "new@example.test" }, { "if-match": etag }), 400, "email");
    const changed = await admin.api("PATCH", url, { name: "Rita R.", timeZone: "Europe/Stockholm" }, { "if-match": etag });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: "Rita R.", timeZone: "Europe/Stockholm", version: Number(etag.replaceAll('"', "")) + 1 });
    await refused(() => admin.api("PATCH", url, { name: "Again" }, { "if-match": etag }), 412);
  });

  it.each([
    ["deactivate themselves", () => ({ active: false })],
    ["change their own role", () => ({ roleId: roleIds.executive })],
    ["join a team", () => ({ teamIds: [teamId] })],
    ["move to another org unit", () => ({ orgUnitId: unitId })],
    ["pick their own manager", () => ({ managerId: rep.id })],
  ])("does not let an administrator %s (403, nothing written) — AC-7", async (_what, body) => {
    const url = `/api/users/${admin.id}`;
    const etag = await etagOf(admin.api, url);
    await refused(() => admin.api("PATCH", url, body(), { "if-match": etag }), 403);
  });

  it("lets users keep their own row-level fields as they are while changing their name", async () => {
    const url = `/api/users/${admin.id}`;
    const response = await admin.api(
      "PATCH",
      url,
      { name: "Ada A.", active: true, roleId: roleIds.administrator, teamIds: [], orgUnitId: null },
      { "if-match": await etagOf(admin.api, url) },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().name).toBe("Ada A.");
  });

  it("does not let anyone give a user a role above their own (400 naming the field)", async () => {
    const url = `/api/users/${rep.id}`;
    await refused(
      async () => manager.api("PATCH", url, { roleId: roleIds.administrator }, { "if-match": await etagOf(manager.api, url) }),
      400,
      "clearance",
    );
    await refused(() => manager.api("POST", "/api/users", { ...newUser("above"), roleId: roleIds.account_manager }), 400, "clearance");
    const sameLevel = await manager.api("POST", "/api/users", newUser("peer"));
    expect(sameLevel.statusCode, sameLevel.body).toBe(201);
  });

  it("does not let anyone change, deactivate or reset the password of a user holding more rights (403)", async () => {
    const url = `/api/users/${admin.id}`;
    await refused(async () => manager.api("PATCH", url, { active: false }, { "if-match": await etagOf(manager.api, url) }), 403);
    await refused(() => manager.api("POST", `${url}/password`, { password: "taken over by the manager now" }), 403);
  });

  it("does not reset the caller's own password through the admin route (it needs the current one)", async () => {
    await refused(() => admin.api("POST", `/api/users/${admin.id}/password`, { password: "a brand new admin passphrase" }), 403);
  });

  it("resets another user's password and ends their sessions", async () => {
    const target = await signedIn(h, await createUser(h.db, { role: "sales_rep", name: "Reset me" }));
    const response = await admin.api("POST", `/api/users/${target.id}/password`, { password: "a brand new passphrase for them" });
    expect(response.statusCode, response.body).toBe(200);
    expect((await target.api("GET", "/api/me")).statusCode).toBe(401);
  });
});

describe("roles", () => {
  const roleBody = (key: string) => ({ key, name: `Role ${key}`, clearance: 1, permissions: salesRep });

  it("creates, lists, gets and changes a role with If-Match (428 without, 412 stale)", async () => {
    const created = await admin.api("POST", "/api/roles", roleBody("field_sales"));
    expect(created.statusCode, created.body).toBe(201);
    const role = created.json();
    expect(role).toMatchObject({ key: "field_sales", builtin: false, clearance: 1, permissions: salesRep, version: 1 });
    expect((await rep.api("GET", "/api/roles")).statusCode).toBe(403);
    expect((await admin.api("GET", "/api/roles")).json().items.map((r: { key: string }) => r.key)).toEqual(
      expect.arrayContaining(["administrator", "field_sales"]),
    );
    const url = `/api/roles/${role.id}`;
    expect((await admin.api("GET", url)).json()).toEqual(role);
    await refused(() => admin.api("PATCH", url, { name: "Field" }), 428);
    await refused(() => admin.api("PATCH", url, { name: "Field" }, { "if-match": '"7"' }), 412);
    const changed = await admin.api("PATCH", url, { name: "Field", clearance: 2 }, { "if-match": '"1"' });
    expect(changed.json()).toMatchObject({ name: "Field", clearance: 2, version: 2 });
  });

  it.each([
    ["a key that is not snake_case", { ...roleBody("x"), key: "Bad Key" }, "key"],
    ["a clearance out of range", { ...roleBody("clear_four"), clearance: 4 }, "clearance"],
    [
      "a permission set missing an object",
      { ...roleBody("missing_obj"), permissions: { ...salesRep, session: undefined } },
      "permissions.session",
    ],
    [
      "an unknown scope",
      { ...roleBody("bad_scope"), permissions: { ...salesRep, company: { ...salesRep.company, read: "everything" } } },
      "permissions.company.read",
    ],
    ["an unknown object", { ...roleBody("extra_obj"), permissions: { ...salesRep, invoices: salesRep.company } }, "permissions.invoices"],
    ["an unknown field", { ...roleBody("extra_field"), builtin: true }, "builtin"],
    ["a too long name", { ...roleBody("long_name"), name: long }, "name"],
  ])("refuses a role with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => admin.api("POST", "/api/roles", body), 400, field);
  });

  it("answers 409 naming key for a duplicate key", async () => {
    await refused(() => admin.api("POST", "/api/roles", roleBody("sales_rep")), 409, "key");
  });

  it("refuses a role with more permissions or clearance than its creator's (400 naming the field)", async () => {
    await refused(
      () =>
        manager.api("POST", "/api/roles", {
          ...roleBody("too_wide"),
          permissions: { ...salesRep, company: { ...salesRep.company, read: "all" } },
        }),
      400,
      "permissions.company.read",
    );
    await refused(() => manager.api("POST", "/api/roles", { ...roleBody("too_secret"), clearance: 2 }), 400, "clearance");
    const url = `/api/roles/${roleIds.people_manager}`;
    await refused(
      async () =>
        manager.api(
          "PATCH",
          url,
          { permissions: { ...peopleManager, team: { read: "all", create: "all", update: "all", delete: "all" } } },
          { "if-match": await etagOf(manager.api, url) },
        ),
      400,
      "permissions.team.create",
    );
  });

  it("does not let anyone change a role that holds more than they do (403)", async () => {
    const url = `/api/roles/${roleIds.administrator}`;
    await refused(
      async () =>
        manager.api(
          "PATCH",
          url,
          { name: "Demoted", permissions: peopleManager, clearance: 1 },
          { "if-match": await etagOf(manager.api, url) },
        ),
      403,
    );
  });

  it("refuses to leave no active administrator (409, nothing written)", async () => {
    const url = `/api/roles/${roleIds.administrator}`;
    const administrator = (await admin.api("GET", url)).json();
    const withoutRoleAdmin = { ...administrator.permissions, role: { ...administrator.permissions.role, update: "none" } };
    await refused(() => admin.api("PATCH", url, { permissions: withoutRoleAdmin }, { "if-match": `"${administrator.version}"` }), 409);
  });

  it("does not delete a built-in role or one still held (409), but deletes an unused one (204)", async () => {
    await refused(() => admin.api("DELETE", `/api/roles/${roleIds.service_desk}`), 409);
    await refused(() => admin.api("DELETE", `/api/roles/${roleIds.people_manager}`), 409);
    const spare = (await admin.api("POST", "/api/roles", roleBody("spare"))).json();
    expect((await admin.api("DELETE", `/api/roles/${spare.id}`)).statusCode).toBe(204);
    expect((await admin.api("GET", `/api/roles/${spare.id}`)).statusCode).toBe(404);
    await refused(() => admin.api("DELETE", `/api/roles/${spare.id}`), 404);
  });
});

describe("teams", () => {
  it("creates, lists, gets, changes (If-Match) and deletes a team", async () => {
    const created = await admin.api("POST", "/api/teams", { name: "  Key accounts  ", orgUnitId: unitId });
    expect(created.statusCode, created.body).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ name: "Key accounts", orgUnitId: unitId, memberIds: [], version: 1 });
    expect((await rep.api("GET", "/api/teams")).json().items.map((t: { id: string }) => t.id)).toContain(team.id);
    expect((await rep.api("GET", `/api/teams/${teamId}`)).json().memberIds).toContain(rep.id);
    const url = `/api/teams/${team.id}`;
    await refused(() => admin.api("PATCH", url, { name: "KAM" }), 428);
    await refused(() => admin.api("PATCH", url, { name: "KAM" }, { "if-match": '"2"' }), 412);
    expect((await admin.api("PATCH", url, { name: "KAM", orgUnitId: null }, { "if-match": '"1"' })).json()).toMatchObject({
      name: "KAM",
      orgUnitId: null,
      version: 2,
    });
    expect((await admin.api("DELETE", url)).statusCode).toBe(204);
    expect((await admin.api("GET", url)).statusCode).toBe(404);
  });

  it.each([
    ["an empty name", { name: "   " }, "name"],
    ["a too long name", { name: long }, "name"],
    ["a name of the wrong type", { name: ["x"] }, "name"],
    ["an org unit id that is not a uuid", { name: "T", orgUnitId: "north" }, "orgUnitId"],
    ["an org unit that does not exist", { name: "T", orgUnitId: "00000000-0000-4000-8000-000000000005" }, "orgUnitId"],
    ["an unknown field", { name: "T", memberIds: [] }, "memberIds"],
    ["a missing name", {}, "name"],
  ])("refuses a team with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => admin.api("POST", "/api/teams", body), 400, field);
  });
});

describe("org units", () => {
  it("creates a parent and a child, lists and gets them, and changes one with If-Match", async () => {
    const parent = (await admin.api("POST", "/api/org-units", { name: "Nordics", kind: "division" })).json();
    const created = await admin.api("POST", "/api/org-units", { name: "Sweden", kind: "branch", parentId: parent.id });
    expect(created.statusCode, created.body).toBe(201);
    const child = created.json();
    expect(child).toMatchObject({ name: "Sweden", kind: "branch", parentId: parent.id, version: 1 });
    expect((await rep.api("GET", "/api/org-units")).json().items.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining([parent.id, child.id]),
    );
    await refused(() => admin.api("PATCH", `/api/org-units/${child.id}`, { kind: "department" }), 428);
    await refused(() => admin.api("PATCH", `/api/org-units/${child.id}`, { kind: "department" }, { "if-match": '"0"' }), 412);
    expect((await admin.api("PATCH", `/api/org-units/${child.id}`, { kind: "department" }, { "if-match": '"1"' })).json()).toMatchObject({
      kind: "department",
      version: 2,
    });
  });

  it("rejects cycles: a unit below itself or below its own descendant (400 naming parentId)", async () => {
    const top = (await admin.api("POST", "/api/org-units", { name: "Top", kind: "company" })).json();
    const middle = (await admin.api("POST", "/api/org-units", { name: "Middle", kind: "division", parentId: top.id })).json();
    const bottom = (await admin.api("POST", "/api/org-units", { name: "Bottom", kind: "department", parentId: middle.id })).json();
    await refused(() => admin.api("PATCH", `/api/org-units/${top.id}`, { parentId: bottom.id }, { "if-match": '"1"' }), 400, "parentId");
    await refused(() => admin.api("PATCH", `/api/org-units/${top.id}`, { parentId: top.id }, { "if-match": '"1"' }), 400, "parentId");
    await refused(() => admin.api("DELETE", `/api/org-units/${middle.id}`), 409);
    expect((await admin.api("PATCH", `/api/org-units/${bottom.id}`, { parentId: top.id }, { "if-match": '"1"' })).statusCode).toBe(200);
  });

  it.each([
    ["an unknown kind", { name: "U", kind: "galaxy" }, "kind"],
    ["a missing kind", { name: "U" }, "kind"],
    ["a parent that does not exist", { name: "U", kind: "branch", parentId: "00000000-0000-4000-8000-000000000006" }, "parentId"],
    ["a parent id that is not a uuid", { name: "U", kind: "branch", parentId: 42 }, "parentId"],
    ["an unknown field", { name: "U", kind: "branch", budget: 1 }, "budget"],
    ["a too long name", { name: long, kind: "branch" }, "name"],
  ])("refuses an org unit with %s (400 naming the field, nothing written)", async (_what, body, field) => {
    await refused(() => admin.api("POST", "/api/org-units", body), 400, field);
  });
});

describe("sessions", () => {
  type SessionInfo = { id: string; userId: string; current: boolean };
  const sessionsOf = async (api: Api, query = "") => (await api("GET", `/api/sessions${query}`)).json().items as SessionInfo[];

  it("shows a sales rep only their own sessions, even when asking for someone else's", async () => {
    const mine = await sessionsOf(rep.api);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((s) => s.userId === rep.id)).toBe(true);
    expect(mine.filter((s) => s.current)).toHaveLength(1);
    expect((await sessionsOf(rep.api, `?userId=${admin.id}`)).every((s) => s.userId === rep.id)).toBe(true);
    await refused(() => rep.api("GET", "/api/sessions?userId=nope"), 400, "querystring.userId");
  });

  it("shows an administrator everyone's sessions, filtered by user on request", async () => {
    const all = await sessionsOf(admin.api);
    expect(all.map((s) => s.userId)).toEqual(expect.arrayContaining([admin.id, rep.id]));
    expect((await sessionsOf(admin.api, `?userId=${rep.id}`)).every((s) => s.userId === rep.id)).toBe(true);
  });

  it("answers 404 when someone without the permission ends another user's session, which stays alive", async () => {
    const adminSession = (await sessionsOf(admin.api)).find((s) => s.userId === admin.id && s.current)!;
    await refused(() => rep.api("DELETE", `/api/sessions/${adminSession.id}`), 404);
    await refused(() => rep.api("DELETE", "/api/sessions/00000000-0000-4000-8000-000000000007"), 404);
    expect((await admin.api("GET", "/api/me")).statusCode).toBe(200);
  });

  it("lets users end their own other session, and administrators anyone's", async () => {
    const second = await signedIn(h, rep);
    const secondId = (await sessionsOf(second.api)).find((s) => s.current)!.id;
    expect((await sessionsOf(rep.api)).find((s) => s.id === secondId)?.current).toBe(false);
    expect((await rep.api("DELETE", `/api/sessions/${secondId}`)).statusCode).toBe(204);
    expect((await second.api("GET", "/api/me")).statusCode).toBe(401);
    const third = await signedIn(h, rep);
    const thirdId = (await sessionsOf(third.api)).find((s) => s.current)!.id;
    expect((await admin.api("DELETE", `/api/sessions/${thirdId}`)).statusCode).toBe(204);
    expect((await third.api("GET", "/api/me")).statusCode).toBe(401);
    expect((await rep.api("GET", "/api/me")).statusCode).toBe(200);
  });
});

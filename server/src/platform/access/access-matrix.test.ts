/**
 * AC-1, AC-2, AC-5: a matrix generated from the route table × the five built-in roles ×
 * where the record sits (own / same team / same org subtree / other team / above clearance /
 * missing). Invisible records answer 404, functions the role lacks 403, and every denied
 * mutating request leaves the database exactly as it was.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtinRoleKeys, type AccessAction, type AccessObject, type BuiltinRoleKey } from "@relata/contracts";
import { companies, contactRoles, contacts, customFields, customSections, orgUnits, roles, teams, users } from "../../db/schema";
import { createHarness, createOrgUnit, createTeam, createUser } from "../../../test/harness";
import { buildAccessFixture, categories, databaseSnapshot, type AccessFixture, type Category } from "../../../test/access-fixture";
import { moduleMatrixRequest } from "../../../test/matrix-requests";
import { builtinRoles } from "./builtin-roles";

const h = await createHarness();
afterAll(async () => h.close());
let f: AccessFixture;
beforeAll(async () => {
  f = await buildAccessFixture(h);
});

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
const routes = h.app.routeTable.flatMap((entry) =>
  ([] as string[])
    .concat(entry.method)
    .filter((method) => method !== "HEAD")
    .map((method) => ({ method: method as Method, url: entry.url, permission: entry.config?.permission })),
);
const mutating = (method: Method) => method !== "GET";
const successStatus: Record<Method, number> = { GET: 200, POST: 201, PATCH: 200, PUT: 200, DELETE: 204 };

const permissionsOf = (role: BuiltinRoleKey) => builtinRoles.find((r) => r.key === role)!.permissions;
const holds = (role: BuiltinRoleKey, object: AccessObject, action: AccessAction) => permissionsOf(role)[object][action] !== "none";
const clearanceOf = (role: BuiltinRoleKey) => builtinRoles.find((r) => r.key === role)!.clearance;

/**
 * The specification: what each role may do with a company at record level (r = read,
 * u = update, d = delete), by where it sits. Every role user is in team one, unit North.
 */
const recordRights: Record<BuiltinRoleKey, Record<Category, string>> = {
  administrator: { own: "rud", team: "rud", unit: "rud", other: "rud", secret: "" },
  executive: { own: "ru", team: "ru", unit: "ru", other: "r", secret: "" },
  account_manager: { own: "rud", team: "ru", unit: "r", other: "", secret: "" },
  sales_rep: { own: "ru", team: "r", unit: "", other: "", secret: "" },
  service_desk: { own: "r", team: "r", unit: "r", other: "r", secret: "" },
};
const described: Record<Category | "missing", string> = {
  own: "their own company",
  team: "a teammate's company",
  unit: "a company of another team in their org unit subtree",
  other: "another team's company",
  secret: "a teammate's company above their clearance",
  missing: "a company id that does not exist",
};

// ─── AC-1 / AC-2: record routes × roles × placement ─────────────────────────

// A merge names a second company (and needs delete on it): its own matrix is in companies.merge.test.ts.
// Merge and the vCard import (a contact function, text/vcard body) have their own matrices in their modules' tests.
// So do the parent link (a body naming a second company; DELETE needs update, not delete) and the views by dimension (a second param).
const recordRoutes = routes.filter(
  (route) =>
    route.url.startsWith("/api/companies/:id") &&
    !route.url.endsWith("/merge") &&
    !route.url.endsWith("/import.vcf") &&
    !route.url.endsWith("/parent") &&
    !route.url.includes("/group/by/") &&
    // The account team and financial health (writes with bodies and a second id) have theirs in accounts.access.test.ts and finance.access.test.ts.
    !/\/(account-team|finance|financial-statements|credit-ratings|credit-limit|deposit-requirement)\b/.test(route.url) &&
    // Contracts, billing, client value, competitor contracts, orders and transactions (sub-resources with bodies and second ids) have theirs in contracts.access.test.ts.
    !/\/(contracts|service-items|invoices|payments|credit-notes|receivables|value|purchase-trends|product-suggestions|competitor-contracts|orders|transactions)\b/.test(
      route.url,
    ),
);
const actionOf = (method: Method): AccessAction => (method === "GET" ? "read" : method === "DELETE" ? "delete" : "update");

function expectedStatus(role: BuiltinRoleKey, route: (typeof routes)[number], category: Category | "missing") {
  const permission = route.permission;
  if (typeof permission === "object" && !holds(role, permission.object, permission.action)) return 403;
  const rights = category === "missing" ? "" : recordRights[role][category];
  if (!rights.includes("r")) return 404;
  if (!rights.includes(actionOf(route.method).charAt(0))) return 403;
  return successStatus[route.method];
}

// The matrix renames many companies alike: they are not duplicates for it.
const requestBody = (method: Method) => (method === "PATCH" ? { name: "Renamed by the matrix", ignoreDuplicates: true } : undefined);

describe("company record routes × roles × placement (AC-1, AC-2)", () => {
  it("covers GET, PATCH, DELETE and history of /api/companies/:id", () => {
    expect(recordRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(
      expect.arrayContaining([
        "DELETE /api/companies/:id",
        "GET /api/companies/:id",
        "GET /api/companies/:id/history",
        "PATCH /api/companies/:id",
      ]),
    );
  });

  it("lets a sales rep see only their team: 404 on GET and PATCH of another team's company, DB unchanged", async () => {
    const id = await f.insertCompany("Other team AB", f.placement("sales_rep", "other")!);
    const rep = f.actors.sales_rep.api;
    const before = await databaseSnapshot(h);
    expect((await rep("GET", `/api/companies/${id}`)).statusCode).toBe(404);
    const patch = await rep("PATCH", `/api/companies/${id}`, { name: "Mine now" }, { "if-match": '"1"' });
    expect(patch.statusCode).toBe(404);
    expect(patch.json()).toMatchObject({ code: "not_found" });
    // Deleting is a function the sales rep lacks: 403 for every id alike, so no existence oracle.
    expect((await rep("DELETE", `/api/companies/${id}`)).statusCode).toBe(403);
    expect((await rep("DELETE", `/api/companies/${randomUUID()}`)).statusCode).toBe(403);
    expect(await databaseSnapshot(h)).toEqual(before);
  });

  for (const role of builtinRoleKeys) {
    describe(role, () => {
      const cells = recordRoutes.flatMap((route) =>
        [...categories, "missing" as const]
          .filter((category) => category !== "secret" || clearanceOf(role) < 3)
          .map((category) => ({ route, category, status: expectedStatus(role, route, category) })),
      );
      it.each(cells.map((cell) => [`${cell.route.method} ${cell.route.url} on ${described[cell.category]} → ${cell.status}`, cell]))(
        "%s",
        async (_name, cell) => {
          const { route, category, status } = cell;
          const where = category === "missing" ? undefined : f.placement(role, category);
          const id = where ? await f.insertCompany(`${role} ${category} ${route.method}`, where) : randomUUID();
          // Only a refusal must leave the database as it was.
          const before = mutating(route.method) && status >= 400 ? await databaseSnapshot(h) : undefined;
          const response = await f.actors[role].api(
            route.method,
            route.url.replace(":id", id),
            requestBody(route.method),
            mutating(route.method) ? { "if-match": '"1"' } : {},
          );
          expect(response.statusCode, response.body).toBe(status);
          if (status >= 400) {
            expect(response.json().code).toBe(status === 404 ? "not_found" : "forbidden");
            if (before) expect(await databaseSnapshot(h)).toEqual(before);
            return;
          }
          const [row] = await h.db.select().from(companies).where(eq(companies.id, id));
          if (route.method === "PATCH") expect(row?.name).toBe("Renamed by the matrix");
          if (route.method === "DELETE") expect(row).toBeUndefined();
          if (route.url.endsWith("/history")) {
            const items = response.json().items as { recordId: string; tableName: string }[];
            expect(items.length).toBeGreaterThan(0);
            expect(items.every((item) => item.recordId === id && item.tableName === "companies")).toBe(true);
          }
        },
      );

      it("gives no existence oracle: another team's or a too-secret company answers exactly like a missing id", async () => {
        for (const route of recordRoutes) {
          const answers: Record<string, unknown> = {};
          for (const category of ["other", "secret", "missing"] as const) {
            const where = category === "missing" ? undefined : f.placement(role, category);
            if (category !== "missing" && (!where || recordRights[role][category].includes("r"))) continue;
            const id = where ? await f.insertCompany(`oracle ${role} ${category}`, where) : randomUUID();
            const response = await f.actors[role].api(route.method, route.url.replace(":id", id), requestBody(route.method), {
              "if-match": '"1"',
            });
            const body = response.json() as { code: string; message: string };
            answers[category] = { status: response.statusCode, code: body.code, message: body.message };
          }
          for (const answer of Object.values(answers)) expect(answer, `${role} ${route.method} ${route.url}`).toEqual(answers.missing);
        }
      });
    });
  }
});

// ─── AC-5 / AC-2: every function-level route × roles ─────────────────────────

type Targets = {
  user: string;
  role: string;
  team: string;
  unit: string;
  company: string;
  salesRepRole: string;
  /** A contact (on a company of its own) with a role at a second company; an empty custom section; a field in another. */
  contact: string;
  contactRole: string;
  contactCompany: string;
  roleCompany: string;
  section: string;
  fieldSection: string;
  field: string;
};
let targets: Targets;
let serial = 0;

type Versioned =
  | typeof users
  | typeof roles
  | typeof teams
  | typeof orgUnits
  | typeof companies
  | typeof contacts
  | typeof customSections
  | typeof customFields
  | typeof contactRoles;
async function versionOf(table: Versioned, id: string) {
  const [row] = await h.db.select({ version: table.version }).from(table).where(eq(table.id, id));
  return `"${row?.version ?? 1}"`;
}

/** A valid request for each guarded route, aimed at throwaway targets (so a denial proves the guard, not bad input). */
async function validRequest(method: Method, url: string): Promise<{ url: string; body?: unknown; headers?: Record<string, string> }> {
  serial += 1;
  const resource = url.split("/")[2]!;
  const onRole = url.includes(":roleId");
  const table = onRole
    ? contactRoles
    : (
        {
          users,
          roles,
          teams,
          "org-units": orgUnits,
          companies,
          contacts,
          "custom-sections": customSections,
          "custom-fields": customFields,
        } as Record<string, Versioned>
      )[resource];
  const target = (
    {
      users: targets.user,
      roles: targets.role,
      teams: targets.team,
      "org-units": targets.unit,
      companies: targets.company,
      contacts: targets.contact,
      "custom-sections": targets.section,
      "custom-fields": targets.field,
    } as Record<string, string>
  )[resource];
  const concrete = (target ? url.replace(":id", target) : url).replace(":roleId", targets.contactRole);
  const ifMatch =
    table && target && url.includes(":id") ? { "if-match": await versionOf(table, onRole ? targets.contactRole : target) } : undefined;
  const bodies: Record<string, unknown> = {
    "POST /api/users": {
      email: `new-${serial}-${randomUUID().slice(0, 8)}@example.test`,
      name: `New user ${serial}`,
      password: "a sufficiently long new passphrase",
      roleId: targets.salesRepRole,
    },
    "PATCH /api/users/:id": { name: `Renamed user ${serial}` },
    "POST /api/users/:id/password": { password: `a brand new passphrase no ${serial} ${randomUUID()}` },
    "POST /api/roles": {
      key: `matrix_role_${serial}`,
      name: `Matrix role ${serial}`,
      clearance: 0,
      permissions: permissionsOf("sales_rep"),
    },
    "PATCH /api/roles/:id": { name: `Renamed role ${serial}` },
    "POST /api/teams": { name: `Matrix team ${serial}` },
    "PATCH /api/teams/:id": { name: `Renamed team ${serial}` },
    "POST /api/org-units": { name: `Matrix unit ${serial}`, kind: "department" },
    "PATCH /api/org-units/:id": { name: `Renamed unit ${serial}` },
    "POST /api/companies": { name: `Matrix company ${serial}`, ignoreDuplicates: true },
    "PATCH /api/companies/:id": { name: `Renamed company ${serial}`, ignoreDuplicates: true },
    "POST /api/companies/bulk": { action: "assign", ownerId: f.owners.stranger.id, ids: [targets.company] },
    "POST /api/companies/duplicates": { name: `Matrix company ${serial}` },
    "POST /api/companies/handover": { fromUserId: targets.user, toUserId: f.owners.mate.id },
    "PUT /api/settings/grade-rules": { rules: [] },
    "POST /api/contacts": { companyId: targets.contactCompany, lastName: `Matrix ${serial}`, ignoreDuplicates: true },
    "PATCH /api/contacts/:id": { title: `Matrix title ${serial}` },
    "POST /api/contacts/duplicates": { lastName: `Matrix ${serial}`, companyId: targets.contactCompany },
    "POST /api/contacts/:id/roles": { companyId: targets.company, title: `Board ${serial}` },
    "PATCH /api/contacts/:id/roles/:roleId": { title: `Chair ${serial}` },
    "POST /api/custom-sections": { object: "company", labels: { en: `Matrix section ${serial}` } },
    "PATCH /api/custom-sections/:id": { labels: { en: `Renamed section ${serial}` } },
    "POST /api/custom-fields": {
      sectionId: targets.fieldSection,
      key: `matrix_${serial}`,
      type: "text",
      labels: { en: `Matrix ${serial}` },
    },
    "PATCH /api/custom-fields/:id": { labels: { en: `Renamed field ${serial}` } },
  };
  const key = `${method} ${url}`;
  // The modules' sub-resources hang off a company that outlives the run (targets.company is deleted by it).
  const context = { company: targets.contactCompany, user: targets.user, serial };
  const moduleRequest = await moduleMatrixRequest(h, f.actors.administrator.api, context, method, url);
  if (moduleRequest) return moduleRequest;
  if (key === "POST /api/companies/:id/merge") {
    const sourceId = await f.insertCompany(`Merged by the matrix ${serial}`, f.placement("administrator", "other")!);
    return { url: concrete, body: { sourceId }, ...(ifMatch ? { headers: ifMatch } : {}) };
  }
  if (key === "POST /api/contacts/:id/merge") {
    const [source] = await h.db
      .insert(contacts)
      .values({ companyId: targets.contactCompany, lastName: `Merged by the matrix ${serial}` })
      .returning({ id: contacts.id });
    return { url: concrete, body: { sourceId: source!.id } };
  }
  if (key === "POST /api/companies/:id/contacts/import.vcf") {
    const card = `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Card ${serial}\r\nN:Card ${serial};;;;\r\nEND:VCARD\r\n`;
    return { url: url.replace(":id", targets.contactCompany), body: card, headers: { "content-type": "text/vcard" } };
  }
  if (key === "PUT /api/settings/grade-rules") {
    const etag = (await f.actors.administrator.api("GET", "/api/settings/grade-rules")).headers.etag as string;
    return { url, body: bodies[key], headers: { "if-match": etag } };
  }
  if (key === "PUT /api/companies/:id/parent" || key === "DELETE /api/companies/:id/parent") {
    // A parent link's If-Match is the company's parent version (the ETag of …/links), not the company's.
    const links = await f.actors.administrator.api("GET", `/api/companies/${targets.company}/links`);
    const headers = { "if-match": links.headers.etag as string };
    return method === "PUT"
      ? { url: concrete, body: { parentId: targets.roleCompany, relation: "subsidiary" }, headers }
      : { url: concrete, headers };
  }
  if (method === "POST" || method === "PATCH") {
    if (!(key in bodies)) throw new Error(`add a valid request for ${key} to the matrix`);
    return { url: concrete, body: bodies[key], ...(ifMatch && method === "PATCH" ? { headers: ifMatch } : {}) };
  }
  if (method === "DELETE")
    return { url: concrete, ...(ifMatch && ["companies", "contacts"].includes(resource) && !onRole ? { headers: ifMatch } : {}) };
  return { url: concrete };
}

const guarded = routes
  .filter((route) => route.url.startsWith("/api/") && typeof route.permission === "object")
  // Deletes last, and a sub-resource (a contact's role) before its parent.
  .sort(
    (a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE") || (a.method === "DELETE" ? b.url.length - a.url.length : 0),
  );

describe("function-level permissions from the route table × roles (AC-5, AC-2)", () => {
  beforeAll(async () => {
    const [salesRep] = await h.db.select({ id: roles.id }).from(roles).where(eq(roles.key, "sales_rep"));
    const [role] = await h.db
      .insert(roles)
      .values({ key: "spare_role", name: "Spare role", clearance: 0, permissions: permissionsOf("sales_rep") })
      .returning({ id: roles.id });
    const unit = await createOrgUnit(h.db, "Spare unit", null, "department");
    const team = await createTeam(h.db, "Spare team");
    const user = await createUser(h.db, { role: "sales_rep", name: "Spare user" });
    const company = await f.insertCompany("Spare company", {
      ownerId: f.owners.stranger.id,
      teamId: f.teams.three,
      orgUnitId: f.units.south,
      securityLevel: 0,
    });
    const spare = { ownerId: f.owners.stranger.id, teamId: f.teams.three, orgUnitId: f.units.south, securityLevel: 0 };
    const contactCompany = await f.insertCompany("Spare contacts' company", spare);
    const roleCompany = await f.insertCompany("Spare role company", spare);
    const [contact] = await h.db
      .insert(contacts)
      .values({ companyId: contactCompany, lastName: "Spare person" })
      .returning({ id: contacts.id });
    const [contactRole] = await h.db
      .insert(contactRoles)
      .values({ contactId: contact!.id, companyId: roleCompany, title: "Adviser" })
      .returning({ id: contactRoles.id });
    const [section, fieldSection] = await h.db
      .insert(customSections)
      .values([
        { object: "company", labels: { en: "Spare section" }, position: 90 },
        { object: "company", labels: { en: "Spare fields" }, position: 91 },
      ])
      .returning({ id: customSections.id });
    const [field] = await h.db
      .insert(customFields)
      .values({ object: "company", sectionId: fieldSection!.id, key: "spare_field", type: "text", labels: { en: "Spare" } })
      .returning({ id: customFields.id });
    targets = {
      user: user.id,
      role: role!.id,
      team: team.id,
      unit: unit.id,
      company,
      salesRepRole: salesRep!.id,
      contact: contact!.id,
      contactRole: contactRole!.id,
      contactCompany,
      roleCompany,
      section: section!.id,
      fieldSection: fieldSection!.id,
      field: field!.id,
    };
  });

  it("names 403 for exactly the admin functions a sales rep and the service desk lack", () => {
    const denied = (role: BuiltinRoleKey) =>
      guarded
        .filter((route) => typeof route.permission === "object" && !holds(role, route.permission.object, route.permission.action))
        .map((route) => `${route.method} ${route.url}`);
    for (const role of ["sales_rep", "service_desk"] as const) {
      expect(denied(role)).toEqual(
        expect.arrayContaining([
          "POST /api/users",
          "PATCH /api/users/:id",
          "POST /api/roles",
          "PATCH /api/roles/:id",
          "DELETE /api/roles/:id",
          "POST /api/teams",
          "PATCH /api/teams/:id",
          "DELETE /api/teams/:id",
          "POST /api/org-units",
          "PATCH /api/org-units/:id",
          "DELETE /api/org-units/:id",
          "GET /api/audit",
        ]),
      );
    }
  });

  for (const role of builtinRoleKeys) {
    const denied = guarded.filter(
      (route) => typeof route.permission === "object" && !holds(role, route.permission.object, route.permission.action),
    );
    const allowed = guarded.filter((route) => !denied.includes(route));
    if (denied.length > 0) {
      it.each(
        denied.map((route) => [
          `${role} is refused ${route.method} ${route.url} with 403${mutating(route.method) ? " and nothing is written" : ""}`,
          route,
        ]),
      )("%s", async (_name, route) => {
        const request = await validRequest(route.method, route.url);
        const before = await databaseSnapshot(h);
        const response = await f.actors[role].api(route.method, request.url, request.body, request.headers);
        expect(response.statusCode, response.body).toBe(403);
        expect(response.json()).toMatchObject({ code: "forbidden" });
        expect(await databaseSnapshot(h)).toEqual(before);
      });
    }
    it(`${role} passes the function check on every route its role grants (${allowed.length} routes)`, async () => {
      for (const route of allowed) {
        // Invalid input or a missing id: past the guard, yet nothing can be written.
        const url = route.url.replace(":id", randomUUID()).replace(":roleId", randomUUID());
        const response = await f.actors[role].api(
          route.method,
          url,
          mutating(route.method) && route.method !== "DELETE" ? { unexpected: true } : undefined,
        );
        // The vCard import takes text/vcard: a JSON body is refused as the wrong media type, also past the guard.
        const passed = route.url.endsWith("/import.vcf") ? [400, 404, 415] : [400, 404, 200];
        expect(passed, `${route.method} ${route.url}`).toContain(response.statusCode);
      }
    });
  }

  it("uses valid requests: the administrator's identical requests all succeed", async () => {
    for (const route of guarded.filter((r) => mutating(r.method))) {
      const request = await validRequest(route.method, route.url);
      const response = await f.actors.administrator.api(route.method, request.url, request.body, request.headers);
      expect(Math.floor(response.statusCode / 100), `${route.method} ${route.url}: ${response.statusCode} ${response.body}`).toBe(2);
    }
    const [{ n }] = (await h.db.execute<{ n: string }>(sql`SELECT count(*)::text AS n FROM companies WHERE id = ${targets.company}`))
      .rows as [{ n: string }];
    expect(n).toBe("0");
  });
});

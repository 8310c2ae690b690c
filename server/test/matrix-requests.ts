/**
 * Valid requests for the access matrix (access-matrix.test.ts) on the routes of dimensions,
 * account teams and financial health: each aims at a throwaway record made here, so a denial
 * proves the guard, not bad input.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { accountTeamMembers, creditRatings, dimensionValues, financialStatements } from "../src/db/schema";
import { createUser, type Harness } from "./harness";
import { categories, databaseSnapshot, type AccessFixture, type Api, type Category } from "./access-fixture";
import { taskMatrixRequest } from "./matrix-tasks";
import { timelineMatrixRequest } from "./matrix-timeline";
import { documentMatrixRequest } from "./matrix-documents";
import { contractMatrixRequest } from "./matrix-contracts";

export type MatrixRequest = { url: string; body?: unknown; headers?: Record<string, string> };

const ifMatch = (version: number | string) => ({ "if-match": typeof version === "number" ? `"${version}"` : version });

/** The request for `method url`, or undefined when the route is not one of these modules'. */
export async function dimensionAndFinanceRequest(
  h: Harness,
  admin: Api,
  context: { company: string; user: string; serial: number },
  method: string,
  url: string,
): Promise<MatrixRequest | undefined> {
  const { company, user, serial } = context;
  const key = `${method} ${url}`;
  const onCompany = (path: string) => path.replace(":id", company);

  if (url.startsWith("/api/dimensions")) {
    if (key === "POST /api/dimensions")
      return { url, body: { kind: "line_of_business", key: `matrix-${serial}`, labels: { en: `Matrix ${serial}` } } };
    if (key === "POST /api/dimensions/reorder") {
      const rows = await h.db.select({ id: dimensionValues.id }).from(dimensionValues).where(eq(dimensionValues.kind, "function"));
      return { url, body: { kind: "function", ids: rows.map((row) => row.id).reverse() } };
    }
    const [value] = await h.db
      .insert(dimensionValues)
      .values({ kind: "client_unit", key: `matrix-unit-${serial}`, labels: { en: `Unit ${serial}` } })
      .returning();
    const concrete = url.replace(":id", value!.id);
    if (method === "PATCH") return { url: concrete, body: { labels: { en: `Renamed ${serial}` } }, headers: ifMatch(1) };
    return { url: concrete, ...(method === "DELETE" ? { headers: ifMatch(1) } : {}) };
  }

  if (key === "PUT /api/settings/deposit-rules") {
    const etag = (await admin("GET", "/api/settings/deposit-rules")).headers.etag as string;
    return {
      url,
      body: {
        rules: [
          {
            name: `Matrix ${serial}`,
            enabled: true,
            rating: null,
            maxOverdueDays: null,
            maxOverdueShare: null,
            depositPercent: 10,
            collectionMethod: "card",
          },
        ],
        default: { depositPercent: 0, collectionMethod: "transfer" },
      },
      headers: ifMatch(etag),
    };
  }

  if (url.includes("/account-team")) {
    if (key === "POST /api/companies/:id/account-team")
      return { url: onCompany(url), body: { userId: user, role: "service", note: `Matrix ${serial}` } };
    if (!url.includes(":memberId")) return method === "GET" ? { url: onCompany(url) } : undefined;
    // A user of their own each time: one user holds a role once per company.
    const holder = await createUser(h.db, { role: "sales_rep", name: `Matrix holder ${serial}` });
    const [member] = await h.db.insert(accountTeamMembers).values({ companyId: company, userId: holder.id, role: "sales" }).returning();
    const concrete = onCompany(url).replace(":memberId", member!.id);
    return method === "PATCH"
      ? { url: concrete, body: { note: `Matrix ${serial}` }, headers: ifMatch(1) }
      : { url: concrete, headers: ifMatch(1) };
  }

  if (url.includes("/financial-statements")) {
    if (key === "POST /api/companies/:id/financial-statements")
      return { url: onCompany(url), body: { fiscalYear: 2000 + (serial % 200), quarter: null, currency: "EUR", revenue: "1000" } };
    if (!url.includes(":statementId")) return method === "GET" ? { url: onCompany(url) } : undefined;
    const [statement] = await h.db
      .insert(financialStatements)
      .values({ companyId: company, fiscalYear: 2300 + serial, currency: "EUR" })
      .returning();
    const concrete = onCompany(url).replace(":statementId", statement!.id);
    return method === "PATCH"
      ? { url: concrete, body: { note: `Matrix ${serial}` }, headers: ifMatch(1) }
      : { url: concrete, headers: ifMatch(1) };
  }

  if (url.includes("/credit-ratings")) {
    if (key === "POST /api/companies/:id/credit-ratings")
      return { url: onCompany(url), body: { agency: "sp", rating: "BBB", ratedOn: "2024-05-01" } };
    if (!url.includes(":ratingId")) return method === "GET" ? { url: onCompany(url) } : undefined;
    const [rating] = await h.db
      .insert(creditRatings)
      .values({ companyId: company, agency: "fitch", rating: "A", scalePosition: 6, ratedOn: "2023-01-01" })
      .returning();
    const concrete = onCompany(url).replace(":ratingId", rating!.id);
    return method === "PATCH"
      ? { url: concrete, body: { outlook: "stable" }, headers: ifMatch(1) }
      : { url: concrete, headers: ifMatch(1) };
  }

  if (key === "PUT /api/companies/:id/credit-limit") {
    const etag = (await admin("GET", onCompany("/api/companies/:id/credit-limit"))).headers.etag as string;
    return { url: onCompany(url), body: { amount: "50000", currency: "SEK" }, headers: ifMatch(etag) };
  }
  if (method === "GET" && /^\/api\/companies\/:id\/(finance|deposit-requirement|credit-limit)$/.test(url)) return { url: onCompany(url) };
  return undefined;
}

export type MatrixRequestBuilder = (
  h: Harness,
  admin: Api,
  context: { company: string; user: string; serial: number },
  method: string,
  url: string,
) => Promise<MatrixRequest | undefined>;

/** Every module's matrix requests (one builder per module file under test/; the first that answers wins). */
const builders: MatrixRequestBuilder[] = [
  dimensionAndFinanceRequest,
  timelineMatrixRequest,
  taskMatrixRequest,
  documentMatrixRequest,
  contractMatrixRequest,
];

/** The request for `method url` from the module that owns the route, or undefined. */
export async function moduleMatrixRequest(...args: Parameters<MatrixRequestBuilder>): Promise<MatrixRequest | undefined> {
  for (const build of builders) {
    const request = await build(...args);
    if (request) return request;
  }
  return undefined;
}

/**
 * The specification of what each role may do with a company at record level (r = read,
 * u = update), by where it sits (as in the access matrix): sub-resources of a company follow it.
 */
const companyRights: Record<BuiltinRoleKey, Record<Category, string>> = {
  administrator: { own: "ru", team: "ru", unit: "ru", other: "ru", secret: "" },
  executive: { own: "ru", team: "ru", unit: "ru", other: "r", secret: "" },
  account_manager: { own: "ru", team: "ru", unit: "r", other: "", secret: "" },
  sales_rep: { own: "ru", team: "r", unit: "", other: "", secret: "" },
  service_desk: { own: "r", team: "r", unit: "r", other: "r", secret: "" },
};
const successStatus: Record<string, number> = { GET: 200, POST: 201, PATCH: 200, PUT: 200, DELETE: 204 };

/**
 * AC-1 / AC-2 for routes under `/api/companies/:id/…` that read with company read and write
 * with company update: every route matching `pattern` × built-in role × where the company sits
 * (and a missing one). Invisible → 404, visible but not changeable → 403, and a refused write
 * leaves the database as it was.
 */
export function describeCompanyRecordMatrix(pattern: RegExp, setup: () => { h: Harness; f: AccessFixture }) {
  describe("record routes × roles × placement (AC-1, AC-2)", () => {
    for (const role of builtinRoleKeys)
      it(`${role}: reads where they may read the company, writes where they may update it, 404 where it is hidden`, async () => {
        const { h, f } = setup();
        const user = await createUser(h.db, { role: "sales_rep", name: `Assignable for ${role}` });
        const routes = h.app.routeTable.flatMap((entry) =>
          ([] as string[])
            .concat(entry.method)
            .filter((method) => method !== "HEAD" && pattern.test(entry.url))
            .map((method) => ({ method, url: entry.url })),
        );
        expect(routes.length).toBeGreaterThan(0);
        let serial = 0;
        for (const route of routes)
          for (const category of [...categories, "missing" as const]) {
            const where = category === "missing" ? f.placement("administrator", "own") : f.placement(role, category);
            if (!where) continue;
            const company = await f.insertCompany(`${role} ${category} ${route.method} ${++serial}`, where);
            const request = await moduleMatrixRequest(
              h,
              f.actors.administrator.api,
              { company, user: user.id, serial },
              route.method,
              route.url,
            );
            if (!request) throw new Error(`no matrix request for ${route.method} ${route.url}`);
            const url = category === "missing" ? request.url.replace(company, randomUUID()) : request.url;
            const rights = category === "missing" ? "" : companyRights[role][category];
            const writes = route.method !== "GET";
            // A function the role lacks (the service desk updates no company) is 403 before any record is looked at.
            const status =
              writes && role === "service_desk"
                ? 403
                : !rights.includes("r")
                  ? 404
                  : writes && !rights.includes("u")
                    ? 403
                    : successStatus[route.method]!;
            const before = status >= 400 && writes ? await databaseSnapshot(h) : undefined;
            const response = await f.actors[role].api(route.method as "GET", url, request.body, request.headers);
            expect(response.statusCode, `${role} ${category} ${route.method} ${route.url}: ${response.body}`).toBe(status);
            if (status >= 400) expect(response.json().code).toBe(status === 404 ? "not_found" : "forbidden");
            if (before) expect(await databaseSnapshot(h), `${role} ${category} ${route.method} ${route.url}`).toEqual(before);
          }
      });
  });
}

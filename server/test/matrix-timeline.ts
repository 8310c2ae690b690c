/**
 * The timeline's routes in the access matrices: valid requests for the function-level matrix
 * (access-matrix.test.ts), and the record-level matrix of every route × built-in role × where the
 * company sits (timeline.access.test.ts). Entries take their visibility from their company:
 * reading and writing one needs the company readable; changing or removing one needs authorship
 * or update on the company; nobody changes a system entry.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { builtinRoleKeys, type BuiltinRoleKey } from "@relata/contracts";
import { contacts, timelineEntries, timelineEntryContacts } from "../src/db/schema";
import type { Harness } from "./harness";
import { categories, databaseSnapshot, type AccessFixture, type Category } from "./access-fixture";
import type { MatrixRequest, MatrixRequestBuilder } from "./matrix-requests";

const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

/** A note on `companyId` written straight into the table (by `authorId`, or a system entry). */
export async function insertEntry(h: Harness, companyId: string, authorId: string | null, system = false) {
  const [row] = await h.db
    .insert(timelineEntries)
    .values({
      companyId,
      kind: system ? "system" : "note",
      systemKind: system ? "stage_changed" : null,
      systemData: system ? { from: "lead", to: "prospect" } : null,
      authorId,
      occurredAt: new Date(),
      bodyHtml: system ? null : "<p>Written for the matrix</p>",
      bodyText: system ? "" : "Written for the matrix",
    })
    .returning({ id: timelineEntries.id });
  return row!.id;
}

export async function insertContact(h: Harness, companyId: string, lastName: string) {
  const [row] = await h.db.insert(contacts).values({ companyId, firstName: "Matrix", lastName }).returning({ id: contacts.id });
  return row!.id;
}

/** The request for `method url` when the route is the timeline's, else undefined. */
export const timelineMatrixRequest: MatrixRequestBuilder = async (h, _admin, context, method, url): Promise<MatrixRequest | undefined> => {
  const { company, user, serial } = context;
  if (url === "/api/companies/:id/timeline") return { url: url.replace(":id", company) };
  if (url === "/api/contacts/:id/timeline") {
    const contact = await insertContact(h, company, `Timeline ${serial}`);
    const entry = await insertEntry(h, company, user);
    await h.db.insert(timelineEntryContacts).values({ entryId: entry, contactId: contact });
    return { url: url.replace(":id", contact) };
  }
  if (url === "/api/timeline" && method === "POST")
    return { url, body: { companyId: company, kind: "note", body: `<p>Matrix note ${serial}</p>` } };
  if (url === "/api/timeline/:id") {
    const concrete = url.replace(":id", await insertEntry(h, company, user));
    if (method === "PATCH") return { url: concrete, body: { subject: `Matrix ${serial}` }, headers: ifMatch(1) };
    if (method === "DELETE") return { url: concrete, headers: ifMatch(1) };
    return { url: concrete };
  }
  return undefined;
};

/** r = may read the company, u = may update it, by where it sits (every role user is in team one, unit North). */
const rights: Record<BuiltinRoleKey, Record<Category, string>> = {
  administrator: { own: "ru", team: "ru", unit: "ru", other: "ru", secret: "" },
  executive: { own: "ru", team: "ru", unit: "ru", other: "r", secret: "" },
  account_manager: { own: "ru", team: "ru", unit: "r", other: "", secret: "" },
  sales_rep: { own: "ru", team: "r", unit: "", other: "", secret: "" },
  service_desk: { own: "r", team: "r", unit: "r", other: "r", secret: "" },
};

type Prepared = { method: "GET" | "POST" | "PATCH" | "DELETE"; url: string; body?: unknown; headers?: Record<string, string>; id: string };
type Cell = {
  what: string;
  writes: boolean;
  /** Makes what the request needs on `company` (`mine`: the role user, `other`: a colleague) and names its target id. */
  prepare: (h: Harness, company: string, mine: string, other: string) => Promise<Prepared>;
  /** The status for these rights ("" = hidden, "r", "ru"). */
  expected: (rights: string) => number;
};

const hiddenOr = (status: (rights: string) => number) => (granted: string) => (granted.includes("r") ? status(granted) : 404);
const onEntry = async (
  h: Harness,
  method: Prepared["method"],
  company: string,
  author: string | null,
  system = false,
  body?: unknown,
): Promise<Prepared> => {
  const id = await insertEntry(h, company, author, system);
  return { method, url: `/api/timeline/${id}`, id, ...(body ? { body } : {}), ...(method === "GET" ? {} : { headers: ifMatch(1) }) };
};

const cells: Cell[] = [
  {
    what: "GET the company's timeline",
    writes: false,
    prepare: async (_h, company) => ({ method: "GET", url: `/api/companies/${company}/timeline`, id: company }),
    expected: hiddenOr(() => 200),
  },
  {
    what: "GET the group timeline",
    writes: false,
    prepare: async (_h, company) => ({ method: "GET", url: `/api/companies/${company}/timeline?scope=group`, id: company }),
    expected: hiddenOr(() => 200),
  },
  {
    what: "GET a contact's timeline",
    writes: false,
    prepare: async (h, company) => {
      const id = await insertContact(h, company, "Reader");
      return { method: "GET", url: `/api/contacts/${id}/timeline`, id };
    },
    expected: hiddenOr(() => 200),
  },
  {
    what: "GET one entry",
    writes: false,
    prepare: (h, company, _mine, other) => onEntry(h, "GET", company, other),
    expected: hiddenOr(() => 200),
  },
  {
    what: "POST an entry (a hidden company in the body is no company: 400 naming it)",
    writes: true,
    prepare: async (_h, company) => ({
      method: "POST",
      url: "/api/timeline",
      body: { companyId: company, kind: "call", subject: "Matrix call" },
      id: company,
    }),
    expected: (granted) => (granted.includes("r") ? 201 : 400),
  },
  {
    what: "PATCH their own entry",
    writes: true,
    prepare: (h, company, mine) => onEntry(h, "PATCH", company, mine, false, { subject: "Mine" }),
    expected: hiddenOr(() => 200),
  },
  {
    what: "PATCH a colleague's entry",
    writes: true,
    prepare: (h, company, _mine, other) => onEntry(h, "PATCH", company, other, false, { pinned: true }),
    expected: hiddenOr((granted) => (granted.includes("u") ? 200 : 403)),
  },
  {
    what: "PATCH a system entry",
    writes: true,
    prepare: (h, company, mine) => onEntry(h, "PATCH", company, mine, true, { pinned: true }),
    expected: hiddenOr(() => 403),
  },
  {
    what: "DELETE their own entry",
    writes: true,
    prepare: (h, company, mine) => onEntry(h, "DELETE", company, mine),
    expected: hiddenOr(() => 204),
  },
  {
    what: "DELETE a colleague's entry",
    writes: true,
    prepare: (h, company, _mine, other) => onEntry(h, "DELETE", company, other),
    expected: hiddenOr((granted) => (granted.includes("u") ? 204 : 403)),
  },
  {
    what: "DELETE a system entry",
    writes: true,
    prepare: (h, company) => onEntry(h, "DELETE", company, null, true),
    expected: hiddenOr(() => 403),
  },
];

/**
 * AC-1 / AC-2 for every timeline route × built-in role × where the company sits (and a missing
 * one): hidden → 404 (a body's hidden company: 400 naming it), visible but not changeable → 403,
 * and a refused write leaves the database as it was.
 */
export function describeTimelineMatrix(setup: () => { h: Harness; f: AccessFixture }) {
  describe("timeline routes × roles × placement (AC-1, AC-2)", () => {
    it("covers every timeline route", () => {
      const { h } = setup();
      const routes = h.app.routeTable
        // API routes only: a built web app adds static files whose names may say "timeline".
        .filter((entry) => entry.url.startsWith("/api/") && entry.url.includes("/timeline"))
        .flatMap((entry) =>
          ([] as string[])
            .concat(entry.method)
            .filter((m) => m !== "HEAD")
            .map((m) => `${m} ${entry.url}`),
        );
      expect(routes.sort()).toEqual([
        "DELETE /api/timeline/:id",
        "GET /api/companies/:id/timeline",
        "GET /api/contacts/:id/timeline",
        "GET /api/timeline/:id",
        "PATCH /api/timeline/:id",
        "POST /api/timeline",
      ]);
    });

    for (const role of builtinRoleKeys)
      it(`${role}: reads and writes where they may read the company, changes others' entries where they may update it`, async () => {
        const { h, f } = setup();
        const actor = f.actors[role];
        for (const cell of cells)
          for (const category of [...categories, "missing" as const]) {
            const where = category === "missing" ? f.placement("administrator", "own") : f.placement(role, category);
            if (!where) continue;
            const company = await f.insertCompany(`${role} ${category} ${cell.what}`, where);
            const granted = category === "missing" ? "" : rights[role][category];
            const status = cell.expected(granted);
            const prepared = await cell.prepare(h, company, actor.id, f.owners.mate.id);
            // A missing record: the same request naming an id that does not exist.
            const swap = (text: string) => (category === "missing" ? text.replaceAll(prepared.id, randomUUID()) : text);
            const body = prepared.body === undefined ? undefined : (JSON.parse(swap(JSON.stringify(prepared.body))) as unknown);
            const before = status >= 400 && cell.writes ? await databaseSnapshot(h) : undefined;
            const response = await actor.api(prepared.method, swap(prepared.url), body, prepared.headers ?? {});
            expect(response.statusCode, `${role} ${category} ${cell.what}: ${response.body}`).toBe(status);
            if (status === 400) expect(JSON.stringify(response.json())).toContain("companyId");
            if (before) expect(await databaseSnapshot(h), `${role} ${category} ${cell.what}`).toEqual(before);
          }
      });
  });
}

/**
 * Property: after any sequence of link inserts, moves and ends, company deletes and merges and
 * contact creates, deletes and moves — made through the API — the closure and every rollup
 * equal a full recomputation (`relata doctor` finds no drift), and both equal an independent
 * model of the tree kept by the test. Sequences come from a small seeded generator, so a
 * failure names its seed and step and replays exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type Api } from "../../../test/access-fixture";
import { runDaily } from "../../platform/jobs/jobs";
import { createCompany, createContact, expectNoDrift, parentVersion } from "./groups.test-fixture";

let h: Harness;
let admin: Api;

beforeAll(async () => {
  h = await createHarness();
  admin = (await buildAccessFixture(h)).actors.administrator.api;
});
afterAll(async () => h?.close());

/** mulberry32: a tiny deterministic generator (fast-check is not a dependency). */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

/** The test's own model: who is whose parent, and where each contact is. */
class Model {
  readonly companies = new Set<string>();
  readonly parent = new Map<string, string>();
  readonly contacts = new Map<string, string>();

  children(id: string) {
    return [...this.parent].filter(([, parent]) => parent === id).map(([child]) => child);
  }
  ancestors(id: string) {
    const chain: string[] = [];
    for (let at = this.parent.get(id); at !== undefined; at = this.parent.get(at)) chain.push(at);
    return chain;
  }
  inSubtree(root: string, candidate: string) {
    return candidate === root || this.ancestors(candidate).includes(root);
  }
  /** Expected rollup of contacts per company. */
  totals() {
    const totals = new Map<string, number>();
    for (const companyId of this.contacts.values())
      for (const id of [companyId, ...this.ancestors(companyId)]) totals.set(id, (totals.get(id) ?? 0) + 1);
    return totals;
  }
  /** Expected closure rows as "ancestor>descendant@depth". */
  closure() {
    const rows: string[] = [];
    for (const id of this.companies) this.ancestors(id).forEach((ancestor, index) => rows.push(`${ancestor}>${id}@${index + 1}`));
    return rows.sort();
  }
}

/** What the database holds for the model's companies (each seed has its own companies in the shared database). */
async function stored(model: Model) {
  const ids = sql`${sql.param([...model.companies])}::uuid[]`;
  const rollups = await h.db.execute<{ company_id: string; value: string }>(
    sql`SELECT company_id, value::text FROM company_rollups WHERE key = 'contacts' AND value <> 0 AND company_id = ANY(${ids})`,
  );
  const closure = await h.db.execute<{ row: string }>(
    sql`SELECT ancestor_id || '>' || descendant_id || '@' || depth AS row FROM company_tree WHERE descendant_id = ANY(${ids}) ORDER BY 1`,
  );
  return {
    totals: new Map(rollups.rows.map((row) => [row.company_id, Number(row.value)])),
    closure: closure.rows.map((row) => row.row).sort(),
  };
}

async function etag(url: string) {
  const response = await admin("GET", url);
  expect(response.statusCode, response.body).toBe(200);
  return response.headers.etag as string;
}

async function runSequence(seed: number, steps: number) {
  const random = generator(seed);
  const model = new Model();
  let serial = 0;
  const newCompany = async () => {
    const id = await createCompany(admin, `Seed ${seed} company ${++serial}`);
    model.companies.add(id);
    return id;
  };
  for (let i = 0; i < 8; i++) await newCompany();
  /** What the sequence did (a property test that never moves a subtree or merges proves little). */
  const done: Record<string, number> = {};
  const count = (what: string) => (done[what] = (done[what] ?? 0) + 1);
  let deepest = 0;

  for (let step = 0; step < steps; step++) {
    const ids = [...model.companies];
    const operation = random.pick([
      "link",
      "link",
      "link",
      "end",
      "contact",
      "contact",
      "uncontact",
      "recontact",
      "delete",
      "merge",
      "company",
      "expire",
    ] as const);
    const where = `seed ${seed}, step ${step}: ${operation}`;
    if (operation === "link" && ids.length >= 2) {
      const child = random.pick(ids);
      const parent = random.chance(0.1) ? child : random.pick(ids);
      const version = await parentVersion(admin, child);
      const response = await admin(
        "PUT",
        `/api/companies/${child}/parent`,
        { parentId: parent, relation: random.pick(["subsidiary", "branch", "affiliate"]), share: random.int(101) },
        { "if-match": `"${version}"` },
      );
      const refused = model.inSubtree(child, parent);
      expect(response.statusCode, `${where} ${response.body}`).toBe(refused ? 400 : 200);
      count(refused ? "cycle refused" : model.parent.has(child) ? "move" : "link");
      if (!refused && model.children(child).length > 0) count("subtree moved");
      if (!refused) model.parent.set(child, parent);
    } else if (operation === "end" && model.parent.size > 0) {
      const child = random.pick([...model.parent.keys()]);
      expect((await admin("DELETE", `/api/companies/${child}/parent`)).statusCode, where).toBe(204);
      model.parent.delete(child);
      count("end");
    } else if (operation === "contact" && ids.length > 0) {
      const companyId = random.pick(ids);
      model.contacts.set(await createContact(admin, companyId, `Seed ${seed} person ${++serial}`), companyId);
    } else if (operation === "uncontact" && model.contacts.size > 0) {
      const id = random.pick([...model.contacts.keys()]);
      expect((await admin("DELETE", `/api/contacts/${id}`)).statusCode, where).toBe(204);
      model.contacts.delete(id);
    } else if (operation === "recontact" && model.contacts.size > 0 && ids.length >= 2) {
      const id = random.pick([...model.contacts.keys()]);
      const companyId = random.pick(ids);
      const response = await admin(
        "PATCH",
        `/api/contacts/${id}`,
        { companyId, ignoreDuplicates: true },
        { "if-match": await etag(`/api/contacts/${id}`) },
      );
      expect(response.statusCode, `${where} ${response.body}`).toBe(200);
      model.contacts.set(id, companyId);
    } else if (operation === "delete" && ids.length > 3) {
      const id = random.pick(ids);
      const blocked = model.children(id).length > 0 || [...model.contacts.values()].includes(id);
      const response = await admin("DELETE", `/api/companies/${id}`);
      expect(response.statusCode, `${where} ${response.body}`).toBe(blocked ? 409 : 204);
      count(blocked ? "delete refused" : "delete");
      if (!blocked) {
        model.companies.delete(id);
        model.parent.delete(id);
      }
    } else if (operation === "merge" && ids.length > 3) {
      const source = random.pick(ids);
      const target = random.pick(ids.filter((id) => id !== source));
      const response = await admin(
        "POST",
        `/api/companies/${target}/merge`,
        { sourceId: source },
        { "if-match": await etag(`/api/companies/${target}`) },
      );
      expect(response.statusCode, `${where} ${response.body}`).toBe(200);
      const inside = model.inSubtree(source, target) && target !== source;
      count(inside ? "merge into own subtree" : "merge");
      const sourceParent = model.parent.get(source);
      if (inside) model.parent.delete(target);
      for (const child of model.children(source)) model.parent.set(child, target);
      if (inside && sourceParent !== undefined) model.parent.set(target, sourceParent);
      model.parent.delete(source);
      model.companies.delete(source);
      for (const [contact, companyId] of model.contacts) if (companyId === source) model.contacts.set(contact, target);
    } else if (operation === "company") {
      await newCompany();
    } else if (operation === "expire" && model.parent.size > 0) {
      // A link's end date comes (set behind the app's back); the daily job ends it.
      const child = random.pick([...model.parent.keys()]);
      await h.db.execute(
        sql`UPDATE company_links SET valid_from = least(valid_from, current_date), valid_to = current_date WHERE company_id = ${child}::uuid AND current`,
      );
      await runDaily(h.app.platform);
      model.parent.delete(child);
      count("expired");
    }

    await expectNoDrift(h);
    const actual = await stored(model);
    expect(actual.closure, where).toEqual(model.closure());
    expect(actual.totals, where).toEqual(model.totals());
    deepest = Math.max(deepest, ...[...model.companies].map((id) => model.ancestors(id).length));
  }
  return { done, deepest };
}

describe("rollups under random sequences of tree and contact changes", () => {
  const done: Record<string, number> = {};
  let deepest = 0;
  it.each([1, 2, 3, 4])(
    "equal a full recomputation after every step (seed %i)",
    async (seed) => {
      const result = await runSequence(seed, 80);
      for (const [what, n] of Object.entries(result.done)) done[what] = (done[what] ?? 0) + n;
      deepest = Math.max(deepest, result.deepest);
    },
    240_000,
  );

  it("exercised every kind of change, on trees several levels deep", () => {
    for (const what of ["link", "move", "subtree moved", "cycle refused", "end", "delete", "delete refused", "merge", "expired"])
      expect(done[what] ?? 0, `${what} in ${JSON.stringify(done)}`).toBeGreaterThan(0);
    expect(deepest).toBeGreaterThanOrEqual(3);
  });
});

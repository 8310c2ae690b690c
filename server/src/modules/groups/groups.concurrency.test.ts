/**
 * Concurrent tree changes are serialized: two moves that would together make a cycle can never
 * both succeed, and figure changes racing with moves still leave every rollup equal to a full
 * recomputation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type Api } from "../../../test/access-fixture";
import { createCompany, createContact, expectNoDrift, setParent, totals } from "./groups.test-fixture";

let h: Harness;
let admin: Api;

beforeAll(async () => {
  h = await createHarness();
  admin = (await buildAccessFixture(h)).actors.administrator.api;
});
afterAll(async () => h?.close());

const put = (child: string, parentId: string, version = 0) =>
  admin("PUT", `/api/companies/${child}/parent`, { parentId, relation: "subsidiary" }, { "if-match": `"${version}"` });

describe("concurrent moves", () => {
  it("never lets two moves make a cycle together: one wins, the other is refused naming parentId", async () => {
    for (let round = 0; round < 8; round++) {
      const a = await createCompany(admin, `Race A ${round}`);
      const b = await createCompany(admin, `Race B ${round}`);
      const c = await createCompany(admin, `Race C ${round}`);
      await setParent(admin, c, b);
      // c is under b. Moving a under c and b under a at once would close the loop b → c → a → b.
      const [first, second] = await Promise.all([put(a, c), put(b, a)]);
      const statuses = [first.statusCode, second.statusCode].sort();
      expect(statuses, `${first.body} ${second.body}`).toEqual([200, 400]);
      const refused = first.statusCode === 400 ? first : second;
      expect(refused.json().details).toEqual([expect.objectContaining({ field: "parentId" })]);
    }
    const loops = await h.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM company_tree t JOIN company_tree back ON back.ancestor_id = t.descendant_id AND back.descendant_id = t.ancestor_id`,
    );
    expect(loops.rows[0]!.n).toBe(0);
    await expectNoDrift(h);
  });

  it("keeps the rollups exact while contacts are written during moves", async () => {
    const left = await createCompany(admin, "Busy Left");
    const right = await createCompany(admin, "Busy Right");
    const mover = await createCompany(admin, "Busy Mover");
    const leaf = await createCompany(admin, "Busy Leaf");
    await setParent(admin, leaf, mover);
    await setParent(admin, mover, left);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i++) {
      writes.push(createContact(admin, leaf, `Busy Person ${i}`));
      writes.push(setParent(admin, mover, i % 2 === 0 ? right : left).catch(() => undefined));
    }
    await Promise.all(writes);
    await expectNoDrift(h);
    const total = (await totals(admin, left)).contacts! + (await totals(admin, right)).contacts!;
    expect(total).toBe(6);
  });
});

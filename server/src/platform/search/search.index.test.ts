/**
 * The search index: entries written and replaced in the caller's transaction, a provider over
 * them that ranks exact > prefix > word start > anywhere > typo, tolerates typos ("Ericson" →
 * "Ericsson AB"), takes % and _ literally and shows nobody a record outside their scope.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { companies, searchEntries } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { loadUserActor } from "../auth/auth.repository";
import type { UserActor } from "../access/actor";
import {
  deleteSearchEntry,
  indexedSearchProvider,
  moveSearchEntries,
  SearchRegistry,
  SearchTally,
  upsertSearchEntries,
  upsertSearchEntry,
  type SearchProvider,
} from "./index";
import { anywhereIn } from "./search.index";

let h: Harness;
let f: AccessFixture;
let rep: UserActor;
let admin: UserActor;
let companySearch: SearchProvider;
let contactSearch: SearchProvider;
const ids: Record<string, string> = {};

const scope = {
  table: companies,
  id: companies.id,
  access: { ownerId: companies.ownerId, teamId: companies.teamId, orgUnitId: companies.orgUnitId, securityLevel: companies.securityLevel },
};

/** A company and its search entry, as the companies module writes them. */
async function company(name: string, placement: "team" | "other" | "secret" | "own", text?: string) {
  const id = await f.insertCompany(name, f.placement("sales_rep", placement)!);
  await upsertSearchEntry(h.db, { object: "company", recordId: id, companyId: id, title: name, subtitle: "Mate", text });
  return id;
}

const titles = async (provider: SearchProvider, actor: UserActor, q: string, limit = 20) =>
  (await provider.search(actor, q, limit)).map((hit) => hit.title);
/** What search shows: the text levels of every provider, the typo level only when they found nothing. */
const shown = async (q: string) =>
  (await new SearchRegistry().add(companySearch).add(contactSearch).search(rep, q, 20)).map((hit) => hit.title);

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  rep = (await loadUserActor(h.db, f.actors.sales_rep.id, undefined))!;
  admin = (await loadUserActor(h.db, f.actors.administrator.id, undefined))!;
  companySearch = indexedSearchProvider(h.db, { object: "company", access: "company", scope });
  contactSearch = indexedSearchProvider(h.db, { object: "contact", access: "contact", scope });
  ids.ericsson = await company("Ericsson AB", "team", "info@ericsson.com +46107190000 556016-0680");
  ids.erics = await company("Erics Bakery", "team");
  ids.nordic = await company("Nordic Paints Ltd", "team");
  ids.paint = await company("Paint & Nord", "team");
  ids.scandi = await company("Scandinavian Nordics Group", "team");
  ids.nord = await company("Nord", "team");
  ids.mail = await company("Måleri Sverige", "team", "kontakt@nordmaleri.se");
  ids.huawei = await company("华为技术有限公司", "team", "huawei.com");
  ids.pure = await company("100% Pure_Oil", "team");
  ids.hidden = await company("Nordhidden Ericsson Partner", "other");
  ids.secret = await company("Nord Secret Ericsson", "secret");
  ids.anna = "6a7d3f36-4a6e-4d51-9f3f-0a1c6b9e1a01";
  ids.lena = "6a7d3f36-4a6e-4d51-9f3f-0a1c6b9e1a02";
  await upsertSearchEntries(h.db, [
    {
      object: "contact",
      recordId: ids.anna,
      companyId: ids.ericsson,
      title: "Anna Lindqvist",
      subtitle: "Ericsson AB",
      text: "anna.lindqvist@ericsson.com",
    },
    { object: "contact", recordId: ids.lena, companyId: ids.hidden, title: "Lena Lindqvist", subtitle: "Nordhidden Ericsson Partner" },
  ]);
});
afterAll(async () => h?.close());

describe("indexed search provider", () => {
  it("tolerates typos: Ericson finds Ericsson AB", async () => {
    const hits = await companySearch.searchTypos!(rep, "Ericson", 20);
    expect(hits.map((hit) => hit.title)).toContain("Ericsson AB");
    expect(hits.find((hit) => hit.title === "Ericsson AB")).toMatchObject({ object: "company", id: ids.ericsson, subtitle: "Mate" });
    expect(await shown("Ericssno")).toContain("Ericsson AB");
    expect((await shown("nordik paints"))[0]).toBe("Nordic Paints Ltd");
    // The text levels never guess, and the typo level is not asked once any provider found the text.
    expect(await titles(companySearch, rep, "Ericson")).toEqual([]);
    expect(await shown("Lindqvist")).toEqual(["Anna Lindqvist"]);
  });

  it("ranks exact > prefix > word start > anywhere in the text > typo", async () => {
    const nord = await companySearch.search(rep, "nord", 20);
    const order = nord.map((hit) => hit.title);
    expect(order[0]).toBe("Nord");
    expect(order.indexOf("Nordic Paints Ltd")).toBeLessThan(order.indexOf("Paint & Nord"));
    expect(order.indexOf("Paint & Nord")).toBeLessThan(order.indexOf("Scandinavian Nordics Group"));
    // Found through its text only (an email address): after every title match.
    expect(order.at(-1)).toBe("Måleri Sverige");
    const score = (title: string) => nord.find((hit) => hit.title === title)!.score;
    expect(score("Nord")).toBeGreaterThanOrEqual(4);
    expect(score("Nordic Paints Ltd")).toBeGreaterThanOrEqual(3);
    expect(score("Paint & Nord")).toBeGreaterThanOrEqual(2);
    expect(score("Måleri Sverige")).toBeGreaterThanOrEqual(1);
    expect(score("Måleri Sverige")).toBeLessThan(2);
    // A typo match scores below any real substring match.
    const ericson = await companySearch.searchTypos!(rep, "ericson", 20);
    expect(ericson.find((hit) => hit.title === "Ericsson AB")!.score).toBeLessThan(1);
  });

  it("finds by the text beside the title, accents and case ignored", async () => {
    expect(await titles(companySearch, rep, "556016-0680")).toEqual(["Ericsson AB"]);
    // Numbers and addresses are matched as typed, not "nearly".
    expect(await titles(companySearch, rep, "556016-0681")).toEqual([]);
    expect(await titles(companySearch, rep, "info@ericsso.com")).toEqual([]);
    expect(await titles(companySearch, rep, "INFO@ERICSSON")).toEqual(["Ericsson AB"]);
    expect(await titles(companySearch, rep, "maleri")).toEqual(["Måleri Sverige"]);
    expect(await titles(companySearch, rep, "华为")).toEqual(["华为技术有限公司"]);
    expect(await titles(companySearch, rep, "技术")).toEqual(["华为技术有限公司"]);
    // One character is on the way to a word: where the name starts only.
    expect(await titles(companySearch, rep, "华")).toEqual(["华为技术有限公司"]);
    expect(await titles(companySearch, rep, "技")).toEqual([]);
  });

  it("matches one or two letters only where a word starts", async () => {
    expect((await titles(companySearch, rep, "er")).sort()).toEqual(["Erics Bakery", "Ericsson AB"]);
    expect(await titles(companySearch, rep, "pa")).toEqual(["Paint & Nord", "Nordic Paints Ltd"]);
    expect(await titles(companySearch, rep, "ic")).toEqual([]);
    expect((await titles(companySearch, rep, "ics")).sort()).toEqual(["Erics Bakery", "Ericsson AB", "Scandinavian Nordics Group"]);
  });

  it("finds two Chinese, Japanese or Korean characters anywhere, through the index of character pairs", async () => {
    const id = await company("长城宏科贸易公司", "team", "上海市浦东新区 东京タワー 서울특별시");
    expect(await titles(companySearch, rep, "宏科")).toEqual(["长城宏科贸易公司"]);
    expect(await titles(companySearch, rep, "浦东新区")).toEqual(["长城宏科贸易公司"]);
    expect(await titles(companySearch, rep, "タワー")).toEqual(["长城宏科贸易公司"]);
    expect(await titles(companySearch, rep, "특별")).toEqual(["长城宏科贸易公司"]);
    // Every pair must be there, and side by side: 宏 and 贸 both occur, 宏贸 does not.
    expect(await titles(companySearch, rep, "宏贸")).toEqual([]);
    expect(await titles(companySearch, rep, "城宏科x")).toEqual([]);
    await h.db.delete(searchEntries).where(eq(searchEntries.recordId, id));
    await h.db.delete(companies).where(eq(companies.id, id));
  });

  it("reads the levels from indexes of the kind of record, the pairs index included", async () => {
    const plan = async (condition: ReturnType<typeof sql>) =>
      h.db.transaction(async (tx) => {
        // With scans priced out, a plan that still scans means no index can answer the condition.
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        const rows = await tx.execute<{ "QUERY PLAN": string }>(sql`EXPLAIN SELECT record_id FROM search_entries WHERE ${condition}`);
        return rows.rows.map((row) => row["QUERY PLAN"]).join("\n");
      });
    const pattern = (q: string) => sql`relata_fold(${q})`;
    expect(await plan(anywhereIn(searchEntries.body, "宏科", pattern("宏科"), pattern("宏科")))).toContain("search_entries_cjk_idx");
    expect(await plan(anywhereIn(searchEntries.body, "lindq", pattern("lindq"), pattern("lindq")))).toContain(
      "search_entries_body_trgm_idx",
    );
    expect(await plan(sql`relata_fold(title) LIKE '% ' || relata_fold(${"li"}) || '%'`)).toContain("search_entries_title_trgm_idx");
    expect(await plan(sql`relata_fold(title) LIKE relata_fold(${"li"}) || '%'`)).toContain("search_entries_title_prefix_idx");
  });

  it("skips the levels that could not place among what the search found so far", async () => {
    // "Nordic Paints Ltd" holds "paints" where a word starts (level 2, at most 3).
    expect(await titles(companySearch, rep, "paints")).toEqual(["Nordic Paints Ltd"]);
    // Two hits shown at most, and two already scoring 3 or more: level 2 is not asked.
    const full = new SearchTally(2);
    full.add([{ score: 3.2 }, { score: 3.1 }]);
    expect(await companySearch.search(rep, "paints", 2, full)).toEqual([]);
    // One is not enough: it is asked, and adds what it found.
    const room = new SearchTally(2);
    room.add([{ score: 3.2 }]);
    expect((await companySearch.search(rep, "paints", 2, room)).map((hit) => hit.title)).toEqual(["Nordic Paints Ltd"]);
    expect(room.full(2)).toBe(true);
    // The registry shares one tally: the same hits as every level asked.
    expect(await shown("nord")).toEqual((await titles(companySearch, rep, "nord", 20)).slice(0, 20));
  });

  it("takes % and _ literally", async () => {
    expect(await titles(companySearch, rep, "0% p")).toEqual(["100% Pure_Oil"]);
    expect(await titles(companySearch, rep, "%")).toEqual(["100% Pure_Oil"]);
    expect(await titles(companySearch, rep, "e_o")).toEqual(["100% Pure_Oil"]);
  });

  it("never shows a sales rep a record outside their scope, not even by its exact name", async () => {
    for (const q of ["Nordhidden Ericsson Partner", "nordhidden", "Nord Secret Ericsson", "nord", "ericsson", "secret"]) {
      const found = (await companySearch.search(rep, q, 20)).map((hit) => hit.id);
      expect(found, q).not.toContain(ids.hidden);
      expect(found, q).not.toContain(ids.secret);
    }
    expect((await companySearch.search(admin, "nordhidden", 20)).map((hit) => hit.id)).toEqual([ids.hidden]);
    expect((await companySearch.search(admin, "nord secret", 20)).map((hit) => hit.id)).toContain(ids.secret);
    // Contacts take their visibility from their company.
    expect(await titles(contactSearch, rep, "lindqvist")).toEqual(["Anna Lindqvist"]);
    expect((await titles(contactSearch, admin, "lindqvist")).sort()).toEqual(["Anna Lindqvist", "Lena Lindqvist"]);
    expect((await contactSearch.search(rep, "anna.lindqvist@ericsson", 5))[0]).toMatchObject({
      object: "contact",
      id: ids.anna,
      title: "Anna Lindqvist",
      subtitle: "Ericsson AB",
    });
  });

  it("searches one kind of record per provider and asks only roles that may read it", async () => {
    expect(await titles(companySearch, admin, "anna lindqvist")).toEqual([]);
    expect(companySearch.mayUse(rep)).toBe(true);
    const noContacts = {
      ...rep,
      permissions: { ...rep.permissions, contact: { read: "none", create: "none", update: "none", delete: "none" } },
    };
    expect(contactSearch.mayUse(noContacts as UserActor)).toBe(false);
    expect(await contactSearch.search(noContacts as UserActor, "lindqvist", 5)).toEqual([]);
    const registry = new SearchRegistry().add(companySearch).add(contactSearch);
    expect((await registry.search(rep, "ericsson", 8)).map((hit) => `${hit.object}:${hit.title}`)).toEqual([
      "company:Ericsson AB",
      "contact:Anna Lindqvist",
    ]);
  });

  it("takes at most `limit` hits", async () => {
    expect(await companySearch.search(rep, "nord", 2)).toHaveLength(2);
  });
});

describe("search entries", () => {
  it("are replaced on upsert, moved with a merge and removed on delete", async () => {
    const id = await company("Temporary Trading", "team");
    await upsertSearchEntry(h.db, { object: "company", recordId: id, companyId: id, title: "Permanent Trading", subtitle: null });
    expect(await titles(companySearch, rep, "temporary")).toEqual([]);
    expect(await titles(companySearch, rep, "permanent")).toEqual(["Permanent Trading"]);
    const [entry] = await h.db.select().from(searchEntries).where(eq(searchEntries.recordId, id));
    expect(entry).toMatchObject({ title: "Permanent Trading", subtitle: null, body: "permanent trading" });

    // A contact of a hidden company becomes visible once its company is merged into a visible one.
    const contact = "6a7d3f36-4a6e-4d51-9f3f-0a1c6b9e1a03";
    await upsertSearchEntry(h.db, { object: "contact", recordId: contact, companyId: ids.hidden!, title: "Moved Person" });
    expect(await titles(contactSearch, rep, "moved person")).toEqual([]);
    await moveSearchEntries(h.db, ids.hidden!, id);
    expect(await titles(contactSearch, rep, "moved person")).toEqual(["Moved Person"]);

    await deleteSearchEntry(h.db, "company", id);
    await deleteSearchEntry(h.db, "contact", [contact]);
    expect(await titles(companySearch, rep, "permanent")).toEqual([]);
    expect(await titles(contactSearch, rep, "moved person")).toEqual([]);
  });

  it("writes many entries in one call, the last of a record's entries winning", async () => {
    const id = await company("Batch One", "team");
    await upsertSearchEntries(h.db, [
      { object: "company", recordId: id, companyId: id, title: "Batch Two" },
      { object: "company", recordId: id, companyId: id, title: "Batch Three", text: "third" },
    ]);
    expect(await titles(companySearch, rep, "batch")).toEqual(["Batch Three"]);
    await upsertSearchEntries(h.db, []);
  });

  it("keeps the folded body within its limit", async () => {
    const id = await company("Long Text AB", "team", "x".repeat(5000));
    const [entry] = await h.db.select({ body: searchEntries.body }).from(searchEntries).where(eq(searchEntries.recordId, id));
    expect(entry!.body.length).toBe(2000);
    expect(entry!.body.startsWith("long text ab xxx")).toBe(true);
  });
});

/**
 * Competitor contracts: recorded on a prospect, bad input refused with the field named and
 * nothing written, the follow-up planned before the expiry (moved with it, dropped with the
 * record), and the upcoming list across the companies the actor may see — scoped in SQL, so a
 * page is never short of visible rows — keyset-paged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { businessReminders } from "../../db/schema";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { addDays, today } from "../billing/dates";
import { fireTime } from "../reminders/reminders";

let h: Harness;
let f: AccessFixture;
let prospect: string;
let hidden: string;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  prospect = await f.insertCompany("Prospect AB", f.placement("account_manager", "own")!);
  hidden = await f.insertCompany("Elsewhere AB", f.placement("account_manager", "other")!);
  // The owner works in Shanghai: follow-ups go out at 08:00 there.
  await h.pool.query("UPDATE users SET time_zone = $1 WHERE id = $2", [ownerZone, f.actors.account_manager.id]);
});
afterAll(async () => h?.close());

const day = (offset: number) => addDays(today(), offset);
const ownerZone = "Asia/Shanghai";
const manager = () => f.actors.account_manager.api;
const admin = () => f.actors.administrator.api;
const url = (company: string) => `/api/companies/${company}/competitor-contracts`;
const followUps = (id: string) => h.db.select().from(businessReminders).where(eq(businessReminders.subjectId, id));

describe("competitor contracts", () => {
  it("refuses bad input naming the field, writing nothing", async () => {
    const refused = refusals(h);
    const good = { competitor: "Rival Inc", product: "Hosting" };
    await refused(() => manager()("POST", url(prospect), { ...good, competitor: "" }), 400, "competitor");
    await refused(() => manager()("POST", url(prospect), { product: "Hosting" }), 400, "competitor");
    await refused(() => manager()("POST", url(prospect), { ...good, value: "-5" }), 400, "value");
    await refused(() => manager()("POST", url(prospect), { ...good, value: "1000.00" }), 400, "currency");
    await refused(() => manager()("POST", url(prospect), { ...good, value: "1000.00", currency: "EUX" }), 400, "currency");
    await refused(() => manager()("POST", url(prospect), { ...good, startsOn: day(10), expiresOn: day(5) }), 400, "expiresOn");
    await refused(() => manager()("POST", url(prospect), { ...good, expiresOn: "2025-02-30" }), 400, "expiresOn");
    await refused(() => manager()("POST", url(prospect), { ...good, reminderLeadDays: 400 }), 400, "reminderLeadDays");
    await refused(() => manager()("POST", url(prospect), { ...good, extra: true }), 400);
    // Read-only users and hidden companies: refused before anything is written.
    await refused(() => f.actors.service_desk.api("POST", url(prospect), good), 403);
    await refused(() => manager()("POST", url(hidden), good), 404);
  });

  it("records one with a follow-up before expiry, moves it with the expiry and drops it with the record", async () => {
    const created = await manager()("POST", url(prospect), {
      competitor: "Rival Inc",
      product: "Hosting",
      value: "12000.50",
      currency: "SEK",
      startsOn: day(-300),
      expiresOn: day(90),
      notes: "Unhappy with support",
    });
    expect(created.statusCode, created.body).toBe(201);
    const row = created.json();
    expect(row).toMatchObject({
      competitor: "Rival Inc",
      value: "12000.50",
      currency: "SEK",
      expiresOn: day(90),
      reminderLeadDays: 30,
      version: 1,
    });
    expect(created.headers.etag).toBe('"1"');
    const [planned] = await followUps(row.id);
    expect(planned).toMatchObject({ subjectType: "competitor_contract", step: "expiry", state: "pending", companyId: prospect });
    expect(planned!.fireAt.toISOString()).toBe(fireTime(day(60), ownerZone).toISOString());

    // A company the manager may not see answers 404, its list included.
    expect((await manager()("GET", url(hidden))).statusCode).toBe(404);
    const mine = await manager()("GET", url(prospect));
    expect(mine.json().items.map((item: { id: string }) => item.id)).toEqual([row.id]);

    const refused = refusals(h);
    await refused(() => manager()("PATCH", `${url(prospect)}/${row.id}`, { expiresOn: day(200) }, { "if-match": '"9"' }), 412);
    await refused(() => manager()("PATCH", `${url(prospect)}/${row.id}`, { startsOn: day(300) }, { "if-match": '"1"' }), 400, "expiresOn");
    await refused(() => manager()("PATCH", `${url(prospect)}/${row.id}`, { currency: null }, { "if-match": '"1"' }), 400, "currency");
    const moved = await manager()(
      "PATCH",
      `${url(prospect)}/${row.id}`,
      { expiresOn: day(200), reminderLeadDays: 60 },
      { "if-match": '"1"' },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ expiresOn: day(200), reminderLeadDays: 60, version: 2 });
    const [rescheduled] = await followUps(row.id);
    expect(rescheduled!.fireAt.toISOString()).toBe(fireTime(day(140), ownerZone).toISOString());

    await refused(() => manager()("DELETE", `${url(prospect)}/${row.id}`, undefined, { "if-match": '"1"' }), 412);
    const removed = await manager()("DELETE", `${url(prospect)}/${row.id}`, undefined, { "if-match": '"2"' });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await followUps(row.id)).toEqual([]);
    expect((await manager()("GET", `${url(prospect)}/${row.id}`)).statusCode).toBe(404);
  });

  it("lists upcoming expiries across visible companies only, soonest first, page by page", async () => {
    const other = await f.insertCompany("Second Prospect AB", f.placement("account_manager", "team")!);
    const made: string[] = [];
    for (const [company, offset] of [
      [prospect, 30],
      [other, 10],
      [prospect, 20],
      [hidden, 15],
      [prospect, 400],
    ] as const) {
      const response = await admin()("POST", url(company), { competitor: `Rival ${offset}`, product: "Support", expiresOn: day(offset) });
      expect(response.statusCode, response.body).toBe(201);
      made.push(response.json().id);
    }
    const seen: { competitor: string; companyName: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/competitor-contracts/upcoming?days=365&limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await manager()("GET", query);
      expect(page.statusCode, page.body).toBe(200);
      // Every page is full until the last: the scope is in the query, not applied afterwards.
      if (page.json().nextCursor) expect(page.json().items).toHaveLength(1);
      seen.push(...page.json().items);
      cursor = page.json().nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen.map((item) => [item.competitor, item.companyName])).toEqual([
      ["Rival 10", "Second Prospect AB"],
      ["Rival 20", "Prospect AB"],
      ["Rival 30", "Prospect AB"],
    ]);
    // The administrator sees the hidden company's too.
    const all = await admin()("GET", "/api/competitor-contracts/upcoming?days=365&limit=50");
    expect(all.json().items.map((item: { competitor: string }) => item.competitor)).toEqual([
      "Rival 10",
      "Rival 15",
      "Rival 20",
      "Rival 30",
    ]);
    const refused = refusals(h);
    await refused(() => manager()("GET", "/api/competitor-contracts/upcoming?cursor=nonsense"), 400, "cursor");
    await refused(() => manager()("GET", "/api/competitor-contracts/upcoming?days=0"), 400, "querystring.days");
  });
});

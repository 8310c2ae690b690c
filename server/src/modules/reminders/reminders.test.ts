/**
 * Business reminders through pg-boss on real PostgreSQL: a contract's expiry reminder fires at
 * its time after a restart (a new app on the same database), once, as a task for the company's
 * owner and a notification; moved dates reschedule (an old job sends nothing), a terminated
 * contract, a delivered item or a paid invoice drops what is pending; collection steps of a
 * backdated invoice send only the furthest, and the last step escalates to the owner's manager
 * (or, without one, gives the owner an urgent task); the settings are validated and versioned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { businessReminders, notifications, tasks, users } from "../../db/schema";
import { buildApp, type RelataApp } from "../../app";
import { as, createHarness, login, testConfig, type Harness, type TestUser } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { startJobs } from "../../platform/jobs/jobs";
import { addDays, today } from "../billing/dates";
import { sendBusinessReminder, sweepBusinessReminders } from "./index";
import { fireTime } from "./reminders";

let h: Harness;
let f: AccessFixture;
let app: RelataApp;
let company: string;
let product: string;
let owner: TestUser;
const apps: RelataApp[] = [];
const bosses: PgBoss[] = [];

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  app = h.app;
  owner = f.actors.account_manager;
  // The owner works in New York: reminders go out at 08:00 there (13:00 UTC in winter).
  await h.pool.query("UPDATE users SET time_zone = $1 WHERE id = $2", [ownerZone, owner.id]);
  company = await f.insertCompany("Reminded AB", f.placement("account_manager", "own")!);
  const made = await f.actors.administrator.api("POST", "/api/products", {
    code: "RM-1",
    name: "Pump",
    category: "hardware",
    unit: "pcs",
    kind: "goods",
    prices: [{ currency: "EUR", listPrice: "100.00" }],
  });
  expect(made.statusCode, made.body).toBe(201);
  product = made.json().id;
});
afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, wait: true });
  for (const node of apps) await node.close();
  await h?.close();
});

const api = async (user: TestUser) => as(app, await login(app, user.email));
const day = (offset: number) => addDays(today(), offset);
const ownerZone = "America/New_York";
const stepsOf = (subjectId: string) =>
  h.db.select().from(businessReminders).where(eq(businessReminders.subjectId, subjectId)).orderBy(businessReminders.step);
const jobsOf = async (reminderId: string) =>
  (
    await h.db.execute<{ start_after: Date; state: string }>(
      sql`SELECT start_after, state FROM pgboss.job WHERE name = 'business-reminders' AND data ->> 'reminderId' = ${reminderId} ORDER BY created_on`,
    )
  ).rows;
const tasksAbout = (text: string) =>
  h.db
    .select()
    .from(tasks)
    .where(sql`${tasks.title} LIKE ${`%${text}%`}`);
const remindersTo = (userId: string, text: string) =>
  h.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.kind, "reminder"),
        sql`${notifications.params} ->> 'title' LIKE ${`%${text}%`}`,
      ),
    );

/** Time passes (for one step): its time becomes `at`, and so does its job's. */
async function timePasses(reminderId: string, at: Date) {
  await h.db.update(businessReminders).set({ fireAt: at }).where(eq(businessReminders.id, reminderId));
  await h.db.execute(
    sql`UPDATE pgboss.job SET start_after = ${at.toISOString()}::timestamptz WHERE name = 'business-reminders' AND data ->> 'reminderId' = ${reminderId}`,
  );
}

let serial = 0;
async function activeContract(extra: Record<string, unknown>, deliveryOn: string | null) {
  serial += 1;
  const number = `RC-${serial}-${Date.now()}`;
  const manager = await api(owner);
  const created = await manager("POST", `/api/companies/${company}/contracts`, {
    number,
    title: "Service",
    currency: "EUR",
    startOn: day(-30),
    items: [{ productId: product, quantity: "2", deliveryOn }],
    ...extra,
  });
  expect(created.statusCode, created.body).toBe(201);
  const activated = await manager(
    "PATCH",
    `/api/companies/${company}/contracts/${created.json().id}`,
    { status: "active" },
    { "if-match": `"${created.json().version}"` },
  );
  expect(activated.statusCode, activated.body).toBe(200);
  return activated.json() as { id: string; number: string; version: number; reminderLeadDays: number; items: { id: string }[] };
}

/** Another node: a new app on the same database, with its own job worker. */
async function node() {
  const next = await buildApp({ config: testConfig(), pool: h.pool, db: h.db });
  await next.ready();
  apps.push(next);
  bosses.push(await startJobs(next.platform, h.database.appUrl));
  return next;
}

describe("contract reminders", () => {
  let contract: Awaited<ReturnType<typeof activeContract>>;

  it("plans the expiry and delivery steps at the lead time before their dates (the settings' lead by default)", async () => {
    contract = await activeContract({ endOn: day(40), reminderLeadDays: 30 }, day(45));
    const [delivery, expiry] = await stepsOf(contract.id);
    expect(expiry).toMatchObject({ step: "expiry", aboutOn: day(40), state: "pending", companyId: company });
    expect(expiry!.fireAt.toISOString()).toBe(fireTime(day(10), ownerZone).toISOString());
    // 08:00 in New York: 13:00 UTC in winter, 12:00 in summer (not the start of the day in UTC).
    expect([12, 13]).toContain(expiry!.fireAt.getUTCHours());
    expect(delivery).toMatchObject({ step: `delivery:${contract.items[0]!.id}`, aboutOn: day(45), state: "pending" });
    expect(delivery!.fireAt.toISOString()).toBe(fireTime(day(15), ownerZone).toISOString());
    // Its job waits in the database for that time.
    expect((await jobsOf(expiry!.id)).map((job) => new Date(job.start_after).toISOString())).toEqual([
      fireTime(day(10), ownerZone).toISOString(),
    ]);
    // Not yet: neither the job nor the sweep sends it early.
    expect(await sendBusinessReminder(app.platform, expiry!.id)).toBe(false);
    expect(await sweepBusinessReminders(app.platform)).toBe(0);
    // A contract without a lead of its own takes the settings' default (30 days).
    const plain = await activeContract({ endOn: day(100) }, null);
    expect(plain.reminderLeadDays).toBe(30);
    const [step] = await stepsOf(plain.id);
    expect(step!.fireAt.toISOString()).toBe(fireTime(day(70), ownerZone).toISOString());
  });

  it("fires once at its time after a restart: a new node sends it, a second sends nothing more", async () => {
    const [, expiry] = await stepsOf(contract.id);
    const at = new Date(Date.now() + 3_000);
    await timePasses(expiry!.id, at);
    // The app that planned it stops; two fresh nodes start on the same database.
    await app.close();
    app = await node();
    await node();
    await expect
      .poll(async () => (await tasksAbout(`Contract ${contract.number} ends`)).length, { timeout: 20_000, interval: 250 })
      .toBe(1);
    const [task] = await tasksAbout(`Contract ${contract.number} ends`);
    expect(task).toMatchObject({ assigneeId: owner.id, companyId: company, status: "open", priority: "normal" });
    expect(task!.createdAt.getTime()).toBeGreaterThanOrEqual(at.getTime());
    const sent = await remindersTo(owner.id, `Contract ${contract.number} ends`);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ link: `/my-work?task=${task!.id}`, companyId: company });
    // One message for the owner: the reminder, not also an "assignment" for the task it made.
    const about = await h.db
      .select()
      .from(notifications)
      .where(sql`${notifications.params} ->> 'title' LIKE ${`%Contract ${contract.number} ends%`}`);
    expect(about.map((n) => `${n.userId} ${n.kind}`)).toEqual([`${owner.id} reminder`]);
    const [row] = await h.db.select().from(businessReminders).where(eq(businessReminders.id, expiry!.id));
    expect(row).toMatchObject({ state: "sent", taskId: task!.id });
    // Later runs of the job and the sweep find nothing to send.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await sendBusinessReminder(apps[1]!.platform, expiry!.id)).toBe(false);
    expect(await sweepBusinessReminders(apps[1]!.platform)).toBe(0);
    expect(await tasksAbout(`Contract ${contract.number} ends`)).toHaveLength(1);
    expect(await remindersTo(owner.id, `Contract ${contract.number} ends`)).toHaveLength(1);
  });

  it("reschedules a moved date (the old job sends nothing) and reminds again for the new end date", async () => {
    const manager = await api(owner);
    const [delivery] = await stepsOf(contract.id);
    // The delivery was about to be reminded; then it moves two months later.
    await timePasses(delivery!.id, new Date(Date.now() + 60_000));
    const moved = await manager(
      "PATCH",
      `/api/companies/${company}/contracts/${contract.id}/items/${contract.items[0]!.id}`,
      { deliveryOn: day(100) },
      { "if-match": `"${contract.version}"` },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    const [rescheduled] = await stepsOf(contract.id);
    expect(rescheduled).toMatchObject({ id: delivery!.id, aboutOn: day(100), state: "pending" });
    expect(rescheduled!.fireAt.toISOString()).toBe(fireTime(day(70), ownerZone).toISOString());
    expect((await jobsOf(delivery!.id)).map((job) => new Date(job.start_after).toISOString()).at(-1)).toBe(
      fireTime(day(70), ownerZone).toISOString(),
    );
    expect(await sendBusinessReminder(app.platform, delivery!.id)).toBe(false);
    // The end moves: the expiry sent for the old date is due again for the new one.
    const extended = await manager(
      "PATCH",
      `/api/companies/${company}/contracts/${contract.id}`,
      { endOn: day(400) },
      { "if-match": `"${moved.json().version}"` },
    );
    expect(extended.statusCode, extended.body).toBe(200);
    const [, expiry] = await stepsOf(contract.id);
    expect(expiry).toMatchObject({ aboutOn: day(400), state: "pending", taskId: null });
    contract = extended.json();
  });

  it("drops what is pending when the item is delivered or the contract ends", async () => {
    const manager = await api(owner);
    const fulfilled = await manager(
      "POST",
      `/api/companies/${company}/contracts/${contract.id}/items/${contract.items[0]!.id}/fulfilments`,
      {
        quantity: "2",
        fulfilledOn: today(),
      },
    );
    expect(fulfilled.statusCode, fulfilled.body).toBe(201);
    expect((await stepsOf(contract.id)).map((row) => row.step)).toEqual(["expiry"]);
    const terminated = await manager(
      "PATCH",
      `/api/companies/${company}/contracts/${contract.id}`,
      { status: "terminated" },
      { "if-match": `"${fulfilled.json().contract.version}"` },
    );
    expect(terminated.statusCode, terminated.body).toBe(200);
    expect(await stepsOf(contract.id)).toEqual([]);
  });
});

describe("collection reminders", () => {
  async function invoice(issuedOn: string, dueOn: string, amount = "100.00") {
    const created = await (
      await api(owner)
    )("POST", `/api/companies/${company}/invoices`, {
      currency: "EUR",
      issuedOn,
      dueOn,
      lines: [{ description: "Service", quantity: "1", unitPrice: amount }],
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; number: string };
  }

  it("plans due-soon and the collection steps, and drops them when the invoice is paid", async () => {
    const open = await invoice(today(), day(20));
    const steps = await stepsOf(open.id);
    expect(steps.map((row) => [row.step, row.fireAt.toISOString(), row.escalate])).toEqual([
      ["due_soon", fireTime(day(17), ownerZone).toISOString(), false],
      ["overdue:0", fireTime(day(20), ownerZone).toISOString(), false],
      ["overdue:30", fireTime(day(50), ownerZone).toISOString(), true],
      ["overdue:7", fireTime(day(27), ownerZone).toISOString(), false],
    ]);
    const paid = await (
      await api(owner)
    )("POST", `/api/companies/${company}/payments`, {
      currency: "EUR",
      amount: "100.00",
      receivedOn: today(),
      allocations: [{ invoiceId: open.id, amount: "100.00" }],
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect(await stepsOf(open.id)).toEqual([]);
  });

  it("sends only the furthest step of a backdated invoice; the last escalates to the owner's manager", async () => {
    // The owner's manager (an executive, who may read the company).
    const boss = f.actors.executive;
    await h.db.update(users).set({ managerId: boss.id }).where(eq(users.id, owner.id));
    const late = await invoice(day(-60), day(-45));
    const steps = await stepsOf(late.id);
    expect(steps.map((row) => [row.step, row.state])).toEqual([
      ["due_soon", "skipped"],
      ["overdue:0", "skipped"],
      ["overdue:30", "pending"],
      ["overdue:7", "skipped"],
    ]);
    await expect.poll(async () => (await tasksAbout(`Invoice ${late.number} is 30 days overdue`)).length, { timeout: 20_000 }).toBe(1);
    const [task] = await tasksAbout(`Invoice ${late.number}`);
    expect(task).toMatchObject({ assigneeId: owner.id, priority: "high" });
    expect(await remindersTo(owner.id, `Invoice ${late.number}`)).toHaveLength(1);
    const toBoss = await remindersTo(boss.id, `Invoice ${late.number}`);
    expect(toBoss).toHaveLength(1);
    expect(toBoss[0]!.link).toBe(`/companies/${company}`);
    expect(await tasksAbout(`Invoice ${late.number}`)).toHaveLength(1);
  });

  it("without a manager, the last step gives the owner an urgent task", async () => {
    await h.db.update(users).set({ managerId: null }).where(eq(users.id, owner.id));
    const late = await invoice(day(-40), day(-31), "40.00");
    await expect.poll(async () => (await tasksAbout(`Invoice ${late.number}`)).length, { timeout: 20_000 }).toBe(1);
    const [task] = await tasksAbout(`Invoice ${late.number}`);
    expect(task).toMatchObject({ assigneeId: owner.id, priority: "urgent" });
  });
});

describe("reminder settings", () => {
  it("reads and changes the defaults (If-Match), rescheduling open invoices; bad input names the field and writes nothing", async () => {
    const admin = await api(f.actors.administrator);
    const read = await admin("GET", "/api/settings/reminders");
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ contractLeadDays: 30, invoiceLeadDays: 3, collectionSteps: [0, 7, 30] });
    const refused = refusals(h);
    const etag = read.headers.etag as string;
    const put = (body: unknown, headers: Record<string, string> = { "if-match": etag }) =>
      admin("PUT", "/api/settings/reminders", body, headers);
    const good = { contractLeadDays: 45, invoiceLeadDays: 5, collectionSteps: [1, 14, 60] };
    await refused(() => put({ ...good, collectionSteps: [7, 0] }), 400, "collectionSteps");
    await refused(() => put({ ...good, collectionSteps: [] }), 400, "collectionSteps");
    await refused(() => put({ ...good, contractLeadDays: -1 }), 400, "contractLeadDays");
    await refused(() => put({ ...good, invoiceLeadDays: 61 }), 400, "invoiceLeadDays");
    await refused(() => put({ ...good, extra: 1 }), 400);
    await refused(() => put(good, { "if-match": '"999"' }), 412);
    await refused(() => put(good, {}), 428);
    const open = await (
      await api(owner)
    )("POST", `/api/companies/${company}/invoices`, {
      currency: "EUR",
      issuedOn: today(),
      dueOn: day(30),
      lines: [{ description: "Later", quantity: "1", unitPrice: "5.00" }],
    });
    expect(open.statusCode, open.body).toBe(201);
    const changed = await put(good);
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ ...good, version: read.json().version + 1 });
    const steps = await stepsOf(open.json().id);
    expect(steps.map((row) => [row.step, row.fireAt.toISOString(), row.escalate])).toEqual([
      ["due_soon", fireTime(day(25), ownerZone).toISOString(), false],
      ["overdue:1", fireTime(day(31), ownerZone).toISOString(), false],
      ["overdue:14", fireTime(day(44), ownerZone).toISOString(), false],
      ["overdue:60", fireTime(day(90), ownerZone).toISOString(), true],
    ]);
    // A contract made now starts with the new default lead.
    const made = await activeContract({ endOn: day(200) }, null);
    expect(made.reminderLeadDays).toBe(45);
  });
});

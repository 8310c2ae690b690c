/**
 * `notify`, the function other modules call inside their unit of work: one inbox row per
 * recipient, never the actor, never an inactive user, never a kind the recipient turned off;
 * a recipient who may not read the company gets no company name or link; rolled-back writes
 * notify nobody; the live event goes only to the recipient's personal topic.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { notifications } from "../../db/schema";
import { createHarness, createUser, login, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";
import { LiveClient } from "../../../test/live-client";
import { unitOfWork } from "../../platform/events/unit-of-work";
import { loadUserActor } from "../../platform/auth/auth.repository";
import type { UserActor } from "../../platform/access/actor";
import { notify, type NotifyInput } from "./index";

let h: Harness;
let f: AccessFixture;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
});
afterAll(async () => h?.close());

async function actorOf(userId: string) {
  return (await loadUserActor(h.db, userId, undefined)) as UserActor;
}
async function send(byUserId: string, input: NotifyInput) {
  const actor = await actorOf(byUserId);
  await unitOfWork(h.db, h.app.platform.projections, { actor }, (uow) => notify(uow, input));
}
const inbox = async (userId: string) =>
  h.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.createdAt);

describe("notify", () => {
  it("writes one row per recipient, skipping the actor, inactive users and unknown ids", async () => {
    const ann = await createUser(h.db, { name: "Ann" });
    const bo = await createUser(h.db, { name: "Bo" });
    const gone = await createUser(h.db, { name: "Gone", active: false });
    await send(ann.id, {
      userIds: [ann.id, bo.id, bo.id, gone.id, "00000000-0000-4000-8000-000000000009"],
      kind: "mention",
      params: { actor: "Ann", title: "Call about renewal" },
      link: "/companies/00000000-0000-4000-8000-000000000001",
    });
    expect(await inbox(ann.id)).toEqual([]);
    expect(await inbox(gone.id)).toEqual([]);
    const [row, ...rest] = await inbox(bo.id);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ kind: "mention", params: { actor: "Ann", title: "Call about renewal" }, actorId: ann.id, readAt: null });
  });

  it("honours each recipient's preference for the kind (off: nothing written), defaults on", async () => {
    const ann = await createUser(h.db, { name: "Ann two" });
    const quiet = await createUser(h.db, { name: "Quiet" });
    const loud = await createUser(h.db, { name: "Loud" });
    const api = (await import("../../../test/harness")).as(h.app, await login(h.app, quiet.email));
    const put = await api("PUT", "/api/notifications/preferences", { items: [{ kind: "reminder", inApp: false, email: false }] });
    expect(put.statusCode, put.body).toBe(200);
    await send(ann.id, { userIds: [quiet.id, loud.id], kind: "reminder", params: { title: "Due" }, link: null });
    await send(ann.id, { userIds: [quiet.id], kind: "assignment", params: { title: "Still on" }, link: null });
    expect((await inbox(quiet.id)).map((row) => row.kind)).toEqual(["assignment"]);
    expect((await inbox(loud.id)).map((row) => row.kind)).toEqual(["reminder"]);
  });

  it("leaves the company's name and link out for a recipient who may not read the company", async () => {
    const company = await f.insertCompany("Hidden Oy", f.placement("sales_rep", "other")!);
    const admin = f.actors.administrator;
    const rep = f.actors.sales_rep;
    const executive = f.actors.executive;
    await send(admin.id, {
      userIds: [rep.id, executive.id],
      kind: "share",
      params: { actor: "Admin", company: "Hidden Oy", title: "Proposal" },
      link: `/companies/${company}`,
      companyId: company,
    });
    const [toRep] = await inbox(rep.id);
    expect(toRep).toMatchObject({ params: { actor: "Admin", title: "Proposal" }, link: null, companyId: null });
    expect(JSON.stringify(toRep)).not.toContain("Hidden Oy");
    const [toExecutive] = await inbox(executive.id);
    expect(toExecutive).toMatchObject({ params: { company: "Hidden Oy" }, link: `/companies/${company}`, companyId: company });
  });

  it("writes nothing when the caller's transaction rolls back, and refuses links out of the app", async () => {
    const ann = await createUser(h.db, { name: "Ann three" });
    const bo = await createUser(h.db, { name: "Bo three" });
    const actor = await actorOf(ann.id);
    await expect(
      unitOfWork(h.db, h.app.platform.projections, { actor }, async (uow) => {
        await notify(uow, { userIds: [bo.id], kind: "comment", params: {}, link: null });
        throw new Error("the write failed");
      }),
    ).rejects.toThrow("the write failed");
    expect(await inbox(bo.id)).toEqual([]);
    for (const link of ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/\\evil.example"])
      await expect(send(ann.id, { userIds: [bo.id], kind: "comment", params: {}, link })).rejects.toThrow(/link/);
    expect(await inbox(bo.id)).toEqual([]);
  });

  it("announces each notification on the recipient's personal topic only, which no one else may subscribe to", async () => {
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    const url = `ws://127.0.0.1:${(h.app.server.address() as AddressInfo).port}/api/live`;
    const bo = await createUser(h.db, { name: "Bo live" });
    const other = await createUser(h.db, { name: "Other live" });
    const mine = await LiveClient.connect(url, { cookie: (await login(h.app, bo.email)).cookie });
    const theirs = await LiveClient.connect(url, { cookie: (await login(h.app, other.email)).cookie });
    try {
      expect((await mine.subscribe([`user:${bo.id}`])).denied).toEqual([]);
      expect((await theirs.subscribe([`user:${bo.id}`])).denied).toEqual([`user:${bo.id}`]);
      expect((await theirs.subscribe([`user:${other.id}`])).denied).toEqual([]);
      await send(f.actors.administrator.id, { userIds: [bo.id], kind: "assignment", params: { title: "Live one" }, link: null });
      const event = await mine.event("notification.created", bo.id);
      // The socket hears that something arrived, not what: the text is read through the API.
      expect(event).not.toHaveProperty("payload");
      expect(JSON.stringify(event)).not.toContain("Live one");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(theirs.events().filter((e) => e.name === "notification.created")).toEqual([]);
    } finally {
      mine.close();
      theirs.close();
    }
  });
});

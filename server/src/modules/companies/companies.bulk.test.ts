/**
 * POST /api/companies/bulk: per-record permission checks with partial success, invisible ids
 * reported exactly like missing ones, every change audited and announced like a single one,
 * and bad input refused whole (400 naming the field, nothing written).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import type { PublishedEvent } from "../../app";
import { companies } from "../../db/schema";
import { createHarness, createUser, type Harness } from "../../../test/harness";
import { buildAccessFixture, refusals, type AccessFixture } from "../../../test/access-fixture";
import { eventually } from "../../../test/live-client";

let h: Harness;
let f: AccessFixture;
const events: PublishedEvent[] = [];

beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  h.app.hub.onEvent((event) => events.push(event));
});
afterAll(async () => h?.close());

type Results = { results: { id: string; ok: boolean; error?: { code: string; message: string } }[] };

const refused = (...args: Parameters<ReturnType<typeof refusals>>) => refusals(h)(...args);

const rowsOf = async (ids: string[]) => h.db.select().from(companies).where(inArray(companies.id, ids));
const auditOf = async (ids: string[], operation: string) =>
  (
    await h.pool.query<{ record_id: string }>(
      "SELECT record_id FROM audit_log WHERE table_name = 'companies' AND operation = $1 AND record_id = ANY($2)",
      [operation, ids],
    )
  ).rows
    .map((row) => row.record_id)
    .sort();

describe("bulk delete", () => {
  it("deletes what the caller may delete and reports the rest one by one, without revealing invisible ids", async () => {
    const manager = f.actors.account_manager;
    const own = await f.insertCompany("Bulk own 1", f.placement("account_manager", "own")!);
    const own2 = await f.insertCompany("Bulk own 2", f.placement("account_manager", "own")!);
    const teammates = await f.insertCompany("Bulk teammate's", f.placement("account_manager", "team")!);
    const stranger = await f.insertCompany("Bulk stranger's", f.placement("account_manager", "other")!);
    const missing = randomUUID();
    const response = await manager.api("POST", "/api/companies/bulk", {
      action: "delete",
      ids: [own, teammates, stranger, missing, own2, own],
    });
    expect(response.statusCode, response.body).toBe(200);
    const { results } = response.json() as Results;
    expect(results).toEqual([
      { id: own, ok: true },
      { id: teammates, ok: false, error: { code: "forbidden", message: expect.any(String) } },
      { id: stranger, ok: false, error: { code: "not_found", message: "Company not found" } },
      { id: missing, ok: false, error: { code: "not_found", message: "Company not found" } },
      { id: own2, ok: true },
    ]);
    expect((await rowsOf([own, own2, teammates, stranger])).map((row) => row.id).sort()).toEqual([teammates, stranger].sort());
    expect(await auditOf([own, own2, teammates, stranger], "delete")).toEqual([own, own2].sort());
    await eventually(
      () => [own, own2].every((id) => events.some((e) => e.name === "company.deleted" && e.recordId === id)),
      5_000,
      "company.deleted events",
    );
    expect(events.filter((e) => e.name === "company.deleted" && [teammates, stranger].includes(e.recordId!))).toEqual([]);
  });

  it("refuses bulk delete whole (403, nothing written) to a role without the delete function", async () => {
    const id = await f.insertCompany("Rep's own", f.placement("sales_rep", "own")!);
    await refused(() => f.actors.sales_rep.api("POST", "/api/companies/bulk", { action: "delete", ids: [id] }), 403);
    await refused(() => f.actors.service_desk.api("POST", "/api/companies/bulk", { action: "delete", ids: [id] }), 403);
  });
});

describe("bulk assign", () => {
  it("reassigns what the caller may update, in one request, each audited and announced", async () => {
    const exec = f.actors.executive;
    const ids = [
      await f.insertCompany("Assign A", f.placement("executive", "team")!),
      await f.insertCompany("Assign B", f.placement("executive", "unit")!),
      await f.insertCompany("Assign C", f.placement("executive", "other")!),
    ];
    const response = await exec.api("POST", "/api/companies/bulk", { action: "assign", ownerId: f.owners.mate.id, ids });
    expect(response.statusCode, response.body).toBe(200);
    const { results } = response.json() as Results;
    // Executives update within their org unit subtree only: the South company stays.
    expect(results.map((r) => [r.ok, r.error?.code])).toEqual([
      [true, undefined],
      [false, "validation"],
      [false, "forbidden"],
    ]);
    expect(results[1]!.error!.message).toMatch(/teamId/);
    const rows = new Map((await rowsOf(ids)).map((row) => [row.id, row]));
    expect(rows.get(ids[0]!)).toMatchObject({ ownerId: f.owners.mate.id, version: 1 });
    expect(rows.get(ids[1]!)).toMatchObject({ ownerId: f.owners.sibling.id, version: 1 });
    expect(rows.get(ids[2]!)).toMatchObject({ ownerId: f.owners.stranger.id, version: 1 });
    expect(await auditOf(ids, "update")).toEqual([]);
  });

  it("changes owner and org unit of each company, one audit row and the usual events per record", async () => {
    const admin = f.actors.administrator;
    const ids = [
      await f.insertCompany("Move 1", f.placement("administrator", "other")!),
      await f.insertCompany("Move 2", f.placement("administrator", "unit")!),
    ];
    const response = await admin.api("POST", "/api/companies/bulk", { action: "assign", ownerId: f.owners.mate.id, ids });
    expect((response.json() as Results).results.every((r) => r.ok)).toBe(true);
    for (const row of await rowsOf(ids))
      expect(row).toMatchObject({ ownerId: f.owners.mate.id, orgUnitId: f.units.northBranch, version: 2 });
    expect(await auditOf(ids, "update")).toEqual([...ids].sort());
    // Like a PATCH that moves a company: one event for the new placement, one for the old.
    await eventually(
      () => ids.every((id) => events.filter((e) => e.name === "company.updated" && e.recordId === id).length === 2),
      5_000,
      "company.updated events",
    );
    const moved = events.filter((e) => e.recordId === ids[0] && e.name === "company.updated").map((e) => e.access?.ownerId);
    expect(moved.sort()).toEqual([f.owners.mate.id, f.owners.stranger.id].sort());
  });

  it("lets a sales rep assign only to themselves, and only their own companies", async () => {
    const rep = f.actors.sales_rep;
    const mine = await f.insertCompany("Rep bulk own", f.placement("sales_rep", "own")!);
    const teammates = await f.insertCompany("Rep bulk team", f.placement("sales_rep", "team")!);
    const toMate = (
      await rep.api("POST", "/api/companies/bulk", { action: "assign", ownerId: f.owners.mate.id, ids: [mine, teammates] })
    ).json() as Results;
    expect(toMate.results.map((r) => r.error?.code)).toEqual(["validation", "forbidden"]);
    const toSelf = (await rep.api("POST", "/api/companies/bulk", { action: "assign", ownerId: rep.id, ids: [mine] })).json() as Results;
    expect(toSelf.results).toEqual([{ id: mine, ok: true }]);
  });
});

describe("bulk stage and status", () => {
  it("moves companies to a stage, recording each change in their history, skipping those already there", async () => {
    const manager = f.actors.account_manager;
    const ids = [
      await f.insertCompany("Stage own", f.placement("account_manager", "own")!),
      await f.insertCompany("Stage team", f.placement("account_manager", "team")!, { stage: "customer" }),
      await f.insertCompany("Stage unit", f.placement("account_manager", "unit")!),
    ];
    const response = await manager.api("POST", "/api/companies/bulk", { action: "stage", stage: "customer", ids });
    expect((response.json() as Results).results.map((r) => [r.ok, r.error?.code])).toEqual([
      [true, undefined],
      [true, undefined],
      [false, "forbidden"],
    ]);
    const rows = new Map((await rowsOf(ids)).map((row) => [row.id, row]));
    expect(rows.get(ids[0]!)).toMatchObject({ stage: "customer", version: 2 });
    expect(rows.get(ids[1]!)).toMatchObject({ stage: "customer", version: 1 });
    expect(rows.get(ids[2]!)).toMatchObject({ stage: "lead", version: 1 });
    const stages = (await manager.api("GET", `/api/companies/${ids[0]}/stages`)).json().items as { fromStage: string; toStage: string }[];
    expect(stages.map((s) => [s.fromStage, s.toStage])).toEqual([
      [null, "lead"],
      ["lead", "customer"],
    ]);
    await eventually(
      () => events.some((e) => e.name === "company.stage_changed" && e.recordId === ids[0]),
      5_000,
      "company.stage_changed event",
    );
  });

  it("sets the status of what the caller may update", async () => {
    const rep = f.actors.sales_rep;
    const ids = [
      await f.insertCompany("Status own", f.placement("sales_rep", "own")!),
      await f.insertCompany("Status team", f.placement("sales_rep", "team")!),
    ];
    const response = await rep.api("POST", "/api/companies/bulk", { action: "status", status: "frozen", ids });
    expect((response.json() as Results).results.map((r) => r.error?.code)).toEqual([undefined, "forbidden"]);
    const rows = new Map((await rowsOf(ids)).map((row) => [row.id, row]));
    expect(rows.get(ids[0]!)).toMatchObject({ status: "frozen", version: 2 });
    expect(rows.get(ids[1]!)).toMatchObject({ status: "active", version: 1 });
    expect(await auditOf(ids, "update")).toEqual([ids[0]]);
  });

  it.each([
    ["a stage not in the list", { action: "stage", stage: "won", ids: [randomUUID()] }, "stage"],
    ["a stage action without a stage", { action: "stage", ids: [randomUUID()] }, "stage"],
    ["a status not in the list", { action: "status", status: "gone", ids: [randomUUID()] }, "status"],
    ["a status on a stage action", { action: "stage", stage: "lead", status: "active", ids: [randomUUID()] }, "status"],
  ])("refuses %s with 400 naming the field, nothing written", async (_what, body, field) => {
    await refused(() => f.actors.administrator.api("POST", "/api/companies/bulk", body), 400, field);
  });

  it("refuses the service desk (no update function) whole", async () => {
    const id = await f.insertCompany("Desk stage", f.placement("service_desk", "own")!);
    await refused(() => f.actors.service_desk.api("POST", "/api/companies/bulk", { action: "stage", stage: "customer", ids: [id] }), 403);
  });
});

describe("bad input", () => {
  it.each([
    ["no action", { ids: [randomUUID()] }, "action"],
    ["an unknown action", { action: "archive", ids: [randomUUID()] }, "action"],
    ["no ids", { action: "delete" }, "ids"],
    ["an empty id list", { action: "delete", ids: [] }, "ids"],
    ["501 ids", { action: "delete", ids: Array.from({ length: 501 }, () => randomUUID()) }, "ids"],
    ["an id that is not a uuid", { action: "delete", ids: ["nope"] }, "ids[0]"],
    ["assign without an owner", { action: "assign", ids: [randomUUID()] }, "ownerId"],
    ["an owner that is not a uuid", { action: "assign", ownerId: "me", ids: [randomUUID()] }, "ownerId"],
    ["an unknown field", { action: "delete", ids: [randomUUID()], force: true }, "force"],
    ["an owner on delete", { action: "delete", ownerId: randomUUID(), ids: [randomUUID()] }, "ownerId"],
  ])("refuses %s with 400 naming the field, nothing written", async (_what, body, field) => {
    await refused(() => f.actors.administrator.api("POST", "/api/companies/bulk", body), 400, field);
  });

  it("refuses an owner who does not exist or is inactive with 400 naming ownerId, nothing written", async () => {
    const id = await f.insertCompany("Keeps its owner", f.placement("administrator", "own")!);
    await refused(
      () => f.actors.administrator.api("POST", "/api/companies/bulk", { action: "assign", ownerId: randomUUID(), ids: [id] }),
      400,
      "ownerId",
    );
    const gone = await createUser(h.db, { active: false });
    await refused(
      () => f.actors.administrator.api("POST", "/api/companies/bulk", { action: "assign", ownerId: gone.id, ids: [id] }),
      400,
      "ownerId",
    );
  });

  it("is refused to callers without the update function (403) and without a session (401)", async () => {
    const id = await f.insertCompany("Desk cannot", f.placement("service_desk", "own")!);
    await refused(
      () => f.actors.service_desk.api("POST", "/api/companies/bulk", { action: "assign", ownerId: f.actors.service_desk.id, ids: [id] }),
      403,
    );
    expect((await h.app.inject({ method: "POST", url: "/api/companies/bulk", payload: { action: "delete", ids: [id] } })).statusCode).toBe(
      401,
    );
  });

  it("replays a bulk action sent again with the same Idempotency-Key", async () => {
    const id = await f.insertCompany("Once only", f.placement("administrator", "own")!);
    const key = `bulk-${randomUUID()}`;
    const first = await f.actors.administrator.api(
      "POST",
      "/api/companies/bulk",
      { action: "delete", ids: [id] },
      { "idempotency-key": key },
    );
    const again = await f.actors.administrator.api(
      "POST",
      "/api/companies/bulk",
      { action: "delete", ids: [id] },
      { "idempotency-key": key },
    );
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());
    expect((first.json() as Results).results).toEqual([{ id, ok: true }]);
  });
});

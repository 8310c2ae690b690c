/**
 * Contracts in global search: found by number and title by those who may read their company,
 * kept current in the writing transaction (a rename is found at once), never shown to others.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;
let company: string;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Searchable AB", f.placement("account_manager", "own")!);
});
afterAll(async () => h?.close());

type Hit = { object: string; id: string; title: string; subtitle: string | null };
const search = async (api: AccessFixture["actors"]["administrator"]["api"], q: string) => {
  const response = await api("GET", `/api/search?q=${encodeURIComponent(q)}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as Hit[]).filter((hit) => hit.object === "contract");
};

describe("contract search", () => {
  it("finds a contract by number and title for readers of its company, and follows a rename", async () => {
    const manager = f.actors.account_manager.api;
    const created = await manager("POST", `/api/companies/${company}/contracts`, {
      number: "SRCH-2025/017",
      title: "Fleet maintenance",
      currency: "EUR",
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(await search(manager, "SRCH-2025")).toEqual([
      { object: "contract", id, title: "SRCH-2025/017 Fleet maintenance", subtitle: "Searchable AB", companyId: company },
    ]);
    expect((await search(manager, "fleet")).map((hit) => hit.id)).toEqual([id]);
    // The stranger's sales rep may not read the company: nothing shows.
    const outsider = await f.insertCompany("Outsider AB", f.placement("account_manager", "other")!);
    const hidden = await f.actors.administrator.api("POST", `/api/companies/${outsider}/contracts`, {
      number: "SRCH-HIDDEN-1",
      title: "Secret deal",
      currency: "EUR",
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    expect(await search(manager, "SRCH-HIDDEN")).toEqual([]);
    expect((await search(f.actors.administrator.api, "SRCH-HIDDEN")).map((hit) => hit.id)).toEqual([hidden.json().id]);
    const renamed = await manager("PATCH", `/api/companies/${company}/contracts/${id}`, { title: "Harbour cranes" }, { "if-match": '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await search(manager, "harbour")).map((hit) => hit.title)).toEqual(["SRCH-2025/017 Harbour cranes"]);
    expect(await search(manager, "fleet")).toEqual([]);
  });
});

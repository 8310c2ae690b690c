import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, createTeam, createUser, login, type Harness } from "../../../test/harness";

describe("companies (smoke)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it("lets a sales rep create a company and read it back with an ETag", async () => {
    const team = await createTeam(h.db);
    const rep = await createUser(h.db, { role: "sales_rep", teamIds: [team.id] });
    const api = as(h.app, await login(h.app, rep.email));
    const created = await api("POST", "/api/companies", { name: "Acme AB" });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const read = await api("GET", `/api/companies/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toMatchObject({ name: "Acme AB", ownerId: rep.id, teamId: team.id });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, createOrgUnit, createTeam, createUser, login, type Harness } from "../../../test/harness";
import { expectCleanErrorBody, ownerQuery, userRow } from "../../../test/auth-helpers";

/** Own profile: presentation fields only; nothing that drives row-level rules (AC-7). */

const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((detail) => detail.field);

describe("PATCH /api/me", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  async function signedInRep() {
    const unit = await createOrgUnit(h.db, "Nordics");
    const team = await createTeam(h.db, undefined, unit.id);
    const user = await createUser(h.db, { role: "sales_rep", teamIds: [team.id], orgUnitId: unit.id });
    const api = as(h.app, await login(h.app, user.email));
    return { user, api };
  }

  const teamsOf = async (userId: string) =>
    (await ownerQuery<{ team_id: string }>(h, "SELECT team_id FROM team_members WHERE user_id = $1 ORDER BY team_id", [userId])).map(
      (row) => row.team_id,
    );

  it("changes the caller's name, locale and time zone and returns the updated profile", async () => {
    const { user, api } = await signedInRep();
    const response = await api("PATCH", "/api/me", { name: "  Maja Berg  ", locale: "sv", timeZone: "Europe/Stockholm" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: user.id,
      name: "Maja Berg",
      locale: "sv",
      timeZone: "Europe/Stockholm",
      role: { key: "sales_rep" },
    });
    const row = await userRow(h, user.id);
    expect(row).toMatchObject({ name: "Maja Berg", locale: "sv", time_zone: "Europe/Stockholm" });
    expect((await api("GET", "/api/me")).json()).toMatchObject({ name: "Maja Berg", locale: "sv", timeZone: "Europe/Stockholm" });
  });

  it("accepts UTC as a time zone", async () => {
    const { api } = await signedInRep();
    const response = await api("PATCH", "/api/me", { timeZone: "UTC" });
    expect(response.statusCode).toBe(200);
    expect(response.json().timeZone).toBe("UTC");
  });

  it("changes only the caller's own row", async () => {
    const { api } = await signedInRep();
    const bystander = await createUser(h.db);
    const before = await userRow(h, bystander.id);
    expect((await api("PATCH", "/api/me", { name: "Renamed" })).statusCode).toBe(200);
    expect(await userRow(h, bystander.id)).toEqual(before);
  });

  describe("refuses self-escalation (AC-7)", () => {
    const admin = () => ownerQuery<{ id: string }>(h, "SELECT id FROM roles WHERE key = 'administrator'").then((rows) => rows[0]!.id);
    const cases: [string, () => Promise<Record<string, unknown>>][] = [
      ["roleId", async () => ({ roleId: await admin() })],
      ["teamIds", async () => ({ teamIds: [(await createTeam(h.db)).id] })],
      ["active", async () => ({ active: true })],
      ["orgUnitId", async () => ({ orgUnitId: (await createOrgUnit(h.db, "Head office")).id })],
      ["managerId", async () => ({ managerId: (await createUser(h.db)).id })],
      ["email", async () => ({ email: "someone-else@example.com" })],
      ["securityLevel", async () => ({ securityLevel: 4 })],
    ];
    it.each(cases)(
      "rejects `%s` with 400 naming the field and changes nothing, not even the allowed fields sent with it",
      async (field, makeBody) => {
        const { user, api } = await signedInRep();
        const before = await userRow(h, user.id);
        const teamsBefore = await teamsOf(user.id);
        const response = await api("PATCH", "/api/me", { name: "Sneaky rename", ...(await makeBody()) });
        expect(response.statusCode).toBe(400);
        const body = expectCleanErrorBody(response);
        expect(body.code).toBe("validation");
        expect(fieldsOf(body)).toEqual([field]);
        expect(await userRow(h, user.id)).toEqual(before);
        expect(await teamsOf(user.id)).toEqual(teamsBefore);
        const me = await api("GET", "/api/me");
        expect(me.json()).toMatchObject({ role: { key: "sales_rep" }, teamIds: teamsBefore, orgUnitId: user.orgUnitId });
      },
    );
  });

  it.each(["Mars/Olympus_Mons", "Europe/Stockholm'; DROP TABLE users; --", "+02:00"])(
    "rejects the unknown time zone %j with 400 naming timeZone and changes nothing",
    async (timeZone) => {
      const { user, api } = await signedInRep();
      const before = await userRow(h, user.id);
      const response = await api("PATCH", "/api/me", { timeZone });
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["timeZone"]);
      expect(await userRow(h, user.id)).toEqual(before);
    },
  );

  it("rejects an unsupported locale with 400 naming locale", async () => {
    const { api } = await signedInRep();
    const response = await api("PATCH", "/api/me", { locale: "xx-YY" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["locale"]);
  });

  it("rejects an empty or over-long name with 400 naming name", async () => {
    const { api } = await signedInRep();
    for (const name of ["   ", "n".repeat(201)]) {
      const response = await api("PATCH", "/api/me", { name });
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(expectCleanErrorBody(response))).toEqual(["name"]);
    }
  });

  it("rejects a name containing a NUL character with 400, not a 500 from the database", async () => {
    const { user, api } = await signedInRep();
    const before = await userRow(h, user.id);
    const response = await api("PATCH", "/api/me", { name: "Nul\u0000Byte" });
    expect(response.statusCode).toBe(400);
    expect(expectCleanErrorBody(response).code).toBe("validation");
    expect(await userRow(h, user.id)).toEqual(before);
  });

  it("rejects a body that is not an object with 400", async () => {
    const { api } = await signedInRep();
    for (const payload of [[{ name: "x" }], "just a string"]) {
      const response = await api("PATCH", "/api/me", JSON.stringify(payload), { "content-type": "application/json" });
      expect(response.statusCode).toBe(400);
      expectCleanErrorBody(response);
    }
  });
});

/**
 * Manual invoices through the API: lines keep the order they were given, a draft issued later
 * books its revenue then, and bad input is refused naming the field with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, databaseSnapshot, type AccessFixture } from "../../../test/access-fixture";

let h: Harness;
let f: AccessFixture;
let company: string;
beforeAll(async () => {
  h = await createHarness();
  f = await buildAccessFixture(h);
  company = await f.insertCompany("Invoiced AB", f.placement("account_manager", "own")!, { currency: "EUR" });
});
afterAll(async () => h?.close());

const api = () => f.actors.account_manager.api;
const descriptions = ["Setup", "Licence", "Training", "Travel", "Support", "Hardware", "Freight"];

describe("manual invoices", () => {
  it("keeps the lines in the order given (they share one creation time)", async () => {
    const created = await api()("POST", `/api/companies/${company}/invoices`, {
      currency: "EUR",
      issuedOn: "2025-03-01",
      lines: descriptions.map((description, i) => ({ description, quantity: "1", unitPrice: `${(i + 1) * 10}.00` })),
    });
    expect(created.statusCode, created.body).toBe(201);
    const shown = await api()("GET", `/api/companies/${company}/invoices/${created.json().id}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().lines.map((line: { description: string }) => line.description)).toEqual(descriptions);
    expect(shown.json().total).toBe("280.00");
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ currency: "EUR", issuedOn: "2025-03-01", lines: [{ description: "Minus", quantity: "-1", unitPrice: "10.00" }] }, "quantity"],
      [{ currency: "EUR", issuedOn: "2025-03-01", lines: [] }, "lines"],
      [{ currency: "EURO", issuedOn: "2025-03-01", lines: [{ description: "X", quantity: "1", unitPrice: "1.00" }] }, "currency"],
      [{ currency: "EUR", issuedOn: "2025-13-40", lines: [{ description: "X", quantity: "1", unitPrice: "1.00" }] }, "issuedOn"],
    ];
    for (const [body, field] of cases) {
      const before = await databaseSnapshot(h);
      const response = await api()("POST", `/api/companies/${company}/invoices`, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(JSON.stringify(response.json().details), response.body).toContain(field);
      expect(await databaseSnapshot(h)).toEqual(before);
    }
  });
});

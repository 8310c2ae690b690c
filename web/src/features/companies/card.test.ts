import { describe, expect, it } from "vitest";
import type { Company, StageChange } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { renameErrorFields } from "../../components/record-form/errors";
import { mergeRows, mergeTake } from "../../components/record-form/diff";
import { createBase, createBody, duplicateInput, formField, hasInput } from "./create-form";
import { mergeFields } from "./merge";
import { stageSteps } from "./stages";

const company = (over: Partial<Company> = {}): Company => ({
  id: "c1",
  name: "Acme AB",
  kind: "client",
  stage: "lead",
  stageChangedAt: "2025-01-01T00:00:00.000Z",
  status: "active",
  grade: null,
  gradeAssigned: null,
  gradeOverride: null,
  category: null,
  industry: null,
  sizeBand: null,
  registrationNumber: null,
  website: null,
  domain: null,
  phones: [],
  emails: [],
  addresses: [],
  country: null,
  currency: null,
  lineOfBusiness: null,
  clientUnit: null,
  description: null,
  custom: {},
  ownerId: "u1",
  ownerName: "Ada",
  teamId: null,
  orgUnitId: null,
  securityLevel: 0,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  version: 1,
  ...over,
});

describe("new company form", () => {
  it("turns the flat fields into the create body with the first contact and custom values", () => {
    expect(
      createBody({
        name: "Acme",
        contactFirstName: "Anna",
        contactLastName: "Berg",
        contactEmail: "",
        "custom:tier": "gold",
        kind: "client",
      }),
    ).toEqual({ name: "Acme", kind: "client", contact: { firstName: "Anna", lastName: "Berg" }, custom: { tier: "gold" } });
    expect(createBody({ name: "Acme" })).toEqual({ name: "Acme" });
  });

  it("names server errors after the form's fields", () => {
    expect(formField("contact.lastName")).toBe("contactLastName");
    expect(formField("custom.tier")).toBe("custom:tier");
    expect(formField("custom.budget.amount")).toBe("custom:budget");
    expect(formField("website")).toBe("website");
    const refused = new ApiError(400, {
      code: "validation",
      message: "bad",
      details: [{ field: "contact.lastName", message: "Required" }],
    });
    expect((renameErrorFields(refused, formField) as ApiError).details).toEqual([{ field: "contactLastName", message: "Required" }]);
  });

  it("accepts a lead with only a name and a contact name, and checks the contact fields", () => {
    expect(createBase.safeParse({ name: "Acme", contactLastName: "Berg" }).success).toBe(true);
    expect(createBase.safeParse({ name: "Acme", contactEmail: "not an email" }).success).toBe(false);
    expect(createBase.safeParse({ name: "" }).success).toBe(false);
  });

  it("looks for duplicates by what was typed, and knows when anything was typed", () => {
    expect(duplicateInput({ name: " A", website: "", emails: [{ address: "x@y.se" }, { address: " " }] })).toEqual({ emails: ["x@y.se"] });
    // Too little to ask about: no check at all.
    expect(duplicateInput({ name: "A", emails: [{ address: " " }], phones: [] })).toBeUndefined();
    expect(duplicateInput({ name: "Acme", registrationNumber: "556677-8899" })).toEqual({
      name: "Acme",
      registrationNumber: "556677-8899",
    });
    expect(hasInput({ kind: "client", stage: "lead", phones: [] })).toBe(false);
    expect(hasInput({ kind: "client", name: "A" })).toBe(true);
  });
});

describe("merge", () => {
  it("offers the fields where the two differ, and takes those the kept company has none in", () => {
    const kept = company({ name: "Acme AB", website: null, industry: "Steel" });
    const source = company({ id: "c2", name: "ACME Corp.", website: "acme.example", industry: "Metals" });
    const rows = mergeRows(mergeFields, kept, source);
    expect(rows.map((row) => [row.name, row.filled])).toEqual([
      ["name", false],
      ["industry", false],
      ["website", true],
    ]);
    expect(mergeTake(rows, new Set())).toEqual(["website"]);
    // A choice of a field that does not differ is not sent.
    expect(mergeTake(rows, new Set(["industry", "country"]))).toEqual(["industry", "website"]);
    expect(mergeFields).toContain("ownerId");
  });
});

describe("stage stepper", () => {
  const change = (toStage: StageChange["toStage"], changedAt: string): StageChange => ({
    id: changedAt,
    fromStage: null,
    toStage,
    changedAt,
    changedBy: null,
    changedByName: null,
  });

  it("marks stages before the current one done and dates each by its last entry", () => {
    const steps = stageSteps("customer", [
      change("lead", "2025-01-01T00:00:00Z"),
      change("prospect", "2025-02-01T00:00:00Z"),
      change("lead", "2025-03-01T00:00:00Z"),
      change("customer", "2025-04-01T00:00:00Z"),
    ]);
    expect(steps.map((step) => step.state)).toEqual(["done", "done", "current", "todo"]);
    expect(steps.map((step) => step.enteredAt)).toEqual(["2025-03-01T00:00:00Z", "2025-02-01T00:00:00Z", "2025-04-01T00:00:00Z", null]);
  });
});

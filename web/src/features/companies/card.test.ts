import { describe, expect, it, vi } from "vitest";
import type { Company, CustomField, DuplicateCandidate, StageChange } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { createBase, createBody, duplicateInput, formField, hasInput } from "./create-form";
import { defaultTake, differingFields, mergeFields } from "./merge";
import { stageSteps } from "./stages";
import { activeSections, customFilter, customFormValues, customValueSchema } from "./custom-fields";
import { isDuplicateError, renameErrorFields, saveUnlessDuplicate } from "./duplicates";

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

const field = (over: Partial<CustomField>): CustomField => ({
  id: "f1",
  object: "company",
  sectionId: "s1",
  key: "tier",
  type: "text",
  labels: { en: "Tier" },
  required: false,
  position: 0,
  options: [],
  archived: false,
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
        custom_tier: "gold",
        kind: "client",
      }),
    ).toEqual({ name: "Acme", kind: "client", contact: { firstName: "Anna", lastName: "Berg" }, custom: { tier: "gold" } });
    expect(createBody({ name: "Acme" })).toEqual({ name: "Acme" });
  });

  it("names server errors after the form's fields", () => {
    expect(formField("contact.lastName")).toBe("contactLastName");
    expect(formField("custom.tier")).toBe("custom_tier");
    expect(formField("website")).toBe("website");
  });

  it("accepts a lead with only a name and a contact name, and checks the contact fields", () => {
    expect(createBase.safeParse({ name: "Acme", contactLastName: "Berg" }).success).toBe(true);
    expect(createBase.safeParse({ name: "Acme", contactEmail: "not an email" }).success).toBe(false);
    expect(createBase.safeParse({ name: "" }).success).toBe(false);
  });

  it("looks for duplicates by what was typed, and knows when anything was typed", () => {
    expect(duplicateInput({ name: " A", website: "", emails: [{ address: "x@y.se" }, { address: " " }] })).toEqual({ emails: ["x@y.se"] });
    expect(duplicateInput({ name: "Acme", registrationNumber: "556677-8899" })).toEqual({
      name: "Acme",
      registrationNumber: "556677-8899",
    });
    expect(hasInput({ kind: "client", stage: "lead", phones: [] })).toBe(false);
    expect(hasInput({ kind: "client", name: "A" })).toBe(true);
  });
});

describe("merge", () => {
  it("keeps the kept company's values except where it has none", () => {
    const kept = company({ name: "Acme AB", website: null, industry: "Steel" });
    const source = company({ id: "c2", name: "ACME Corp.", website: "acme.example", industry: "Metals" });
    expect(defaultTake(kept, source)).toEqual(["website"]);
    expect(differingFields(kept, source)).toEqual(["name", "industry", "website"]);
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

describe("custom fields", () => {
  it("checks each type's value shape; required fields cannot be emptied", () => {
    const choice = customValueSchema(field({ type: "choice", options: [{ value: "gold", labels: { en: "Gold" } }] }));
    expect(choice.safeParse("gold").success).toBe(true);
    expect(choice.safeParse("iron").success).toBe(false);
    expect(choice.safeParse(null).success).toBe(true);
    const money = customValueSchema(field({ type: "money", required: true }));
    expect(money.safeParse({ amount: "10.50", currency: "SEK" }).success).toBe(true);
    expect(money.safeParse({ amount: "10.505", currency: "SEK" }).success).toBe(false);
    expect(money.safeParse(null).success).toBe(false);
    expect(customValueSchema(field({ type: "number" })).safeParse("3").success).toBe(false);
  });

  it("filters by type: ranges, choices, yes/no, text", () => {
    expect(customFilter("company", field({ type: "money" }), "en")).toMatchObject({ id: "custom.tier", kind: "range", range: "number" });
    expect(customFilter("company", field({ type: "date" }), "en")).toMatchObject({ kind: "range", range: "date" });
    expect(
      customFilter("company", field({ type: "multi_choice", options: [{ value: "a", labels: { en: "A", sv: "Ä" } }] }), "sv"),
    ).toMatchObject({ kind: "multiselect", options: [{ value: "a", label: "Ä" }] });
    expect(customFilter("company", field({ type: "yes_no" }), "en").kind).toBe("boolean");
    expect(customFilter("company", field({ type: "url" }), "en").kind).toBe("text");
  });

  it("orders sections and fields, leaving out archived fields and empty sections", () => {
    const section = (id: string, position: number, fields: CustomField[]) => ({
      id,
      object: "company" as const,
      labels: { en: id },
      position,
      createdAt: "",
      updatedAt: "",
      version: 1,
      fields,
    });
    const sections = activeSections({
      object: "company",
      sections: [
        section("b", 2, [field({ key: "y", position: 2 }), field({ key: "x", position: 1 })]),
        section("a", 1, [field({ key: "old", archived: true })]),
      ],
    });
    expect(sections.map((item) => [item.id, item.fields.map((f) => f.key)])).toEqual([["b", ["x", "y"]]]);
    expect(customFormValues([field({ key: "x" }), field({ key: "tags", type: "multi_choice" })], { x: 3 })).toEqual({ x: 3, tags: [] });
  });
});

describe("saving with duplicate detection", () => {
  const candidate: DuplicateCandidate = { object: "company", id: "c9", name: "Acme", companyName: "Acme", reasons: ["name"], score: 0.8 };
  const duplicate = new ApiError(409, { code: "duplicate", message: "looks like a duplicate", candidates: [candidate] });

  it("asks on a 409 duplicate and sends again with ignoreDuplicates when told to save anyway", async () => {
    const send = vi.fn(async (ignore: boolean) => {
      if (!ignore) throw duplicate;
      return "saved";
    });
    const ask = vi.fn(async () => ({ action: "save" as const }));
    await expect(saveUnlessDuplicate(send, ask, () => undefined)).resolves.toBe("saved");
    expect(ask).toHaveBeenCalledWith([candidate]);
    expect(send.mock.calls).toEqual([[false], [true]]);
  });

  it("opens the candidate, or keeps the error when the user goes back", async () => {
    const open = vi.fn();
    const send = async () => {
      throw duplicate;
    };
    await expect(saveUnlessDuplicate(send, async () => ({ action: "open", candidate }), open)).rejects.toBe(duplicate);
    expect(open).toHaveBeenCalledWith(candidate);
    await expect(saveUnlessDuplicate(send, async () => ({ action: "cancel" }), open)).rejects.toBe(duplicate);
    const other = new ApiError(400, { code: "validation", message: "bad", details: [{ field: "contact.lastName", message: "Required" }] });
    await expect(
      saveUnlessDuplicate(
        async () => {
          throw other;
        },
        async () => ({ action: "save" }),
        open,
      ),
    ).rejects.toBe(other);
    expect(isDuplicateError(other)).toBe(false);
    expect((renameErrorFields(other, formField) as ApiError).details).toEqual([{ field: "contactLastName", message: "Required" }]);
  });
});

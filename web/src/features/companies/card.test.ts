import { describe, expect, it, vi } from "vitest";
import type { Company, DuplicateCandidate, StageChange } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { renameErrorFields } from "../../components/record-form/errors";
import { createBase, createBody, duplicateInput, formField, hasInput } from "./create-form";
import { defaultTake, differingFields, mergeFields } from "./merge";
import { stageSteps } from "./stages";
import { isDuplicateError, saveUnlessDuplicate } from "./duplicates";

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

import { describe, expect, it } from "vitest";
import { contactCreate, contactPatch, type AuditEntry, type Contact, type CustomField, type CustomFieldLayout } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { customFilter, customSchema, flattenLayout, localized, type CustomDef } from "./custom-fields";
import { parseTypedDate } from "./dates";
import { contactFormSchema, duplicateQuery, toApiBody, toFormValues, withFormFieldNames } from "./form";
import { historyItem, newestFirst } from "./history";
import { mergeFields } from "./merge";
import { roleEnded } from "./roles";

const companyId = "00000000-0000-4000-8000-000000000001";
const def = (over: Partial<CustomField>): CustomDef => ({
  id: "00000000-0000-4000-8000-0000000000f1",
  object: "contact",
  sectionId: "00000000-0000-4000-8000-0000000000s1",
  key: "budget",
  type: "number",
  labels: { en: "Budget", sv: "Budget", "zh-CN": "预算" },
  required: false,
  position: 0,
  options: [],
  archived: false,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  version: 1,
  sectionLabels: { en: "Sales" },
  ...over,
});

const contact: Contact = {
  id: "00000000-0000-4000-8000-0000000000c1",
  companyId,
  companyName: "Nordic Steel AB",
  firstName: "Anna",
  lastName: "Lindqvist",
  fullName: "Anna Lindqvist",
  title: "CFO",
  department: null,
  function: "finance",
  reportsToId: null,
  reportsToName: null,
  emails: [{ type: "work", address: "anna@steel.example" }],
  phones: [{ type: "mobile", number: "070-123 45 67", e164: "+46701234567" }],
  messaging: [],
  birthday: null,
  preferredLanguage: "sv",
  preferredChannel: "email",
  consentEmail: true,
  consentSms: false,
  consentCalls: false,
  notes: null,
  custom: { budget: 1200, tier: "gold" },
  roles: [],
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-02T00:00:00.000Z",
  version: 3,
};

describe("contact form values and the API body", () => {
  it("gathers custom fields under custom and drops list rows left empty", () => {
    const body = toApiBody({
      lastName: "Lindqvist",
      emails: [
        { type: "work", address: "a@b.se" },
        { type: "personal", address: "  " },
      ],
      phones: [{ type: "work", number: "" }],
      messaging: [{ kind: "wechat", handle: "anna_l" }],
      "custom:budget": 5,
      "custom:tier": null,
    });
    expect(body).toEqual({
      lastName: "Lindqvist",
      emails: [{ type: "work", address: "a@b.se" }],
      phones: [],
      messaging: [{ kind: "wechat", handle: "anna_l" }],
      custom: { budget: 5, tier: null },
    });
    expect(toApiBody({ title: "CEO" })).toEqual({ title: "CEO" });
  });

  it("flattens a contact for the form: phones without the server's E.164, custom values by field", () => {
    const values = toFormValues(contact, [def({ key: "budget" }), def({ key: "region", type: "text" })]);
    expect(values.phones).toEqual([{ type: "mobile", number: "070-123 45 67" }]);
    expect(values["custom:budget"]).toBe(1200);
    expect(values["custom:region"]).toBeNull();
    expect(values.version).toBe(3);
    // The patch schema is strict: what the form holds for lists must pass it.
    expect(contactPatch.safeParse({ phones: values.phones, emails: values.emails }).success).toBe(true);
  });

  it("validates own and custom fields, naming the form's field of each problem", () => {
    const schema = contactFormSchema(contactCreate, [def({ key: "budget", required: true })], "create");
    expect(Object.keys(schema.shape)).toContain("custom:budget");
    expect(Object.keys(schema.shape)).not.toContain("custom");
    expect(Object.keys(schema.shape)).not.toContain("ignoreDuplicates");
    const bad = schema.safeParse({ companyId, lastName: "", emails: [{ type: "work", address: "nope" }], "custom:budget": "x" });
    expect(bad.success).toBe(false);
    const fields = (bad.error!.issues as { path: PropertyKey[] }[]).map((issue) => String(issue.path[0]));
    expect(fields).toEqual(expect.arrayContaining(["lastName", "emails", "custom:budget"]));
    expect(schema.safeParse({ companyId, lastName: "Berg", "custom:budget": 10 }).success).toBe(true);
    // A required custom field must be given on create.
    expect(schema.safeParse({ companyId, lastName: "Berg" }).success).toBe(false);
  });

  it("points server errors on custom.<key> at the form's field and keeps the rest", () => {
    const error = new ApiError(400, {
      code: "validation",
      message: "Invalid",
      details: [
        { field: "custom.budget", message: "must be a number" },
        { field: "lastName", message: "required" },
      ],
      requestId: "r1",
    });
    const mapped = withFormFieldNames(error) as ApiError;
    expect(mapped).toBeInstanceOf(ApiError);
    expect(mapped.details).toEqual([
      { field: "custom:budget", message: "must be a number" },
      { field: "lastName", message: "required" },
    ]);
    expect(mapped.requestId).toBe("r1");
    const plain = new ApiError(409, { code: "conflict", message: "x" });
    expect(withFormFieldNames(plain)).toBe(plain);
  });

  it("asks for duplicates only when there is something to compare", () => {
    expect(duplicateQuery({ firstName: "A", lastName: "" })).toBeUndefined();
    expect(duplicateQuery({ lastName: "Li", emails: [{ type: "work", address: "half@" }] })).toEqual({ lastName: "Li" });
    expect(
      duplicateQuery(
        {
          firstName: " Anna ",
          lastName: "Lindqvist",
          companyId,
          emails: [{ address: "anna@steel.example" }],
          phones: [{ number: "070 1" }],
        },
        "x1",
      ),
    ).toEqual({ firstName: "Anna", lastName: "Lindqvist", companyId, emails: ["anna@steel.example"], excludeId: "x1" });
    expect(duplicateQuery({ phones: [{ number: "+46 70 123 45 67" }] })).toEqual({ phones: ["+46 70 123 45 67"] });
  });
});

describe("custom fields", () => {
  it("orders fields by section and position and keeps the section's labels", () => {
    const layout: CustomFieldLayout = {
      object: "contact",
      sections: [
        {
          id: "s2",
          object: "contact",
          labels: { en: "Second" },
          position: 2,
          createdAt: "",
          updatedAt: "",
          version: 1,
          fields: [def({ key: "c" })],
        },
        {
          id: "s1",
          object: "contact",
          labels: { en: "First" },
          position: 1,
          createdAt: "",
          updatedAt: "",
          version: 1,
          fields: [def({ key: "b", position: 2 }), def({ key: "a", position: 1 })],
        },
      ],
    };
    expect(flattenLayout(layout).map((field) => [field.key, field.sectionLabels.en])).toEqual([
      ["a", "First"],
      ["b", "First"],
      ["c", "Second"],
    ]);
    expect(flattenLayout(undefined)).toEqual([]);
  });

  it("shows labels in the user's language, English when not translated", () => {
    expect(localized({ en: "Budget", "zh-CN": "预算" }, "zh-CN")).toBe("预算");
    expect(localized({ en: "Budget", sv: " " }, "sv")).toBe("Budget");
  });

  it("checks each type's value, required only where it must be", () => {
    const choice = def({ type: "choice", options: [{ value: "gold", labels: { en: "Gold" } }] });
    expect(customSchema(choice, "edit").safeParse("gold").success).toBe(true);
    expect(customSchema(choice, "edit").safeParse("silver").success).toBe(false);
    expect(customSchema(choice, "edit").safeParse(null).success).toBe(true);
    expect(customSchema({ ...choice, required: true }, "edit").safeParse(null).success).toBe(false);
    expect(customSchema({ ...choice, required: true }, "create").safeParse(undefined).success).toBe(false);
    expect(customSchema(def({ type: "money" }), "edit").safeParse({ amount: "12.50", currency: "SEK" }).success).toBe(true);
    expect(customSchema(def({ type: "money" }), "edit").safeParse({ amount: "12.505", currency: "SEK" }).success).toBe(false);
    expect(customSchema(def({ type: "date" }), "edit").safeParse("2025-02-30").success).toBe(false);
    expect(customSchema(def({ type: "email" }), "edit").safeParse("a@b.se").success).toBe(true);
    expect(customSchema(def({ type: "yes_no", required: true }), "create").safeParse(undefined).success).toBe(true);
  });

  it("filters numbers and dates by range, choices by several values", () => {
    expect(customFilter("contact", def({ type: "number" }), "en")).toMatchObject({ id: "custom.budget", kind: "range", range: "number" });
    expect(customFilter("contact", def({ type: "date" }), "en")).toMatchObject({ kind: "range", range: "date" });
    expect(
      customFilter("contact", def({ type: "multi_choice", options: [{ value: "a", labels: { en: "A", sv: "Å" } }] }), "sv"),
    ).toMatchObject({ kind: "multiselect", options: [{ value: "a", label: "Å" }] });
    expect(customFilter("contact", def({ type: "yes_no" }), "en").kind).toBe("boolean");
    expect(customFilter("contact", def({ type: "text" }), "en").kind).toBe("text");
  });
});

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: "1",
  at: "2025-01-01T10:00:00.000Z",
  actorId: "u1",
  actorName: "Ada",
  requestId: "r1",
  tableName: "contacts",
  recordId: "c1",
  operation: "update",
  changed: [],
  before: null,
  after: null,
  ...over,
});

describe("contact history", () => {
  it("lists changed fields in form order, technical ones left out, each custom key on its own", () => {
    const item = historyItem(
      entry({
        changed: ["version", "updated_at", "name_key", "title", "custom", "reports_to_id"],
        before: { title: "CFO", custom: { budget: 1, tier: "gold" }, reports_to_id: null },
        after: { title: "CEO", custom: { budget: 2, tier: "gold" }, reports_to_id: "c2" },
      }),
      ["reportsToId", "title"],
    );
    expect(item.kind).toBe("changed");
    expect(item.subject).toBe("contact");
    expect(item.changes).toEqual([
      { field: "reportsToId", from: null, to: "c2" },
      { field: "title", from: "CFO", to: "CEO" },
      { field: "custom:budget", from: 1, to: 2 },
    ]);
  });

  it("shows a created role's filled fields under role.*", () => {
    const item = historyItem(
      entry({
        tableName: "contact_roles",
        operation: "insert",
        after: { id: "r1", contact_id: "c1", company_id: "co2", title: "Board member", department: null, started_on: "2024-05-01" },
      }),
    );
    expect(item.subject).toBe("role");
    expect(item.kind).toBe("created");
    expect(item.changes.map((change) => change.field).sort()).toEqual(["role.companyId", "role.startedOn", "role.title"]);
  });

  it("orders entries newest first and drops repeats", () => {
    const ordered = newestFirst([entry({ id: "9" }), entry({ id: "10" }), entry({ id: "9" })]);
    expect(ordered.map((item) => item.id)).toEqual(["10", "9"]);
  });
});

describe("the rest", () => {
  it("reads typed dates in the shown format and ISO, and refuses others", () => {
    expect(parseTypedDate("1985-04-12", "en")).toBe("1985-04-12");
    expect(parseTypedDate("12 Apr 1985", "en")).toBe("1985-04-12");
    expect(parseTypedDate("1985年4月12日", "zh-CN")).toBe("1985-04-12");
    expect(parseTypedDate("12.4.1985", "sv")).toBe("1985-04-12");
    expect(parseTypedDate("not a date", "en")).toBeNull();
    expect(parseTypedDate("  ", "en")).toBeNull();
  });

  it("merges the fields the contract lets a merge take", () => {
    expect(mergeFields).toContain("lastName");
    expect(mergeFields).toContain("birthday");
    expect(mergeFields).not.toContain("emails");
  });

  it("counts a role as ended from its end date on", () => {
    expect(roleEnded({ endedOn: null }, "2025-06-01")).toBe(false);
    expect(roleEnded({ endedOn: "2025-06-01" }, "2025-06-01")).toBe(true);
    expect(roleEnded({ endedOn: "2025-07-01" }, "2025-06-01")).toBe(false);
  });
});

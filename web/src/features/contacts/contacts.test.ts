import { describe, expect, it } from "vitest";
import { contactCreate, contactPatch, contactRoleInput, type Contact, type CustomField } from "@relata/contracts";
import { fieldSpec } from "../../components/record-form";
import { customFormParts } from "../../components/custom-fields";
import { contactFormSchema, contactHints, duplicateQuery, toApiBody, toFormValues } from "./form";
import { mergeFields } from "./merge";
import { roleEnded, roleHints } from "./roles";

const companyId = "00000000-0000-4000-8000-000000000001";
const def = (over: Partial<CustomField>): CustomField => ({
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
  clientUnit: null,
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
    const parts = customFormParts("contact", [def({ key: "budget", required: true })], { language: "en", mode: "create" });
    const schema = contactFormSchema(contactCreate, parts.shape);
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

describe("the rest", () => {
  it("renders the typed lists and dates with the shared field types, type labels in the UI language", () => {
    const hints = contactHints((key) => `[${key}]`);
    expect(hints.emails).toMatchObject({
      widget: "emailList",
      options: expect.arrayContaining([{ value: "work", label: "[contacts:emailType.work]" }]),
    });
    expect(hints.messaging).toMatchObject({
      widget: "messagingList",
      options: expect.arrayContaining([{ value: "wechat", label: "WeChat" }]),
    });
    expect(fieldSpec("birthday", contactPatch.shape.birthday, hints.birthday)).toMatchObject({ type: "date", hint: { past: true } });
    // A role's dates are calendar dates by their contract format.
    expect(fieldSpec("startedOn", contactRoleInput.shape.startedOn, roleHints.startedOn).type).toBe("date");
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

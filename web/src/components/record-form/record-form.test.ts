import { describe, expect, it } from "vitest";
import { z } from "zod";
import { companyCreate as fullCompanyCreate, companyPatch as fullCompanyPatch, userCreate } from "@relata/contracts";
import { fieldsFromSchema, groupBySection, isRequired, unwrap } from "./schema-fields";
import { changedValues, conflictRows, isDirty, rebase, valuesEqual } from "./diff";
import { issuesToErrors, missingRequired, serverErrorsToFields, type IssueLike } from "./validation";
import { createPayload, initialValues, patchPayload } from "./payload";
import { calendarDate, isoToLocalInput, localInputToIso } from "./datetime";
import { parseTypedDate } from "./dates";

// The company contract's placement fields: a real schema of known shape (the contract itself keeps growing).
const placement = { name: true, ownerId: true, teamId: true, securityLevel: true } as const;
const companyCreate = fullCompanyCreate.pick(placement);
const companyPatch = fullCompanyPatch.pick(placement);

const t = (key: string, options?: Record<string, unknown>) => (options ? `${key}:${JSON.stringify(options)}` : key);

const sample = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z
      .email()
      .max(254)
      .transform((value) => value.toLowerCase()),
    website: z.url().optional(),
    notes: z.string().max(10_000).nullable().optional(),
    mobilePhone: z.string().optional(),
    level: z.number().int().min(0).max(3).default(1),
    securityLevel: z.number().int().min(0).max(3).optional(),
    kind: z.enum(["customer", "partner"]),
    tags: z.array(z.enum(["a", "b"])).optional(),
    active: z.boolean().optional(),
    closesAt: z.iso.datetime({ offset: true }).nullable(),
    startsOn: z.iso.date().optional(),
    ownerId: z.uuid(),
    value: z.object({ amount: z.string(), currency: z.string().length(3) }).nullable(),
  })
  .strict();

describe("schema → fields", () => {
  const fields = fieldsFromSchema(
    sample,
    { ownerId: { widget: "user", section: "companies:section.access" } },
    { labelPrefix: "x:field." },
  );
  const byName = Object.fromEntries(fields.map((field) => [field.name, field]));

  it("infers the renderer of every field", () => {
    expect(Object.fromEntries(fields.map((field) => [field.name, field.type]))).toEqual({
      name: "text",
      email: "email",
      website: "url",
      notes: "longText",
      mobilePhone: "phone",
      level: "number",
      securityLevel: "securityLevel",
      kind: "choice",
      tags: "multiChoice",
      active: "boolean",
      closesAt: "dateTime",
      startsOn: "date",
      ownerId: "user",
      value: "money",
    });
  });

  it("reads optional / nullable / default, enums, lengths and ranges", () => {
    expect(byName.name).toMatchObject({ optional: false, nullable: false, minLength: 1, maxLength: 200, label: "x:field.name" });
    expect(byName.notes).toMatchObject({ optional: true, nullable: true, maxLength: 10_000 });
    expect(byName.level).toMatchObject({ hasDefault: true, defaultValue: 1, min: 0, max: 3, integer: true });
    expect(byName.kind!.enumValues).toEqual(["customer", "partner"]);
    expect(byName.tags!.enumValues).toEqual(["a", "b"]);
    expect(fieldsFromSchema(z.object({ list: z.array(z.string()).min(2).max(5) }))[0]).toMatchObject({ minLength: 2, maxLength: 5 });
    expect(byName.email!.format).toBe("email");
    expect(byName.ownerId!.format).toBe("uuid");
    expect(byName.ownerId!.hint.section).toBe("companies:section.access");
  });

  it("unwraps pipes (transforms) to the input schema", () => {
    expect(unwrap(userCreate.shape.email).inner._zod.def.type).toBe("string");
  });

  it("applies order and hides fields", () => {
    const ordered = fieldsFromSchema(companyCreate, { securityLevel: { order: -1 }, teamId: { hidden: true } });
    expect(ordered.map((field) => field.name)).toEqual(["securityLevel", "name", "ownerId"]);
    const only = fieldsFromSchema(companyCreate, {}, { only: ["teamId", "name"] });
    expect(only.map((field) => field.name)).toEqual(["teamId", "name"]);
  });

  it("knows what is required on create and on edit", () => {
    const create = Object.fromEntries(fieldsFromSchema(companyCreate).map((field) => [field.name, isRequired(field, "create")]));
    expect(create).toEqual({ name: true, ownerId: false, teamId: false, securityLevel: false });
    const edit = Object.fromEntries(fieldsFromSchema(companyPatch).map((field) => [field.name, isRequired(field, "edit")]));
    expect(edit).toEqual({ name: true, ownerId: true, teamId: false, securityLevel: true });
    const lists = fieldsFromSchema(z.object({ tags: z.array(z.string()), some: z.array(z.string()).min(1) }));
    expect(lists.map((field) => isRequired(field, "create"))).toEqual([false, true]);
  });

  it("groups by section, unsectioned first", () => {
    const groups = groupBySection(fields);
    expect(groups[0]!.section).toBeUndefined();
    expect(groups[1]!.section).toBe("companies:section.access");
    expect(groups[1]!.fields.map((field) => field.name)).toEqual(["ownerId"]);
  });
});

describe("diff", () => {
  it("treats all empties alike and compares by content", () => {
    expect(valuesEqual(null, "")).toBe(true);
    expect(valuesEqual(undefined, [])).toBe(true);
    expect(valuesEqual(3, "3")).toBe(true);
    expect(valuesEqual(["a"], ["a"])).toBe(true);
    expect(valuesEqual({ amount: "1", currency: "EUR" }, { amount: "1", currency: "SEK" })).toBe(false);
    expect(valuesEqual("a", "b")).toBe(false);
  });

  it("finds changed fields only", () => {
    const base = { name: "Acme", ownerId: "u1", teamId: null, securityLevel: 0 };
    const current = { name: "Acme AB", ownerId: "u1", teamId: "", securityLevel: 2 };
    expect(changedValues(base, current, Object.keys(base))).toEqual({ name: "Acme AB", securityLevel: 2 });
    expect(isDirty(base, { ...base, teamId: "" }, Object.keys(base))).toBe(false);
  });

  it("builds the compare table and marks clashes", () => {
    const base = { name: "Acme", ownerId: "u1", securityLevel: 0, teamId: null };
    const mine = { name: "Acme AB", ownerId: "u1", securityLevel: 2, teamId: null };
    const theirs = { name: "Acme Ltd", ownerId: "u2", securityLevel: 2, teamId: null };
    const rows = conflictRows(["name", "ownerId", "securityLevel", "teamId"], base, mine, theirs);
    expect(rows.map((row) => [row.name, row.mineChanged, row.theirsChanged, row.clash])).toEqual([
      ["name", true, true, true],
      ["ownerId", false, true, false],
      ["securityLevel", true, true, false],
    ]);
    expect(rebase(theirs, changedValues(base, mine, Object.keys(base)))).toEqual({
      name: "Acme AB",
      ownerId: "u2",
      securityLevel: 2,
      teamId: null,
    });
  });
});

describe("payloads", () => {
  const fields = fieldsFromSchema(companyCreate);
  it("create: sends what has a value, leaves optional empties to the server, nulls nullable ones", () => {
    const values = initialValues(fields, { name: "Acme" }, "create");
    expect(values).toEqual({ name: "Acme", ownerId: null, teamId: null, securityLevel: null });
    expect(createPayload(fields, values)).toEqual({ name: "Acme", teamId: null });
    expect(createPayload(fields, { ...values, securityLevel: "2", ownerId: "" })).toEqual({ name: "Acme", teamId: null, securityLevel: 2 });
  });

  it("edit: sends changed fields only", () => {
    const patchFields = fieldsFromSchema(companyPatch);
    const base = { name: "Acme", ownerId: "u1", teamId: "t1", securityLevel: 1 };
    expect(patchPayload(patchFields, base, { ...base, teamId: "", securityLevel: 1 })).toEqual({ teamId: null });
    expect(patchPayload(patchFields, base, { ...base, name: "" })).toEqual({ name: "" });
    expect(patchPayload(patchFields, base, base)).toEqual({});
  });
});

describe("validation messages", () => {
  const names = ["name", "email", "level"];
  it("translates zod issues per field, the first one wins", () => {
    const result = sample.safeParse({ name: "", email: "nope", level: 7, kind: "x", ownerId: "u", closesAt: null, value: null, extra: 1 });
    expect(result.success).toBe(false);
    const { fields, form } = issuesToErrors(result.error!.issues as IssueLike[], [...names, "kind", "ownerId"], t);
    expect(fields.name).toBe("components:validation.required");
    expect(fields.email).toBe("components:validation.email");
    expect(fields.level).toBe('components:validation.max:{"value":3}');
    expect(fields.kind).toBe("components:validation.choice");
    expect(fields.ownerId).toBe("components:validation.invalid");
    expect(form).toEqual(["components:validation.unknownField"]);
  });

  it("gives lengths", () => {
    const { fields } = issuesToErrors(
      z.object({ name: z.string().min(3).max(5) }).safeParse({ name: "ab" }).error!.issues as IssueLike[],
      ["name"],
      t,
    );
    expect(fields.name).toBe('components:validation.minLength:{"count":3}');
  });

  it("flags empty required fields", () => {
    const fields = fieldsFromSchema(companyPatch);
    expect(
      missingRequired(fields, { name: " ", ownerId: "u", teamId: null, securityLevel: 0 }, (field) => isRequired(field, "edit"), t),
    ).toEqual({ name: "components:validation.required" });
  });

  it("maps server details to fields, the rest to the form", () => {
    expect(
      serverErrorsToFields(
        [
          { field: "teamIds.0", message: "bad" },
          { field: "name", message: "taken" },
          { field: "", message: "x" },
        ],
        ["name", "teamIds"],
      ),
    ).toEqual({
      fields: { teamIds: "bad", name: "taken" },
      rest: [{ field: "", message: "x" }],
    });
  });
});

describe("date-time inputs", () => {
  it("shows instants in the user's zone and reads them back", () => {
    expect(isoToLocalInput("2025-03-30T00:30:00.000Z", "Europe/Stockholm")).toBe("2025-03-30T01:30");
    expect(isoToLocalInput("2025-03-30T01:30:00.000Z", "Europe/Stockholm")).toBe("2025-03-30T03:30");
    expect(localInputToIso("2025-03-30T03:30", "Europe/Stockholm")).toBe("2025-03-30T01:30:00.000Z");
    expect(localInputToIso("2025-07-01T08:00", "Asia/Shanghai")).toBe("2025-07-01T00:00:00.000Z");
    expect(localInputToIso("2025-07-01T08:00", "UTC")).toBe("2025-07-01T08:00:00.000Z");
    expect(localInputToIso("nope", "UTC")).toBeUndefined();
    expect(isoToLocalInput(null, "UTC")).toBe("");
  });

  it("keeps calendar dates on their day", () => {
    expect(calendarDate("2025-12-31")!.toISOString()).toBe("2025-12-31T12:00:00.000Z");
    expect(calendarDate("31/12/2025")).toBeUndefined();
  });

  it("reads typed dates in the shown format of each language, ISO and the usual numeric forms, and refuses others", () => {
    expect(parseTypedDate("1 Mar 2026", "en")).toBe("2026-03-01");
    expect(parseTypedDate("2026-03-01", "sv")).toBe("2026-03-01");
    expect(parseTypedDate("2026年3月1日", "zh-CN")).toBe("2026-03-01");
    expect(parseTypedDate("31.12.2025", "sv")).toBe("2025-12-31");
    expect(parseTypedDate("12/4/1985", "en")).toBe("1985-04-12");
    expect(parseTypedDate("soon", "en")).toBeNull();
    expect(parseTypedDate("  ", "en")).toBeNull();
  });
});

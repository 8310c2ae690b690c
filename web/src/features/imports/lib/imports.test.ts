import { describe, expect, it } from "vitest";
import {
  applySavedMapping,
  mapColumn,
  mappedFields,
  mappingProblemsByHeader,
  missingGroups,
  repeatedTargets,
  sameMapping,
  savedMappingFit,
} from "./mapping";
import {
  addSample,
  averageRate,
  canResume,
  currentStep,
  formatBytes,
  isEditable,
  looksLikeCsv,
  percentDone,
  rowsPerSecond,
  secondsLeft,
  splitDuration,
} from "./progress";
import { templateCsv } from "./template";
import { fieldLabel } from "./labels";

const headers = ["Company", "Land", "E-mail", "Mail 2", "Notes"];

describe("column mapping", () => {
  it("asks for a company name, and for a contact's name and company", () => {
    expect(missingGroups("company", {})).toEqual([["name"]]);
    expect(missingGroups("company", { Company: "name" })).toEqual([]);
    expect(missingGroups("contact", { Name: "fullName" })).toEqual([["companyName", "companyRegistrationNumber"]]);
    expect(missingGroups("contact", { Name: "fullName", Org: "companyRegistrationNumber" })).toEqual([]);
  });

  it("flags a single-value field filled from two columns, but lets several columns add emails", () => {
    const mapping = { Company: "name", Land: "name", "E-mail": "email", "Mail 2": "email" };
    expect([...repeatedTargets(headers, mapping)]).toEqual([["Land", "Company"]]);
  });

  it("maps and unmaps a column without touching the others", () => {
    const mapping = { Company: "name" };
    expect(mapColumn(mapping, "Land", "country")).toEqual({ Company: "name", Land: "country" });
    expect(mapColumn({ Company: "name", Land: "country" }, "Land", null)).toEqual({ Company: "name" });
    expect(mapping).toEqual({ Company: "name" });
  });

  it("applies a saved mapping only to the columns this file has and the fields that still exist", () => {
    const saved = { Company: "name", Land: "country", Gone: "city", Notes: "custom.removed" };
    const next = applySavedMapping({ Notes: "description" }, saved, headers, new Set(["name", "country", "city", "description"]));
    expect(next).toEqual({ Company: "name", Land: "country", Notes: "description" });
    expect(savedMappingFit(saved, headers)).toEqual({ matching: 3, total: 4 });
  });

  it("drops the current column for a field a saved mapping takes from another column", () => {
    const next = applySavedMapping({ Notes: "name" }, { Company: "name" }, headers, new Set(["name"]));
    expect(next).toEqual({ Company: "name" });
  });

  it("compares mappings by content and lists the preview's fields in file order, once each", () => {
    expect(sameMapping({ a: "name", b: "city" }, { b: "city", a: "name" })).toBe(true);
    expect(sameMapping({ a: "name" }, { a: "name", b: "city" })).toBe(false);
    expect(mappedFields(headers, { Notes: "description", Company: "name", "E-mail": "email", "Mail 2": "email" })).toEqual([
      "name",
      "email",
      "description",
    ]);
  });

  it("reads the server's mapping problems by column", () => {
    const problems = mappingProblemsByHeader([
      { field: "mapping.Land", message: "is not a column of this file" },
      { field: "duplicates", message: "x" },
    ]);
    expect([...problems]).toEqual([["Land", "is not a column of this file"]]);
  });
});

const job = {
  status: "running" as const,
  dryRun: false,
  totalRows: 1000,
  processedRows: 250,
  createdRows: 200,
  updatedRows: 0,
  skippedRows: 40,
  errorRows: 10,
  startedAt: "2025-01-01T10:00:00.000Z",
  finishedAt: null,
};

describe("progress", () => {
  it("counts the share processed, and a finished import as whole", () => {
    expect(percentDone(job)).toBe(25);
    expect(percentDone({ ...job, status: "done", processedRows: 990 })).toBe(100);
    expect(percentDone({ ...job, totalRows: 0, processedRows: 0 })).toBe(0);
  });

  it("measures rows per second over recent samples and estimates the time left", () => {
    let samples = addSample([], { at: 0, processed: 0 });
    expect(rowsPerSecond(samples)).toBeUndefined();
    samples = addSample(samples, { at: 1_000, processed: 0 });
    samples = addSample(samples, { at: 2_000, processed: 5_000 });
    samples = addSample(samples, { at: 4_000, processed: 15_000 });
    expect(rowsPerSecond(samples)).toBe(3_750);
    // Old samples fall out of the window.
    samples = addSample(samples, { at: 40_000, processed: 195_000 });
    expect(samples.map((sample) => sample.at)).toEqual([4_000, 40_000]);
    expect(rowsPerSecond(samples)).toBe(5_000);
    expect(secondsLeft({ ...job, processedRows: 195_000, totalRows: 200_000 }, 5_000)).toBe(1);
    expect(secondsLeft(job, undefined)).toBeUndefined();
  });

  it("starts over when the count goes back (a fresh run)", () => {
    const samples = addSample(
      [
        { at: 0, processed: 0 },
        { at: 1_000, processed: 900 },
      ],
      { at: 2_000, processed: 10 },
    );
    expect(samples).toEqual([{ at: 2_000, processed: 10 }]);
  });

  it("gives the average rate of a finished import", () => {
    expect(averageRate({ ...job, processedRows: 10_000, finishedAt: "2025-01-01T10:00:02.000Z" })).toBe(5_000);
    expect(averageRate({ ...job, startedAt: null })).toBeUndefined();
  });

  it("splits durations", () => {
    expect(splitDuration(3_725)).toEqual({ hours: 1, minutes: 2, seconds: 5 });
    expect(splitDuration(59.6)).toEqual({ hours: 0, minutes: 1, seconds: 0 });
  });
});

describe("wizard steps", () => {
  it("lets an untouched import move between mapping, options and check", () => {
    const uploaded = { status: "uploaded" as const, dryRun: false };
    expect(currentStep(uploaded, undefined)).toBe("mapping");
    expect(currentStep(uploaded, "options")).toBe("options");
    expect(currentStep(uploaded, "result")).toBe("mapping");
    expect(isEditable(uploaded)).toBe(true);
  });

  it("keeps a dry run on the check step, and lets its mapping change afterwards", () => {
    expect(currentStep({ status: "running", dryRun: true }, "mapping")).toBe("preview");
    expect(currentStep({ status: "done", dryRun: true }, undefined)).toBe("preview");
    expect(currentStep({ status: "done", dryRun: true }, "mapping")).toBe("mapping");
    expect(isEditable({ status: "done", dryRun: true })).toBe(true);
  });

  it("shows a real run's progress, then its result; a stopped one may resume", () => {
    expect(currentStep({ status: "queued", dryRun: false }, "mapping")).toBe("run");
    expect(currentStep({ status: "running", dryRun: false }, undefined)).toBe("run");
    expect(currentStep({ status: "done", dryRun: false }, "mapping")).toBe("result");
    expect(currentStep({ status: "failed", dryRun: false }, undefined)).toBe("result");
    expect(canResume({ status: "failed", dryRun: false })).toBe(true);
    expect(canResume({ status: "cancelled", dryRun: false })).toBe(true);
    expect(canResume({ status: "done", dryRun: false })).toBe(false);
    expect(canResume({ status: "failed", dryRun: true })).toBe(false);
    expect(isEditable({ status: "failed", dryRun: false })).toBe(false);
  });
});

describe("files", () => {
  it("recognises CSV by name or type", () => {
    expect(looksLikeCsv({ name: "Kunder.CSV", type: "" })).toBe(true);
    expect(looksLikeCsv({ name: "export", type: "text/csv" })).toBe(true);
    expect(looksLikeCsv({ name: "kunder.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })).toBe(false);
  });

  it("writes sizes in the reader's language", () => {
    expect(formatBytes(950, "en")).toBe("950 bytes");
    expect(formatBytes(12_700, "en")).toBe("12.4 kB");
    expect(formatBytes(3_355_443, "sv")).toBe("3,2 MB");
    expect(formatBytes(512 * 1024 * 1024, "zh-CN")).toBe("512 MB");
  });

  it("builds a template with one column per field, quoting where needed", () => {
    expect(templateCsv(["name", "custom.a,b"])).toBe('\uFEFFname,"custom.a,b"\r\n');
  });
});

describe("field labels", () => {
  const catalog: Record<string, string> = { "imports:field.row": "Whole row", "imports:field.company.country": "Land" };
  const t = (key: string, options?: Record<string, unknown>) => catalog[key] ?? String(options?.defaultValue ?? key);
  const server = new Map([
    ["country", "Country"],
    ["newField", "New field"],
    ["custom.tier", "Nivå"],
  ]);

  it("names built-in fields from the catalog, else as the server labels them", () => {
    expect(fieldLabel(t, "company", "country", server)).toBe("Land");
    expect(fieldLabel(t, "company", "country")).toBe("Land");
    expect(fieldLabel(t, "company", "newField", server)).toBe("New field");
    expect(fieldLabel(t, "company", "row")).toBe("Whole row");
  });

  it("names custom fields as the server labels them, and anything else as it is", () => {
    expect(fieldLabel(t, "contact", "custom.tier", server)).toBe("Nivå");
    expect(fieldLabel(t, "contact", "custom.gone", server)).toBe("custom.gone");
    expect(fieldLabel(t, "contact", "unknown")).toBe("unknown");
    expect(fieldLabel(t, "contact", "a.b")).toBe("a.b");
  });
});

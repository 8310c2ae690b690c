import { describe, expect, it } from "vitest";
import type { DocumentStorage, DocumentSummary } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import {
  defaultComparison,
  expiryIn,
  formatBytes,
  groupByKind,
  pinAt,
  precheck,
  shareAddress,
  titleFromFileName,
  uploadProblem,
} from "./documents";

const format = { number: (value: number, digits = 0) => value.toFixed(digits) };
const storage: DocumentStorage = { maxFileBytes: 1000, quotaBytes: 5000, usedBytes: 4000 };

describe("formatBytes", () => {
  it("says bytes below a KB and one decimal below ten units", () => {
    expect(formatBytes(0, format)).toBe("0 B");
    expect(formatBytes(1023, format)).toBe("1023 B");
    expect(formatBytes(1024, format)).toBe("1.0 KB");
    expect(formatBytes(12 * 1024, format)).toBe("12 KB");
    expect(formatBytes(1.4 * 1024 * 1024, format)).toBe("1.4 MB");
    expect(formatBytes(3 * 1024 ** 4, format)).toBe("3.0 TB");
  });
});

describe("titleFromFileName", () => {
  it("drops the extension and turns underscores into spaces", () => {
    expect(titleFromFileName("Offer_2025_v2.pdf")).toBe("Offer 2025 v2");
    expect(titleFromFileName("notes")).toBe("notes");
    expect(titleFromFileName(".pdf")).toBe(".pdf");
    expect(titleFromFileName(`${"a".repeat(300)}.txt`)).toHaveLength(200);
  });
});

describe("precheck", () => {
  it("finds empty, too large and over-quota files before sending them", () => {
    expect(precheck({ size: 0 }, storage)).toBe("empty");
    expect(precheck({ size: 1001 }, storage)).toBe("tooLarge");
    expect(precheck({ size: 1000 }, storage)).toBeNull();
    // The files queued before it count against the quota.
    expect(precheck({ size: 600 }, storage, 500)).toBe("quota");
    expect(precheck({ size: 500 }, undefined)).toBeNull();
  });
});

describe("uploadProblem", () => {
  const failure = (status: number, body: Record<string, unknown> = {}) => new ApiError(status, body);
  it("maps the server's refusals to what the screen says", () => {
    expect(uploadProblem(failure(413, { code: "quota_exceeded", details: [{ field: "file", message: "x" }] }))).toBe("quota");
    expect(uploadProblem(failure(413, { code: "payload_too_large" }))).toBe("tooLarge");
    expect(uploadProblem(failure(415, { details: [{ field: "fileName", message: "x" }] }))).toBe("badName");
    expect(uploadProblem(failure(415, { details: [{ field: "file", message: "x" }] }))).toBe("badType");
    expect(uploadProblem(failure(400, { details: [{ field: "file", message: "is empty" }] }))).toBe("empty");
    expect(uploadProblem(failure(403))).toBe("forbidden");
    expect(uploadProblem(failure(404))).toBe("notFound");
    expect(uploadProblem(failure(412))).toBe("conflict");
    expect(uploadProblem(failure(500))).toBe("failed");
    expect(uploadProblem(new Error("boom"))).toBe("failed");
  });
});

describe("groupByKind", () => {
  it("groups in the kinds' order and leaves out empty kinds", () => {
    const doc = (id: string, kind: DocumentSummary["kind"]) => ({ id, kind }) as DocumentSummary;
    const groups = groupByKind([doc("1", "other"), doc("2", "proposal"), doc("3", "other")]);
    expect(groups.map((group) => [group.kind, group.items.map((item) => item.id)])).toEqual([
      ["proposal", ["2"]],
      ["other", ["1", "3"]],
    ]);
  });
});

describe("pinAt", () => {
  it("answers fractions of the page, clamped and rounded", () => {
    const box = { left: 100, top: 50, width: 200, height: 400 };
    expect(pinAt({ x: 150, y: 150 }, box)).toEqual({ x: 0.25, y: 0.25 });
    expect(pinAt({ x: 0, y: 1000 }, box)).toEqual({ x: 0, y: 1 });
    expect(pinAt({ x: 1, y: 1 }, { left: 0, top: 0, width: 0, height: 0 })).toEqual({ x: 0, y: 0 });
    expect(pinAt({ x: 100 + 200 / 3, y: 50 }, box).x).toBe(0.3333);
  });
});

describe("share links", () => {
  it("expire the chosen days ahead, 90 days just inside the server's limit", () => {
    const now = Date.UTC(2025, 0, 1);
    expect(expiryIn(7, now)).toBe("2025-01-08T00:00:00.000Z");
    expect(Date.parse(expiryIn(90, now))).toBeLessThan(now + 90 * 86_400_000);
  });
  it("are addressed on this app's origin", () => {
    expect(shareAddress("/share/abc", "https://crm.example/")).toBe("https://crm.example/share/abc");
  });
});

describe("defaultComparison", () => {
  it("compares the newest revision with the one before", () => {
    expect(defaultComparison([1, 3, 2])).toEqual({ from: 2, to: 3 });
    expect(defaultComparison([1])).toBeNull();
  });
});

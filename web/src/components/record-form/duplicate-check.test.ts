import { describe, expect, it, vi } from "vitest";
import type { DuplicateCandidate } from "@relata/contracts";
import { ApiError } from "../../lib/api";
import { isDuplicateError, saveUnlessDuplicate, type DuplicateOverride } from "./duplicate-check";
import { mergeRows, mergeTake } from "./diff";

describe("saving with duplicate detection", () => {
  const candidate: DuplicateCandidate = {
    object: "contact",
    id: "c9",
    name: "Anna Berg",
    companyName: "Acme",
    reasons: ["email"],
    score: 1,
  };
  const duplicate = new ApiError(409, { code: "duplicate", message: "looks like a duplicate", candidates: [candidate] });

  it("asks on a 409 duplicate and sends again with ignoreDuplicates when told to save anyway", async () => {
    const send = vi.fn(async (override: DuplicateOverride) => {
      if (!override.ignoreDuplicates) throw duplicate;
      return "saved";
    });
    const ask = vi.fn(async () => true);
    await expect(saveUnlessDuplicate(send, ask)).resolves.toBe("saved");
    expect(ask).toHaveBeenCalledWith([candidate]);
    expect(send.mock.calls).toEqual([[{}], [{ ignoreDuplicates: true }]]);
  });

  it("keeps the 409 when the user does not save anyway, and does not ask about other errors", async () => {
    const send = vi.fn(async (): Promise<string> => {
      throw duplicate;
    });
    await expect(saveUnlessDuplicate(send, async () => false)).rejects.toBe(duplicate);
    expect(send).toHaveBeenCalledTimes(1);

    const conflict = new ApiError(409, { code: "conflict", message: "taken" });
    const ask = vi.fn(async () => true);
    await expect(
      saveUnlessDuplicate(async () => {
        throw conflict;
      }, ask),
    ).rejects.toBe(conflict);
    expect(ask).not.toHaveBeenCalled();
    expect(isDuplicateError(conflict)).toBe(false);
    expect(isDuplicateError(duplicate)).toBe(true);
  });

  it("does not ask with nothing to show", async () => {
    const bare = new ApiError(409, { code: "duplicate", message: "looks like a duplicate" });
    const ask = vi.fn(async () => true);
    await expect(
      saveUnlessDuplicate(async () => {
        throw bare;
      }, ask),
    ).rejects.toBe(bare);
    expect(ask).not.toHaveBeenCalled();
  });
});

describe("merging two records field by field", () => {
  it("lists the differing fields in order, the kept record's empty ones filled from the other", () => {
    const kept = { firstName: "Eva", title: "Buyer", notes: " ", birthday: null, phones: [] as string[] };
    const source = { firstName: "Eva", title: "Head of Purchasing", notes: "Met at the fair", birthday: null, phones: ["+4670"] };
    const rows = mergeRows(["firstName", "title", "notes", "birthday", "phones"], kept, source);
    expect(rows).toEqual([
      { name: "title", kept: "Buyer", source: "Head of Purchasing", filled: false },
      { name: "notes", kept: " ", source: "Met at the fair", filled: true },
      { name: "phones", kept: [], source: ["+4670"], filled: true },
    ]);
    expect(mergeTake(rows, new Set())).toEqual(["notes", "phones"]);
    expect(mergeTake(rows, new Set(["title", "firstName"]))).toEqual(["title", "notes", "phones"]);
  });
});

import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { filterQuery, isFiltered, nextDay, noFilters } from "./filters";
import { createBody, entryForm, formProblems, newEntryForm, patchBody, serverProblems } from "./form";
import { dayGroups, durationParts, interactionFields, mentionCandidates, relativeDay, systemMessage, uniqueEntries } from "./timeline";

const entry = (id: string, occurredAt: string, over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id,
  companyId: "c1",
  companyName: "Acme AB",
  kind: "call",
  systemKind: null,
  systemData: null,
  authorId: "u1",
  authorName: "Ann",
  occurredAt,
  direction: "out",
  durationMinutes: 10,
  subject: "Call",
  bodyHtml: null,
  bodyText: "",
  outcome: null,
  nextStep: null,
  related: null,
  contacts: [],
  mentions: [],
  pinned: false,
  canEdit: true,
  createdAt: occurredAt,
  updatedAt: occurredAt,
  version: 1,
  ...over,
});

describe("days", () => {
  it("puts entries under the day they happened on in the user's time zone", () => {
    const groups = dayGroups(
      [entry("a", "2025-03-04T23:30:00Z"), entry("b", "2025-03-04T22:30:00Z"), entry("c", "2025-03-04T10:00:00Z")],
      "Europe/Stockholm",
    );
    expect(groups.map((group) => [group.day, group.entries.map((e) => e.id)])).toEqual([
      ["2025-03-05", ["a"]],
      ["2025-03-04", ["b", "c"]],
    ]);
    expect(dayGroups([entry("a", "2025-03-04T23:30:00Z")], "UTC")[0]!.day).toBe("2025-03-04");
  });

  it("says today and yesterday in the user's time zone, across a month's end", () => {
    const now = new Date("2025-03-01T00:30:00Z");
    expect(relativeDay("2025-03-01", now, "Europe/Stockholm")).toBe("today");
    expect(relativeDay("2025-02-28", now, "Europe/Stockholm")).toBe("yesterday");
    expect(relativeDay("2025-02-28", now, "America/New_York")).toBe("today");
    expect(relativeDay("2025-02-20", now, "UTC")).toBeNull();
  });

  it("shows an entry loaded twice only once", () => {
    const a = entry("a", "2025-03-04T10:00:00Z");
    expect(uniqueEntries([{ items: [a] }, { items: [a, entry("b", "2025-03-03T10:00:00Z")] }]).map((e) => e.id)).toEqual(["a", "b"]);
  });
});

describe("filters", () => {
  it("sends days as the instants they begin and end at in the user's time zone", () => {
    const query = filterQuery(
      { ...noFilters, kinds: ["call", "note"], from: "2025-03-30", to: "2025-03-30", q: "  renewal " },
      "Europe/Stockholm",
    );
    expect(query).toEqual({
      "filter[kind]": "call,note",
      "filter[authorId]": undefined,
      "filter[contactId]": undefined,
      // Summer time starts on 30 March: that day is 23 hours long.
      "filter[from]": "2025-03-29T23:00:00.000Z",
      "filter[to]": "2025-03-30T22:00:00.000Z",
      q: "renewal",
    });
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
    expect(isFiltered(noFilters)).toBe(false);
    expect(isFiltered({ ...noFilters, q: " " })).toBe(false);
    expect(isFiltered({ ...noFilters, authorId: "u1" })).toBe(true);
  });
});

describe("mentions", () => {
  const people = [
    { id: "1", name: "Åsa Öberg", email: "asa@example.com" },
    { id: "2", name: "Bo Åsberg", email: "bo@example.com" },
    { id: "3", name: "Carl Larsson", email: "carl@example.com", active: false },
    { id: "4", name: "Dora Asplund", email: "dora@example.com" },
  ];
  it("finds active colleagues by name start, word start, then anywhere, accents and case aside", () => {
    expect(mentionCandidates(people, "as").map((p) => p.id)).toEqual(["1", "2", "4"]);
    expect(mentionCandidates(people, "ASPL").map((p) => p.id)).toEqual(["4"]);
    expect(mentionCandidates(people, "carl")).toEqual([]);
    expect(mentionCandidates(people, "example.com", 2)).toHaveLength(2);
    expect(mentionCandidates(people, "").map((p) => p.id)).toEqual(["1", "2", "4"]);
  });
});

describe("what entries say", () => {
  it("says system entries in words, grade set, changed and cleared apart", () => {
    expect(systemMessage({ systemKind: "stage_changed", systemData: { from: "lead", to: "prospect" } })).toEqual({
      key: "system.stageChanged",
      values: { from: "lead", to: "prospect" },
    });
    expect(systemMessage({ systemKind: "grade_changed", systemData: { from: null, to: "A" } }).key).toBe("system.gradeSet");
    expect(systemMessage({ systemKind: "grade_changed", systemData: { from: "A", to: null } }).key).toBe("system.gradeCleared");
    expect(systemMessage({ systemKind: "grade_changed", systemData: { from: "A", to: "B" } }).key).toBe("system.gradeChanged");
    expect(systemMessage({ systemKind: "owner_changed", systemData: { fromName: "Ann", toName: "Bo" } }).values).toEqual({
      from: "Ann",
      to: "Bo",
    });
    expect(systemMessage({ systemKind: "document_revised", systemData: { title: "Offer", revision: 3 } }).values).toEqual({
      title: "Offer",
      revision: "3",
    });
    expect(systemMessage({ systemKind: "something_new", systemData: null }).key).toBe("system.other");
  });

  it("says contract and payment entries with their number, product, amount and currency", () => {
    expect(
      systemMessage({
        systemKind: "contract_item_fulfilled",
        systemData: { number: "C-1", product: "Pump", quantity: "2", amount: "200.00", currency: "EUR" },
      }),
    ).toEqual({
      key: "system.contractItemFulfilled",
      values: { number: "C-1", product: "Pump", quantity: "2", amount: "200.00", currency: "EUR" },
    });
    expect(systemMessage({ systemKind: "contract_status_changed", systemData: { number: "C-1", from: "draft", to: "active" } })).toEqual({
      key: "system.contractStatusChanged",
      values: { number: "C-1", from: "draft", to: "active" },
    });
    expect(systemMessage({ systemKind: "payment_received", systemData: { amount: "50.00", currency: "EUR", applied: "40.00" } })).toEqual({
      key: "system.paymentReceived",
      values: { amount: "50.00", applied: "40.00", currency: "EUR" },
    });
  });

  it("splits durations into hours and minutes; direction and duration only for interactions", () => {
    expect(durationParts(95)).toEqual({ hours: 1, minutes: 35 });
    expect(durationParts(45)).toEqual({ hours: 0, minutes: 45 });
    expect(interactionFields("note", "in", 5)).toEqual({ direction: null, durationMinutes: null });
    expect(interactionFields("visit", "in", 5)).toEqual({ direction: "in", durationMinutes: 5 });
  });
});

describe("the entry form", () => {
  it("asks for what the server would refuse before sending", () => {
    const form = newEntryForm("meeting", new Date("2025-01-01T10:00:00Z"), "me");
    expect(formProblems(form).subject).toBe("form.subjectOrText");
    expect(formProblems({ ...form, subject: "Kick-off" }).subject).toBeUndefined();
    expect(formProblems({ ...form, kind: "note" }).body).toBe("form.noteNeedsText");
    expect(formProblems({ ...form, subject: "x", withNextStep: true }).nextStepText).toBe("form.nextStepNeedsText");
    expect(
      formProblems({ ...form, subject: "x", withNextStep: true, nextStepText: "y", nextStepAssigneeId: null }).nextStepAssigneeId,
    ).toBe("form.nextStepNeedsAssignee");
  });

  it("sends a new entry whole, with the next step for the writer by default, and no direction on a decision", () => {
    const form = {
      ...newEntryForm("decision", new Date("2025-01-01T10:00:00Z"), "me", ["p1"]),
      direction: "in" as const,
      subject: " Go ahead ",
      withNextStep: true,
      nextStepText: " Order ",
    };
    expect(createBody(form, "c1")).toEqual({
      companyId: "c1",
      kind: "decision",
      occurredAt: "2025-01-01T10:00:00.000Z",
      direction: null,
      durationMinutes: null,
      contactIds: ["p1"],
      subject: "Go ahead",
      body: null,
      outcome: null,
      nextStep: { text: "Order", dueAt: null, assigneeId: "me" },
    });
  });

  it("sends only what the user changed (a save after a 412 keeps others' changes), never a next step that is a task", () => {
    const withTask = entry("e1", "2025-01-01T10:00:00Z", {
      subject: "Call",
      nextStep: { text: "Call back", dueAt: null, assigneeId: "u2", assigneeName: "Bo", taskId: "t1" },
    });
    const opened = entryForm(withTask, "me");
    expect(patchBody(opened, withTask, opened)).toEqual({});
    expect(patchBody({ ...opened, outcome: "Done", nextStepText: "Other" }, withTask, opened)).toEqual({ outcome: "Done" });
    expect(patchBody({ ...opened, kind: "note", body: "<p>x</p>", bodyEmpty: false, bodyChanged: true }, withTask, opened)).toEqual({
      kind: "note",
      direction: null,
      durationMinutes: null,
      body: "<p>x</p>",
    });
    const without = entry("e2", "2025-01-01T10:00:00Z");
    const start = entryForm(without, "me");
    expect(patchBody({ ...start, withNextStep: true, nextStepText: "Follow up" }, without, start)).toEqual({
      nextStep: { text: "Follow up", dueAt: null, assigneeId: "me" },
    });
    expect(patchBody({ ...start, contactIds: ["p2"] }, without, start)).toEqual({ contactIds: ["p2"] });
  });

  it("puts the server's problems on the form's fields", () => {
    const error = new ApiError(400, {
      code: "validation",
      message: "x",
      details: [
        { field: "contactIds[1]", message: "no such contact at this company" },
        { field: "nextStep.assigneeId", message: "no such active user" },
        { field: "related.id", message: "no such contact here" },
        { field: "subject", message: "too long" },
      ],
    });
    expect(serverProblems(error)).toEqual({
      contactIds: "no such contact at this company",
      nextStepAssigneeId: "no such active user",
      related: "no such contact here",
      subject: "too long",
    });
    expect(serverProblems(new ApiError(412, { code: "precondition_failed", message: "x" }))).toEqual({});
  });
});

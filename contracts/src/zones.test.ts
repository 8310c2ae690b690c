import { describe, expect, it } from "vitest";
import { dayIn, wallTimeIn, zoneOffsetMs } from "./zones";

describe("wall-clock time in a time zone", () => {
  it("knows each zone's offset, summer time included", () => {
    expect(zoneOffsetMs(Date.UTC(2024, 0, 15, 12), "UTC")).toBe(0);
    expect(zoneOffsetMs(Date.UTC(2024, 0, 15, 12), "Europe/Stockholm")).toBe(3_600_000);
    expect(zoneOffsetMs(Date.UTC(2024, 6, 15, 12), "Europe/Stockholm")).toBe(7_200_000);
    expect(zoneOffsetMs(Date.UTC(2024, 6, 15, 12), "America/New_York")).toBe(-4 * 3_600_000);
  });

  it("turns a day and a time of day into the instant the zone's clocks show it", () => {
    expect(wallTimeIn("2026-12-10", 8 * 60, "UTC").toISOString()).toBe("2026-12-10T08:00:00.000Z");
    expect(wallTimeIn("2026-12-10", 8 * 60, "Asia/Shanghai").toISOString()).toBe("2026-12-10T00:00:00.000Z");
    expect(wallTimeIn("2026-12-10", 8 * 60, "America/New_York").toISOString()).toBe("2026-12-10T13:00:00.000Z");
    expect(wallTimeIn("2026-07-10", 8 * 60, "Europe/Stockholm").toISOString()).toBe("2026-07-10T06:00:00.000Z");
    expect(wallTimeIn("2026-12-10", 23 * 60 + 59, "Europe/Stockholm").toISOString()).toBe("2026-12-10T22:59:00.000Z");
  });

  it("goes through daylight-saving changes: the day's own offset, before and after the switch", () => {
    // Stockholm moves from +1 to +2 at 02:00 on 2026-03-29: midnight is still +1, 08:00 is +2.
    expect(wallTimeIn("2026-03-29", 0, "Europe/Stockholm").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(wallTimeIn("2026-03-29", 8 * 60, "Europe/Stockholm").toISOString()).toBe("2026-03-29T06:00:00.000Z");
    // And back at 03:00 on 2026-10-25.
    expect(wallTimeIn("2026-10-25", 8 * 60, "Europe/Stockholm").toISOString()).toBe("2026-10-25T07:00:00.000Z");
  });

  it("tells the calendar day an instant falls on there", () => {
    const instant = Date.UTC(2026, 11, 10, 20, 30);
    expect(dayIn(instant, "UTC")).toBe("2026-12-10");
    expect(dayIn(instant, "Asia/Shanghai")).toBe("2026-12-11");
    expect(dayIn(Date.UTC(2026, 11, 10, 3), "America/New_York")).toBe("2026-12-09");
  });
});

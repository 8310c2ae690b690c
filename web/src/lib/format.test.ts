import { describe, expect, it } from "vitest";
import { createFormatter, timeZones, validTimeZone } from "./format";
import { toQueryString } from "./api";

const instant = "2026-03-01T23:30:00Z";
const nbsp = /[\u00a0\u202f]/g;

describe("formatting per locale and time zone", () => {
  it("shows the same instant on the user's calendar day", () => {
    expect(createFormatter({ locale: "en", timeZone: "UTC" }).date(instant)).toBe("Mar 1, 2026");
    expect(createFormatter({ locale: "zh-CN", timeZone: "Asia/Shanghai" }).date(instant)).toBe("2026年3月2日");
    expect(createFormatter({ locale: "sv", timeZone: "Europe/Stockholm" }).date(instant)).toBe("2 mars 2026");
  });

  it("formats numbers and money the local way", () => {
    expect(createFormatter({ locale: "en", timeZone: "UTC" }).number(1234567.891, 2)).toBe("1,234,567.89");
    expect(createFormatter({ locale: "sv", timeZone: "UTC" }).number(1234567.891, 2).replace(nbsp, " ")).toBe("1 234 567,89");
    expect(createFormatter({ locale: "sv", timeZone: "UTC" }).money("1234.5", "SEK").replace(nbsp, " ")).toBe("1 234,50 kr");
    expect(createFormatter({ locale: "zh-CN", timeZone: "UTC" }).money(1234.5, "CNY")).toBe("¥1,234.50");
    expect(createFormatter({ locale: "en", timeZone: "UTC" }).money(99, "EUR")).toBe("€99.00");
  });

  it("says how long ago in words", () => {
    const now = Date.parse(instant);
    const en = createFormatter({ locale: "en", timeZone: "UTC" });
    expect(en.relative(now - 5 * 60_000, now)).toBe("5 minutes ago");
    expect(en.relative(now + 2 * 86_400_000, now)).toBe("in 2 days");
    expect(en.relative(now - 86_400_000, now)).toBe("yesterday");
    expect(createFormatter({ locale: "sv", timeZone: "UTC" }).relative(now - 3 * 3_600_000, now)).toBe("för 3 timmar sedan");
    expect(createFormatter({ locale: "zh-CN", timeZone: "UTC" }).relative(now - 3 * 3_600_000, now)).toBe("3小时前");
  });

  it("falls back to UTC for a time zone the browser does not know", () => {
    expect(validTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(createFormatter({ locale: "en", timeZone: "Mars/Olympus_Mons" }).date(instant)).toBe("Mar 1, 2026");
    expect(timeZones()).toContain("Europe/Stockholm");
    expect(timeZones()).toContain("UTC");
  });
});

describe("toQueryString", () => {
  it("drops empty values and encodes the rest", () => {
    expect(toQueryString({ q: "Å & co", limit: 50, cursor: undefined, none: null, empty: "", withTotal: true })).toBe(
      "?q=%C3%85+%26+co&limit=50&withTotal=true",
    );
    expect(toQueryString({})).toBe("");
    expect(toQueryString({ "filter[ownerId]": "x" })).toBe("?filter%5BownerId%5D=x");
  });
});

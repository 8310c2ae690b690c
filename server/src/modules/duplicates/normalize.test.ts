/**
 * Normalization of contact points: what duplicate matching compares, so two spellings of the
 * same phone, email, website or registration number must come out equal and junk must not
 * come out at all.
 */
import { describe, expect, it } from "vitest";
import {
  companyPoints,
  contactPoints,
  isFreeMailDomain,
  normalizeDomain,
  normalizeEmail,
  normalizePhone,
  normalizeRegistration,
} from "./normalize";

describe("normalizePhone", () => {
  it.each([
    ["+46 8 123 456 78", null, "+46812345678"],
    ["+46 (0)8-123 456 78", null, "+46812345678"],
    ["08-123 456 78", "SE", "+46812345678"],
    ["070-123 45 67", "SE", "+46701234567"],
    ["070-123 45 67", "se", "+46701234567"],
    ["0046 70 123 45 67", "SE", "+46701234567"],
    ["+46 70 123 45 67 ext 12", null, "+46701234567"],
    ["+86 138 0013 8000", null, "+8613800138000"],
    ["138 0013 8000", "CN", "+8613800138000"],
    ["010 1234 5678", "CN", "+861012345678"],
    ["＋８６ １３８ ００１３ ８０００", null, "+8613800138000"],
    ["(415) 555-0132", "US", "+14155550132"],
    ["+1 415 555 0132", "SE", "+14155550132"],
    ["020 7946 0958", "GB", "+442079460958"],
  ] as [string, string | null, string][])("%s (default %s) → %s", (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it.each([
    ["070-123 45 67", null, "a national number without a default country"],
    ["070-123 45 67", "XX", "an unknown default country"],
    ["123", "SE", "too short"],
    ["abc", "SE", "letters"],
    ["+999 123", null, "no such country code"],
    ["+46 70 123 45 67 89 01 23", null, "too long"],
    ["", "SE", "empty"],
    ["   ", "SE", "blank"],
  ] as [string, string | null, string][])("%s (default %s) → null: %s", (input, country) => {
    expect(normalizePhone(input, country)).toBeNull();
  });

  it("takes null and undefined", () => {
    expect(normalizePhone(null)).toBeNull();
    expect(normalizePhone(undefined, "SE")).toBeNull();
  });
});

describe("normalizeEmail", () => {
  it.each([
    ["  Anna.Berg@Example.COM ", "anna.berg@example.com"],
    ["mailto:Sales@ACME.se", "sales@acme.se"],
    ["li.wei@huawei.com", "li.wei@huawei.com"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each(["", "anna", "anna@", "@example.com", "anna@example", "anna berg@example.com", "a@b@c.com", null, undefined])(
    "%s → null",
    (input) => {
      expect(normalizeEmail(input)).toBeNull();
    },
  );
});

describe("normalizeDomain", () => {
  it.each([
    ["https://www.Acme.com/about?x=1", "acme.com"],
    ["http://acme.com", "acme.com"],
    ["www.acme.se", "acme.se"],
    ["acme.se/", "acme.se"],
    ["WWW2.Example.co.uk", "example.co.uk"],
    ["shop.acme.com:8080/path", "shop.acme.com"],
    ["sales@Acme.com", "acme.com"],
    ["mailto:sales@www.acme.com", "acme.com"],
    ["räksmörgås.se", "xn--rksmrgs-5wao1o.se"],
    ["https://acme.com.", "acme.com"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each(["", "acme", "localhost", "http://192.168.1.1/", "not a website", "https://", "ftp:/acme", "sales@", null])(
    "%s → null",
    (input) => {
      expect(normalizeDomain(input)).toBeNull();
    },
  );
});

describe("normalizeRegistration", () => {
  it.each([
    ["556016-0680", "5560160680"],
    [" 556016 0680 ", "5560160680"],
    ["gb 123 4567 89", "GB123456789"],
    ["91440300-7084-94990.2", "914403007084949902"],
    ["HRB 12345/B", "HRB12345B"],
    ["５５６０１６-０６８０", "5560160680"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeRegistration(input)).toBe(expected);
  });

  it.each(["", " - / ", "12", "a.b", null, "1".repeat(51)])("%s → null", (input) => {
    expect(normalizeRegistration(input)).toBeNull();
  });
});

describe("companyPoints / contactPoints", () => {
  it("gathers every normalizable point of a company once, phones in the company's country", () => {
    const points = companyPoints({
      website: "https://www.acme.se",
      registrationNumber: "556016-0680",
      emails: [{ address: "Info@ACME.se" }, "sales@acme.se", "acme.sweden@gmail.com", "not an email"],
      phones: [{ number: "08-123 456 78" }, "+46 8 123 456 78", "12"],
      country: "SE",
    });
    expect(points).toEqual([
      { kind: "registration", value: "5560160680" },
      { kind: "domain", value: "acme.se" },
      { kind: "email", value: "info@acme.se" },
      { kind: "email", value: "sales@acme.se" },
      { kind: "email", value: "acme.sweden@gmail.com" },
      { kind: "phone", value: "+46812345678" },
    ]);
    expect(isFreeMailDomain("gmail.com")).toBe(true);
    expect(isFreeMailDomain("acme.se")).toBe(false);
  });

  it("keeps a stored domain beside the website's", () => {
    expect(companyPoints({ domain: "acme.com", website: "acme.se" })).toEqual([
      { kind: "domain", value: "acme.com" },
      { kind: "domain", value: "acme.se" },
    ]);
    expect(companyPoints({})).toEqual([]);
  });

  it("gives a person emails and phones only", () => {
    expect(
      contactPoints({
        emails: [{ address: "Anna@Acme.se" }, "anna@acme.se"],
        phones: [{ number: "070-123 45 67" }, "138 0013 8000"],
        defaultCountry: "SE",
      }),
    ).toEqual([
      { kind: "email", value: "anna@acme.se" },
      { kind: "phone", value: "+46701234567" },
    ]);
    expect(contactPoints({ phones: ["138 0013 8000"], defaultCountry: "CN" })).toEqual([{ kind: "phone", value: "+8613800138000" }]);
  });
});

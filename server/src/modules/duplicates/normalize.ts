import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/** A normalized way to reach or identify a record: what `contact_points` holds and duplicate matching compares. */
export type ContactPointKind = "email" | "phone" | "domain" | "registration";
export type ContactPoint = { kind: ContactPointKind; value: string };

/** Full-width digits and letters (common in CJK input) become ASCII; surrounding space goes. */
const canonical = (value: string) => value.normalize("NFKC").trim();

/**
 * A phone number in E.164 ("+46701234567"), or null when it is not a valid number. National
 * numbers ("070-123 45 67", "0046 70…") need `defaultCountry` (ISO 3166-1 alpha-2, e.g. the
 * company's country); extensions are dropped, as they do not tell records apart.
 */
export function normalizePhone(number: string | null | undefined, defaultCountry?: string | null): string | null {
  if (!number) return null;
  const text = canonical(number);
  if (text.length === 0 || text.length > 60) return null;
  const country = defaultCountry?.toUpperCase();
  const options = country && isSupportedCountry(country) ? { defaultCountry: country as CountryCode } : undefined;
  const parsed = parsePhoneNumberFromString(text, options);
  return parsed?.isValid() ? parsed.number : null;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

/** An email address in lower case ("mailto:" and surrounding space dropped), or null when it is not one. */
export function normalizeEmail(value: string | null | undefined): string | null {
  if (!value) return null;
  const email = canonical(value)
    .replace(/^mailto:/i, "")
    .toLowerCase();
  return email.length <= 254 && emailPattern.test(email) ? email : null;
}

const hostPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * The domain of a website ("https://www.Acme.com/about" → "acme.com") or of an email address
 * ("sales@acme.com" → "acme.com"): lower case, "www." dropped, international names in
 * punycode. Null for anything without a real host name (IP addresses, "localhost", junk).
 */
export function normalizeDomain(websiteOrEmail: string | null | undefined): string | null {
  if (!websiteOrEmail) return null;
  let text = canonical(websiteOrEmail).replace(/^mailto:/i, "");
  if (text.length === 0 || /\s/.test(text)) return null;
  if (!text.includes("://") && text.includes("@")) text = text.slice(text.lastIndexOf("@") + 1);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `http://${text}`;
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, "").replace(/^www\d*\./, "");
  if (/^\d+(\.\d+){3}$/.test(host) || !hostPattern.test(host)) return null;
  return host;
}

/**
 * A business registration number without spaces, dashes, dots or slashes, upper case:
 * "556016-0680" → "5560160680", "gb 123 4567 89" → "GB123456789". Null when fewer than three
 * letters or digits remain (not a number anyone could match on).
 */
export function normalizeRegistration(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = canonical(value)
    .replace(/[^0-9A-Za-z]/g, "")
    .toUpperCase();
  return compact.length >= 3 && compact.length <= 50 ? compact : null;
}

/**
 * Domains of free mail services: a company whose address is at gmail.com does not own
 * gmail.com, so these never become a company's domain point.
 */
const freeMailDomains = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.se",
  "live.com",
  "live.se",
  "msn.com",
  "yahoo.com",
  "yahoo.se",
  "ymail.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "mail.com",
  "proton.me",
  "protonmail.com",
  "yandex.com",
  "yandex.ru",
  "mail.ru",
  "qq.com",
  "foxmail.com",
  "163.com",
  "126.com",
  "yeah.net",
  "sina.com",
  "sina.cn",
  "sohu.com",
  "aliyun.com",
  "telia.com",
  "bredband.net",
  "spray.se",
]);

export const isFreeMailDomain = (domain: string) => freeMailDomains.has(domain);

/** An email or phone as the contracts carry them: a bare string, `{ address }`, or `{ number, e164? }` as stored. */
type EmailInput = string | { address: string };
type PhoneInput = string | { number: string; e164?: string | null | undefined };

const address = (email: EmailInput) => (typeof email === "string" ? email : email.address);
/** A stored phone already carries its E.164 form; otherwise the number is normalized here. */
const e164 = (phone: PhoneInput, defaultCountry: string | null | undefined) =>
  typeof phone === "string" ? normalizePhone(phone, defaultCountry) : (phone.e164 ?? normalizePhone(phone.number, defaultCountry));

function unique(points: (ContactPoint | null)[]): ContactPoint[] {
  const seen = new Set<string>();
  const result: ContactPoint[] = [];
  for (const point of points) {
    if (!point) continue;
    const key = `${point.kind}\u0000${point.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(point);
  }
  return result;
}

const point = (kind: ContactPointKind, value: string | null): ContactPoint | null => (value ? { kind, value } : null);

export type CompanyPointsInput = {
  website?: string | null | undefined;
  /** An already known domain (e.g. the stored column); the website's domain is added too. */
  domain?: string | null | undefined;
  registrationNumber?: string | null | undefined;
  emails?: readonly EmailInput[] | null | undefined;
  phones?: readonly PhoneInput[] | null | undefined;
  /** The company's country: the default for phone numbers written without a country code. */
  country?: string | null | undefined;
};

/**
 * The contact points of a company: its emails, phones (E.164), registration number and domains
 * (the website's, and those of its email addresses unless they are free mail services).
 * Values that do not normalize are left out; each point appears once.
 */
export function companyPoints(input: CompanyPointsInput): ContactPoint[] {
  const emails = (input.emails ?? []).map((email) => normalizeEmail(address(email)));
  const emailDomains = emails
    .map((email) => (email ? normalizeDomain(email) : null))
    .filter((domain) => domain && !isFreeMailDomain(domain));
  return unique([
    point("registration", normalizeRegistration(input.registrationNumber)),
    point("domain", normalizeDomain(input.domain)),
    point("domain", normalizeDomain(input.website)),
    ...emailDomains.map((domain) => point("domain", domain)),
    ...emails.map((email) => point("email", email)),
    ...(input.phones ?? []).map((phone) => point("phone", e164(phone, input.country))),
  ]);
}

export type ContactPointsInput = {
  emails?: readonly EmailInput[] | null | undefined;
  phones?: readonly PhoneInput[] | null | undefined;
  /** Default country of national phone numbers, usually the primary company's. */
  defaultCountry?: string | null | undefined;
};

/** The contact points of a person: emails and phones (E.164). A person's email domain is their employer's, so no domain points. */
export function contactPoints(input: ContactPointsInput): ContactPoint[] {
  return unique([
    ...(input.emails ?? []).map((email) => point("email", normalizeEmail(address(email)))),
    ...(input.phones ?? []).map((phone) => point("phone", e164(phone, input.defaultCountry))),
  ]);
}

/**
 * vCard (RFC 6350, version 4.0; 3.0 is read too): a small reader and writer for exactly what a
 * contact holds. Pure functions, no I/O: the service maps cards to contacts and back.
 */
import { type contactPhoneTypes, locales, type ContactEmail, type Locale } from "@relata/contracts";

export type VcardProperty = {
  group: string | null;
  /** Upper case, e.g. "EMAIL". */
  name: string;
  /** Parameter names upper case; values as given (RFC 6868 ^-escapes decoded), comma lists split. */
  params: Record<string, string[]>;
  /** The raw value: still escaped, components not split (see `textValue`, `components`). */
  value: string;
  line: number;
};

export type VcardCard = {
  /** 1-based position of the card in the file. */
  index: number;
  properties: VcardProperty[];
  /** Why the card cannot be read at all (bad structure); its properties are then incomplete. */
  error?: string;
};

// ───────────────────────────── reading ─────────────────────────────

/**
 * Physical lines → logical lines: a line break followed by one space or tab continues the
 * previous line (RFC 6350 3.2). Bare LF and CR line ends are accepted too.
 */
export function unfold(text: string): { text: string; line: number }[] {
  const physical = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const logical: { text: string; line: number }[] = [];
  physical.forEach((line, i) => {
    const last = logical.at(-1);
    if ((line.startsWith(" ") || line.startsWith("\t")) && last) last.text += line.slice(1);
    else logical.push({ text: line, line: i + 1 });
  });
  return logical.filter((line) => line.text.trim() !== "");
}

/** RFC 6868: ^n newline, ^^ caret, ^' double quote inside parameter values. */
const decodeParam = (value: string) => value.replace(/\^(n|\^|')/g, (_, c: string) => (c === "n" ? "\n" : c === "^" ? "^" : '"'));

/** One content line: `[group.]NAME *(;param) : value`, parameter values optionally quoted. */
export function parseContentLine(text: string, line: number): VcardProperty | { error: string } {
  let i = 0;
  const nameEnd = text.search(/[;:]/);
  if (nameEnd < 1) return { error: `line ${line}: not a vCard property (NAME:value)` };
  const fullName = text.slice(0, nameEnd);
  if (!/^([A-Za-z0-9-]+\.)?[A-Za-z0-9-]+$/.test(fullName))
    return { error: `line ${line}: "${fullName.slice(0, 40)}" is not a property name` };
  const dot = fullName.lastIndexOf(".");
  const group = dot >= 0 ? fullName.slice(0, dot) : null;
  const name = fullName.slice(dot + 1).toUpperCase();
  const params: Record<string, string[]> = {};
  i = nameEnd;
  while (text[i] === ";") {
    i++;
    const eq = text.slice(i).search(/[=;:]/);
    if (eq < 0) return { error: `line ${line}: a parameter of ${name} is not closed` };
    const paramName = text
      .slice(i, i + eq)
      .trim()
      .toUpperCase();
    i += eq;
    const values: string[] = [];
    if (text[i] !== "=") {
      // vCard 2.1 style bare parameter ("TEL;CELL:…"): a TYPE.
      if (paramName) (params.TYPE ??= []).push(paramName.toLowerCase());
      continue;
    }
    i++;
    for (;;) {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return { error: `line ${line}: a quoted parameter of ${name} is not closed` };
        values.push(decodeParam(text.slice(i + 1, close)));
        i = close + 1;
      } else {
        const end = text.slice(i).search(/[,;:]/);
        if (end < 0) return { error: `line ${line}: ${name} has no value (missing ":")` };
        values.push(decodeParam(text.slice(i, i + end)));
        i += end;
      }
      if (text[i] === ",") i++;
      else break;
    }
    // TYPE="work,voice" (quoted list) is the same as TYPE=work,voice.
    const split = paramName === "TYPE" ? values.flatMap((value) => value.split(",")).map((value) => value.trim().toLowerCase()) : values;
    (params[paramName] ??= []).push(...split.filter((value) => value !== ""));
  }
  if (text[i] !== ":") return { error: `line ${line}: ${name} has no value (missing ":")` };
  return { group, name, params, value: text.slice(i + 1), line };
}

/** Splits the cards of a file. Text outside BEGIN:VCARD … END:VCARD is ignored. */
export function parseVcards(text: string): VcardCard[] {
  const cards: VcardCard[] = [];
  let current: VcardCard | undefined;
  const fail = (card: VcardCard, error: string) => {
    card.error ??= error;
  };
  for (const { text: content, line } of unfold(text)) {
    const upper = content.trim().toUpperCase();
    if (upper === "BEGIN:VCARD") {
      if (current) fail(current, `line ${line}: BEGIN:VCARD before END:VCARD of this card`);
      current = { index: cards.length + 1, properties: [] };
      cards.push(current);
      continue;
    }
    if (!current) continue;
    if (upper === "END:VCARD") {
      const version = current.properties.find((property) => property.name === "VERSION")?.value.trim();
      if (version === undefined) fail(current, "has no VERSION");
      else if (version !== "4.0" && version !== "3.0") fail(current, `VERSION ${version.slice(0, 10)} is not supported (4.0 or 3.0)`);
      current = undefined;
      continue;
    }
    const property = parseContentLine(content, line);
    if ("error" in property) fail(current, property.error);
    else current.properties.push(property);
  }
  if (current) fail(current, "missing END:VCARD");
  return cards;
}

/**
 * Splits an escaped value at unescaped `separator`s and unescapes each part:
 * `\\` → `\`, `\,` → `,`, `\;` → `;`, `\n` / `\N` → line break (RFC 6350 3.4).
 */
export function splitEscaped(value: string, separator: ";" | "," | null): string[] {
  const parts: string[] = [];
  let part = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && i + 1 < value.length) {
      const next = value[++i]!;
      part += next === "n" || next === "N" ? "\n" : next;
    } else if (separator !== null && c === separator) {
      parts.push(part);
      part = "";
    } else part += c;
  }
  parts.push(part);
  return parts;
}

export const textValue = (property: VcardProperty) => splitEscaped(property.value, null)[0]!;

/** A structured value (N, ORG): components at unescaped `;`, each a list at unescaped `,`. */
export function structured(value: string): string[][] {
  const result: string[][] = [[]];
  let item = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\" && i + 1 < value.length) {
      const next = value[++i]!;
      item += next === "n" || next === "N" ? "\n" : next;
    } else if (c === "," || c === ";") {
      result.at(-1)!.push(item);
      item = "";
      if (c === ";") result.push([]);
    } else item += c;
  }
  result.at(-1)!.push(item);
  return result;
}

/** The components of N or ORG, each component's list items joined by a space. */
export const components = (property: VcardProperty) =>
  structured(property.value).map((items) =>
    items
      .map((item) => item.trim())
      .filter(Boolean)
      .join(" "),
  );

// ───────────────────────────── writing ─────────────────────────────

/** Escapes a text value (or one component of N / ORG). */
export const escapeText = (value: string) =>
  value
    .replace(/\\/g, "\\\\")
    .replace(/,/g, "\\,")
    .replace(/;/g, "\\;")
    .replace(/\r\n|\r|\n/g, "\\n");

/** Folds a logical line into physical lines of at most 75 octets without splitting a character (RFC 6350 3.2). */
export function fold(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // Continuation lines start with a space, which counts against their 75 octets.
    if (octets + size > 75) {
      out.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n");
}

const contentLine = (name: string, value: string, params: string[] = []) => fold([name, ...params].join(";") + ":" + value) + "\r\n";

// ───────────────────────────── contacts ⇄ cards ─────────────────────────────

type PhoneType = (typeof contactPhoneTypes)[number];

/** What a card says about a person, in the shape of a contact's input fields. */
export type CardContact = {
  firstName: string;
  lastName: string;
  title?: string;
  department?: string;
  emails: { type: ContactEmail["type"]; address: string }[];
  phones: { type: PhoneType; number: string }[];
  birthday?: string;
  preferredLanguage?: Locale;
  notes?: string;
};

/** The fields of a contact a card carries on export. */
export type ContactForCard = {
  id: string;
  firstName: string;
  lastName: string;
  companyName: string;
  title: string | null;
  department: string | null;
  emails: { type: ContactEmail["type"]; address: string }[];
  phones: { type: PhoneType; number: string }[];
  birthday: string | null;
  preferredLanguage: string | null;
  notes: string | null;
  updatedAt: string;
};

const emailTypeOut: Record<ContactEmail["type"], string | null> = { work: "work", personal: "home", other: null };
const phoneTypeOut: Record<PhoneType, string> = { work: "work", mobile: "cell", home: "home", other: "voice" };

/** One vCard 4.0 for a contact; its organisation is the contact's primary company (and department). */
export function contactToVcard(contact: ContactForCard): string {
  const fullName = `${contact.firstName} ${contact.lastName}`.trim();
  let card = "BEGIN:VCARD\r\n" + contentLine("VERSION", "4.0");
  card += contentLine("PRODID", "-//Relata//Relata CRM//EN");
  card += contentLine("UID", `urn:uuid:${contact.id}`);
  card += contentLine("KIND", "individual");
  card += contentLine("FN", escapeText(fullName));
  card += contentLine("N", [contact.lastName, contact.firstName, "", "", ""].map(escapeText).join(";"));
  card += contentLine("ORG", [contact.companyName, ...(contact.department ? [contact.department] : [])].map(escapeText).join(";"));
  if (contact.title) card += contentLine("TITLE", escapeText(contact.title));
  for (const email of contact.emails) {
    const type = emailTypeOut[email.type];
    card += contentLine("EMAIL", escapeText(email.address), type ? [`TYPE=${type}`] : []);
  }
  // Text values keep the number as people wrote it ("070-123 45 67"); a tel: URI could not.
  for (const phone of contact.phones)
    card += contentLine("TEL", escapeText(phone.number), ["VALUE=text", `TYPE=${phoneTypeOut[phone.type]}`]);
  if (contact.birthday) card += contentLine("BDAY", contact.birthday.replace(/-/g, ""));
  if (contact.preferredLanguage) card += contentLine("LANG", contact.preferredLanguage);
  if (contact.notes) card += contentLine("NOTE", escapeText(contact.notes));
  card += contentLine("REV", `${contact.updatedAt.slice(0, 19).replace(/[-:]/g, "")}Z`);
  return card + "END:VCARD\r\n";
}

/** YYYYMMDD or YYYY-MM-DD (a time after it is ignored); a date without a year (--MMDD) cannot be stored. */
function birthday(value: string): string | undefined | { problem: string } {
  const text = value.trim();
  if (text.startsWith("--")) return undefined;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(T.*)?$/.exec(text);
  if (!match) return { problem: `BDAY "${text.slice(0, 30)}" is not a date` };
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return { problem: `BDAY "${text.slice(0, 30)}" is not a date` };
  return iso;
}

function language(value: string): Locale | undefined {
  const tag = value.trim().toLowerCase();
  if (tag.startsWith("zh")) return "zh-CN";
  const base = tag.split("-")[0];
  return (locales as readonly string[]).includes(base ?? "") ? (base as Locale) : undefined;
}

const pref = (property: VcardProperty) => {
  const value = Number(property.params.PREF?.[0] ?? (property.params.TYPE?.includes("pref") ? 1 : 100));
  return Number.isFinite(value) ? value : 100;
};

function phoneType(types: string[]): PhoneType {
  if (types.includes("cell")) return "mobile";
  if (types.includes("work")) return "work";
  if (types.includes("home")) return "home";
  return "other";
}

function emailType(types: string[]): ContactEmail["type"] {
  if (types.includes("work")) return "work";
  if (types.includes("home")) return "personal";
  return "other";
}

/** A TEL value as a number: "tel:" URIs lose their scheme and parameters (";ext=…"). */
function phoneNumberOf(property: VcardProperty) {
  const text = textValue(property).trim();
  if (/^tel:/i.test(text)) return text.slice(4).split(";")[0]!;
  return text;
}

/**
 * The person a card describes. Name from N (family; given additional), else from FN (last word
 * = last name). Unknown properties are ignored; values the contact cannot hold are problems.
 */
export function vcardToContact(card: VcardCard): { contact: CardContact } | { problem: string } {
  if (card.error) return { problem: card.error };
  const all = (name: string) => card.properties.filter((property) => property.name === name);
  const first = (name: string) => all(name).sort((a, b) => pref(a) - pref(b))[0];
  let firstName = "";
  let lastName = "";
  const n = first("N");
  if (n) {
    const [family = "", given = "", additional = ""] = components(n);
    lastName = family.trim();
    firstName = [given, additional]
      .map((part) => part.trim())
      .filter(Boolean)
      .join(" ");
  }
  const fn = first("FN");
  if (!lastName && fn) {
    const words = textValue(fn).trim().split(/\s+/).filter(Boolean);
    if (words.length > 0) {
      lastName = words.pop()!;
      if (!firstName) firstName = words.join(" ");
    }
  }
  if (!lastName && firstName) [lastName, firstName] = [firstName, ""];
  if (!lastName) return { problem: "has no name (FN or N)" };

  const contact: CardContact = { firstName, lastName, emails: [], phones: [] };
  const title = first("TITLE");
  if (title && textValue(title).trim()) contact.title = textValue(title).trim();
  const org = first("ORG");
  const department = org ? components(org)[1]?.trim() : undefined;
  if (department) contact.department = department;
  for (const email of all("EMAIL").sort((a, b) => pref(a) - pref(b))) {
    const address = textValue(email).trim();
    if (address) contact.emails.push({ type: emailType(email.params.TYPE ?? []), address });
  }
  for (const tel of all("TEL").sort((a, b) => pref(a) - pref(b))) {
    const number = phoneNumberOf(tel);
    if (number) contact.phones.push({ type: phoneType(tel.params.TYPE ?? []), number });
  }
  const bday = first("BDAY");
  if (bday) {
    const value = birthday(textValue(bday));
    if (typeof value === "object") return value;
    if (value) contact.birthday = value;
  }
  for (const lang of all("LANG").sort((a, b) => pref(a) - pref(b))) {
    const locale = language(textValue(lang));
    if (locale) {
      contact.preferredLanguage = locale;
      break;
    }
  }
  const notes = all("NOTE")
    .map((note) => textValue(note).trim())
    .filter(Boolean);
  if (notes.length > 0) contact.notes = notes.join("\n\n");
  return { contact };
}

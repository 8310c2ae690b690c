/**
 * The vCard reader and writer on their own: folding and unfolding, escaping, parameters, the
 * mapping to a contact and back (round trip), and cards that cannot be read.
 */
import { describe, expect, it } from "vitest";
import {
  contactToVcard,
  escapeText,
  fold,
  parseContentLine,
  parseVcards,
  splitEscaped,
  structured,
  unfold,
  vcardToContact,
  type ContactForCard,
  type VcardCard,
} from "./contacts.vcard";

const person: ContactForCard = {
  id: "0b9a4a54-7a4e-4c43-9c1f-1f8ef1d7b9a1",
  firstName: "Åsa",
  lastName: "Lindqvist-Öberg",
  companyName: "Nordsjö Färg; AB, Göteborg",
  title: "Head of IT, Nordics; acting\\deputy",
  department: "Group IT",
  emails: [
    { type: "work", address: "asa@nordsjo.example" },
    { type: "personal", address: "asa.l@example.org" },
    { type: "other", address: "a@other.example" },
  ],
  phones: [
    { type: "mobile", number: "070-123 45 67" },
    { type: "work", number: "+46 31 123 45 00" },
    { type: "home", number: "031-12 34 56" },
    { type: "other", number: "+1 (555) 010-9999" },
  ],
  birthday: "1979-02-28",
  preferredLanguage: "sv",
  notes: "Prefers calls before 10.\nLong line: " + "ö".repeat(120) + " 张伟 " + "😀".repeat(30),
  updatedAt: "2024-05-06T07:08:09.123Z",
};

const only = (text: string) => {
  const cards = parseVcards(text);
  expect(cards).toHaveLength(1);
  return cards[0]!;
};

const contactOf = (card: VcardCard) => {
  const read = vcardToContact(card);
  if ("problem" in read) throw new Error(read.problem);
  return read.contact;
};

describe("writing", () => {
  it("writes a vCard 4.0 with CRLF line ends and lines of at most 75 octets", () => {
    const text = contactToVcard(person);
    expect(text.startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n")).toBe(true);
    expect(text.endsWith("END:VCARD\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    const unfolded = unfold(text).map((line) => line.text);
    expect(unfolded).toContain("FN:Åsa Lindqvist-Öberg");
    expect(unfolded).toContain("N:Lindqvist-Öberg;Åsa;;;");
    expect(unfolded).toContain("ORG:Nordsjö Färg\\; AB\\, Göteborg;Group IT");
    expect(unfolded).toContain("TITLE:Head of IT\\, Nordics\\; acting\\\\deputy");
    expect(unfolded).toContain("EMAIL;TYPE=work:asa@nordsjo.example");
    expect(unfolded).toContain("EMAIL;TYPE=home:asa.l@example.org");
    expect(unfolded).toContain("EMAIL:a@other.example");
    expect(unfolded).toContain("TEL;VALUE=text;TYPE=cell:070-123 45 67");
    expect(unfolded).toContain("BDAY:19790228");
    expect(unfolded).toContain("LANG:sv");
    expect(unfolded).toContain(`UID:urn:uuid:${person.id}`);
    expect(unfolded).toContain("REV:20240506T070809Z");
  });

  it("folds without splitting a multi-byte character, and unfolding restores the line", () => {
    const line = `NOTE:${"é".repeat(50)}${"😀".repeat(40)}`;
    const folded = fold(line);
    const physical = folded.split("\r\n");
    expect(physical.length).toBeGreaterThan(3);
    for (const part of physical) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      expect(part).not.toMatch(/\uFFFD/);
      expect(Buffer.from(part).toString("utf8")).toBe(part);
    }
    physical.slice(1).forEach((part) => expect(part.startsWith(" ")).toBe(true));
    expect(unfold(folded)).toEqual([{ text: line, line: 1 }]);
  });

  it("escapes backslash, comma, semicolon and line breaks, and reads them back", () => {
    const tricky = "a\\b, c; d\r\ne\nf\rg";
    expect(escapeText(tricky)).toBe("a\\\\b\\, c\\; d\\ne\\nf\\ng");
    expect(splitEscaped(escapeText(tricky), null)).toEqual(["a\\b, c; d\ne\nf\ng"]);
    // A newline in a value can never start a new property.
    expect(escapeText("x\nEND:VCARD\nBEGIN:VCARD")).not.toMatch(/[\r\n]/);
  });
});

describe("round trip", () => {
  it("reads back what it wrote", () => {
    const read = contactOf(only(contactToVcard(person)));
    expect(read).toEqual({
      firstName: person.firstName,
      lastName: person.lastName,
      title: person.title,
      department: person.department,
      emails: person.emails,
      phones: person.phones,
      birthday: person.birthday,
      preferredLanguage: "sv",
      notes: person.notes,
    });
  });

  it("round-trips a minimal contact and one in Chinese", () => {
    const minimal: ContactForCard = {
      ...person,
      firstName: "",
      lastName: "Mononym",
      title: null,
      department: null,
      emails: [],
      phones: [],
      birthday: null,
      preferredLanguage: null,
      notes: null,
    };
    expect(contactOf(only(contactToVcard(minimal)))).toEqual({ firstName: "", lastName: "Mononym", emails: [], phones: [] });
    const chinese = { ...minimal, firstName: "伟", lastName: "张", companyName: "华为技术有限公司", preferredLanguage: "zh-CN" };
    expect(contactOf(only(contactToVcard(chinese)))).toEqual({
      firstName: "伟",
      lastName: "张",
      emails: [],
      phones: [],
      preferredLanguage: "zh-CN",
    });
  });

  it("reads several cards in a row, each on its own", () => {
    const text = contactToVcard(person) + contactToVcard({ ...person, firstName: "Bo", lastName: "Ek" });
    const cards = parseVcards(text);
    expect(cards.map((card) => card.index)).toEqual([1, 2]);
    expect(cards.map((card) => contactOf(card).lastName)).toEqual(["Lindqvist-Öberg", "Ek"]);
  });
});

describe("reading what others write", () => {
  it("reads an RFC 6350 example card (tel: URIs, quoted TYPE lists, PREF, groups)", () => {
    const text = [
      "BEGIN:VCARD",
      "VERSION:4.0",
      "FN:Simon Perreault",
      "N:Perreault;Simon;;;ing. jr,M.Sc.",
      "BDAY:--0203",
      "GENDER:M",
      "LANG;PREF=1:fr",
      "LANG;PREF=2:en",
      "ORG;TYPE=work:Viagenie",
      "item1.EMAIL;TYPE=work:simon.perreault@viagenie.ca",
      'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102',
      'TEL;VALUE=uri;TYPE="work,cell,voice,video,text":tel:+1-418-262-6501',
      "GEO;TYPE=work:geo:46.772673,-71.282945",
      "KEY;TYPE=work;VALUE=uri:http://www.viagenie.ca/simon.perreault/simon.asc",
      "END:VCARD",
    ].join("\r\n");
    expect(contactOf(only(text))).toEqual({
      firstName: "Simon",
      lastName: "Perreault",
      emails: [{ type: "work", address: "simon.perreault@viagenie.ca" }],
      phones: [
        { type: "work", number: "+1-418-656-9254" },
        { type: "mobile", number: "+1-418-262-6501" },
      ],
      // French is no UI language; English (second preference) is.
      preferredLanguage: "en",
    });
  });

  it("reads vCard 3.0 with bare LF line ends, folded lines, INTERNET types and a BOM", () => {
    const text =
      "\uFEFFBEGIN:VCARD\nVERSION:3.0\nN:Gump;Forrest;;Mr.;\nFN:Forrest Gump\nORG:Bubba Gump Shrimp Co.;Sales\n" +
      "TITLE:Shrimp Man\nTEL;TYPE=WORK,VOICE:(111) 555-1212\nTEL;TYPE=HOME,VOICE:(404) 555-1212\n" +
      "EMAIL;TYPE=PREF,INTERNET:forrestgump@example.com\nBDAY:1944-06-06\nNOTE:Life is like a box\n  of chocolates\\, you know.\nEND:VCARD\n";
    expect(contactOf(only(text))).toEqual({
      firstName: "Forrest",
      lastName: "Gump",
      title: "Shrimp Man",
      department: "Sales",
      emails: [{ type: "other", address: "forrestgump@example.com" }],
      phones: [
        { type: "work", number: "(111) 555-1212" },
        { type: "home", number: "(404) 555-1212" },
      ],
      birthday: "1944-06-06",
      notes: "Life is like a box of chocolates, you know.",
    });
  });

  it("takes the name from FN when N is missing, and the given name alone as last name", () => {
    expect(contactOf(only("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna Maria  Berg\r\nEND:VCARD\r\n"))).toMatchObject({
      firstName: "Anna Maria",
      lastName: "Berg",
    });
    expect(contactOf(only("BEGIN:VCARD\r\nVERSION:4.0\r\nN:;Cher;;;\r\nEND:VCARD\r\n"))).toMatchObject({ firstName: "", lastName: "Cher" });
  });

  it("parses parameters: quoted values with ; and :, RFC 6868 escapes, bare 2.1-style types", () => {
    const property = parseContentLine('EMAIL;TYPE="work,internet";LABEL="a;b:c ^\'q^\' ^^^n":x@example.com', 3);
    expect(property).toMatchObject({ name: "EMAIL", value: "x@example.com", line: 3 });
    expect(!("error" in property) && property.params).toEqual({ TYPE: ["work", "internet"], LABEL: ['a;b:c "q" ^\n'] });
    const bare = parseContentLine("TEL;CELL;WORK:+46 70", 1);
    expect(!("error" in bare) && bare.params.TYPE).toEqual(["cell", "work"]);
    expect(structured("a\\;b,c;d\\,e;;f")).toEqual([["a;b", "c"], ["d,e"], [""], ["f"]]);
  });

  it("ignores text outside cards", () => {
    const cards = parseVcards("hello\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nEND:VCARD\r\ntrailing junk\r\n");
    expect(cards).toHaveLength(1);
    expect(cards[0]!.error).toBeUndefined();
  });
});

describe("malformed cards", () => {
  const problem = (text: string, index = 0) => {
    const cards = parseVcards(text);
    const read = vcardToContact(cards[index]!);
    return "problem" in read ? read.problem : undefined;
  };

  it.each([
    ["no END", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\n", /missing END:VCARD/],
    ["no VERSION", "BEGIN:VCARD\r\nFN:A B\r\nEND:VCARD\r\n", /has no VERSION/],
    ["version 2.1", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A B\r\nEND:VCARD\r\n", /VERSION 2\.1 is not supported/],
    ["no name", "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:a@b.example\r\nEND:VCARD\r\n", /has no name/],
    ["a line without a colon", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN A B\r\nEND:VCARD\r\n", /line 3: not a vCard property/],
    ["an unclosed quote", 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN;X="a:b\r\nEND:VCARD\r\n', /line 3: a quoted parameter of FN is not closed/],
    ["a bad property name", "BEGIN:VCARD\r\nVERSION:4.0\r\nF N:x\r\nEND:VCARD\r\n", /is not a property name/],
    [
      "a birthday that is no date",
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nBDAY:1980-02-30\r\nEND:VCARD\r\n",
      /BDAY "1980-02-30" is not a date/,
    ],
  ])("reports a card with %s", (_what, text, message) => {
    expect(problem(text)).toMatch(message);
  });

  it("reports a card that runs into the next one, and still reads the next", () => {
    const cards = parseVcards("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:C D\r\nEND:VCARD\r\n");
    expect(cards).toHaveLength(2);
    expect(cards[0]!.error).toMatch(/BEGIN:VCARD before END:VCARD/);
    expect(contactOf(cards[1]!).lastName).toBe("D");
  });

  it("ignores a birthday without a year (a contact's birthday needs one)", () => {
    expect(contactOf(only("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A B\r\nBDAY:--0412\r\nEND:VCARD\r\n")).birthday).toBeUndefined();
  });

  it("finds nothing in a file without cards", () => {
    expect(parseVcards("")).toEqual([]);
    expect(parseVcards("just some text\r\n")).toEqual([]);
  });
});

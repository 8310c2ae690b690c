import type { CustomFieldType, ImportMapping, ImportObject, LocalizedLabel, Locale } from "@relata/contracts";
import type { FieldProblem } from "../../platform/errors";

/** What the import needs to know of a custom field definition. */
export type CustomDef = { key: string; type: CustomFieldType; required: boolean; archived: boolean; labels: LocalizedLabel };

/**
 * A built-in field a column can fill. `many`: several columns may map to it (each adds a value,
 * e.g. two phone columns); `synonyms`: folded header names suggested for it (en, sv, zh).
 */
type BuiltinTarget = { field: string; label: string; required?: boolean; many?: boolean; synonyms: string[] };

const emailSynonyms = [
  "email",
  "e-mail",
  "mail",
  "emailaddress",
  "e-post",
  "epost",
  "epostadress",
  "mejl",
  "邮箱",
  "电子邮件",
  "电子邮箱",
  "邮件",
];
const phoneSynonyms = ["phone", "telephone", "tel", "phonenumber", "telefon", "telefonnummer", "tfn", "电话", "电话号码", "联系电话"];

const companyTargets: BuiltinTarget[] = [
  {
    field: "name",
    label: "Name",
    required: true,
    synonyms: [
      "name",
      "companyname",
      "company",
      "organisation",
      "organization",
      "account",
      "accountname",
      "namn",
      "foretag",
      "foretagsnamn",
      "bolag",
      "bolagsnamn",
      "kund",
      "kundnamn",
      "名称",
      "公司",
      "公司名称",
      "企业名称",
      "客户",
      "客户名称",
    ],
  },
  { field: "kind", label: "Kind", synonyms: ["kind", "type", "companytype", "typ", "foretagstyp", "类型", "客户类型"] },
  {
    field: "stage",
    label: "Lifecycle stage",
    synonyms: ["stage", "lifecyclestage", "lifecycle", "fas", "stadium", "livscykel", "阶段", "生命周期"],
  },
  { field: "status", label: "Status", synonyms: ["status", "状态"] },
  { field: "grade", label: "Grade", synonyms: ["grade", "rating", "tier", "klass", "gradering", "等级", "级别"] },
  { field: "category", label: "Category", synonyms: ["category", "kategori", "类别", "分类"] },
  { field: "industry", label: "Industry", synonyms: ["industry", "sector", "bransch", "行业"] },
  {
    field: "lineOfBusiness",
    label: "Line of business",
    synonyms: ["lineofbusiness", "businessline", "lob", "affärsområde", "verksamhetsområde", "业务线", "业务领域"],
  },
  {
    field: "clientUnit",
    label: "Client unit",
    synonyms: ["clientunit", "orgunit", "organisationalunit", "enhet", "kundenhet", "组织单元", "客户部门"],
  },
  {
    field: "sizeBand",
    label: "Size",
    synonyms: [
      "size",
      "sizeband",
      "companysize",
      "employees",
      "numberofemployees",
      "storlek",
      "antalanstallda",
      "anstallda",
      "规模",
      "员工人数",
    ],
  },
  {
    field: "registrationNumber",
    label: "Registration number",
    synonyms: [
      "registrationnumber",
      "regno",
      "regnr",
      "companynumber",
      "companyid",
      "businessid",
      "vat",
      "vatnumber",
      "vatno",
      "orgnr",
      "organisationsnummer",
      "organisationsnr",
      "momsnummer",
      "注册号",
      "统一社会信用代码",
      "信用代码",
      "工商注册号",
    ],
  },
  {
    field: "website",
    label: "Website",
    synonyms: ["website", "web", "url", "homepage", "site", "webbplats", "hemsida", "webb", "网站", "网址", "主页"],
  },
  { field: "phone", label: "Phone", many: true, synonyms: [...phoneSynonyms, "mainphone", "vaxel", "总机"] },
  { field: "email", label: "Email", many: true, synonyms: emailSynonyms },
  {
    field: "street",
    label: "Street address",
    synonyms: [
      "street",
      "address",
      "streetaddress",
      "address1",
      "addressline1",
      "adress",
      "gatuadress",
      "besoksadress",
      "地址",
      "街道",
      "详细地址",
    ],
  },
  { field: "street2", label: "Address line 2", synonyms: ["address2", "addressline2", "street2", "co", "adress2"] },
  {
    field: "postalCode",
    label: "Postal code",
    synonyms: ["postalcode", "zip", "zipcode", "postcode", "postnummer", "postnr", "邮编", "邮政编码"],
  },
  { field: "city", label: "City", synonyms: ["city", "town", "ort", "stad", "postort", "城市", "市"] },
  { field: "region", label: "Region", synonyms: ["region", "state", "province", "county", "lan", "省", "省份", "地区"] },
  { field: "country", label: "Country", synonyms: ["country", "countrycode", "land", "landskod", "国家", "国家代码"] },
  { field: "currency", label: "Currency", synonyms: ["currency", "valuta", "货币", "币种"] },
  {
    field: "description",
    label: "Description",
    synonyms: ["description", "notes", "note", "comment", "beskrivning", "anteckningar", "描述", "备注", "说明"],
  },
  {
    field: "ownerEmail",
    label: "Owner (email)",
    synonyms: [
      "owner",
      "owneremail",
      "accountowner",
      "salesrep",
      "agare",
      "ansvarig",
      "kundansvarig",
      "saljare",
      "负责人",
      "负责人邮箱",
      "销售",
    ],
  },
];

const contactTargets: BuiltinTarget[] = [
  {
    field: "fullName",
    label: "Full name (split into first and last)",
    synonyms: ["name", "fullname", "contact", "contactname", "namn", "kontakt", "kontaktperson", "姓名", "联系人"],
  },
  { field: "firstName", label: "First name", synonyms: ["firstname", "givenname", "forename", "fornamn", "名", "名字"] },
  { field: "lastName", label: "Last name", required: true, synonyms: ["lastname", "surname", "familyname", "efternamn", "姓", "姓氏"] },
  {
    field: "companyName",
    label: "Company name",
    synonyms: [
      "company",
      "companyname",
      "organisation",
      "organization",
      "account",
      "foretag",
      "bolag",
      "kund",
      "公司",
      "公司名称",
      "单位",
      "客户",
    ],
  },
  {
    field: "companyRegistrationNumber",
    label: "Company registration number",
    synonyms: [
      "companyregistrationnumber",
      "registrationnumber",
      "orgnr",
      "organisationsnummer",
      "companynumber",
      "统一社会信用代码",
      "注册号",
    ],
  },
  {
    field: "title",
    label: "Title",
    synonyms: ["title", "jobtitle", "position", "role", "titel", "befattning", "roll", "职位", "职务", "头衔"],
  },
  { field: "department", label: "Department", synonyms: ["department", "dept", "avdelning", "部门"] },
  { field: "function", label: "Function", synonyms: ["function", "funktion", "职能"] },
  {
    field: "clientUnit",
    label: "Client unit",
    synonyms: ["clientunit", "orgunit", "organisationalunit", "enhet", "kundenhet", "组织单元", "客户部门"],
  },
  { field: "email", label: "Email", many: true, synonyms: [...emailSynonyms, "workemail", "jobbmejl"] },
  { field: "phone", label: "Phone", many: true, synonyms: [...phoneSynonyms, "workphone", "direktnummer", "办公电话"] },
  {
    field: "mobile",
    label: "Mobile",
    many: true,
    synonyms: ["mobile", "mobilephone", "cell", "cellphone", "mobil", "mobiltelefon", "mobilnummer", "手机", "手机号", "手机号码"],
  },
  {
    field: "birthday",
    label: "Birthday",
    synonyms: ["birthday", "birthdate", "dateofbirth", "dob", "fodelsedag", "fodelsedatum", "生日", "出生日期"],
  },
  { field: "preferredLanguage", label: "Preferred language", synonyms: ["language", "preferredlanguage", "sprak", "语言"] },
  { field: "preferredChannel", label: "Preferred channel", synonyms: ["channel", "preferredchannel", "kanal", "渠道", "联系方式"] },
  { field: "consentEmail", label: "Consent: email", synonyms: ["consentemail", "emailconsent", "emailoptin", "samtyckeepost", "邮件同意"] },
  { field: "consentSms", label: "Consent: SMS", synonyms: ["consentsms", "smsconsent", "smsoptin", "samtyckesms", "短信同意"] },
  { field: "consentCalls", label: "Consent: calls", synonyms: ["consentcalls", "callconsent", "samtyckesamtal", "电话同意"] },
  { field: "notes", label: "Notes", synonyms: ["notes", "note", "comment", "comments", "anteckningar", "kommentar", "备注"] },
];

export const builtinTargets: Record<ImportObject, BuiltinTarget[]> = { company: companyTargets, contact: contactTargets };

/** Lower case, accents and everything but letters and digits dropped: "E-post" → "epost", "Org.nr" → "orgnr". */
export const foldName = (value: string) =>
  value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

export type Target = { field: string; label: string; required: boolean; many: boolean; custom?: CustomDef };

/** Every field an import of `object` can fill: built-in ones, then the active custom fields. */
export function importTargets(object: ImportObject, defs: readonly CustomDef[], locale: Locale = "en"): Target[] {
  const builtin = builtinTargets[object].map((target) => ({
    field: target.field,
    label: target.label,
    required: target.required ?? false,
    many: target.many ?? false,
  }));
  const custom = defs
    .filter((def) => !def.archived)
    .map((def) => ({
      field: `custom.${def.key}`,
      label: def.labels[locale] || def.labels.en,
      required: def.required,
      many: false,
      custom: def,
    }));
  return [...builtin, ...custom];
}

/** Problems of a mapping: columns the file does not have, unknown fields, a single-value field mapped twice. */
export function mappingProblems(mapping: ImportMapping, headers: readonly string[], targets: readonly Target[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byField = new Map(targets.map((target) => [target.field, target]));
  const used = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) {
    const where = `mapping.${header}`;
    if (header === "" || !headers.includes(header)) {
      problems.push({ field: where, message: "is not a column of this file" });
      continue;
    }
    const target = byField.get(field);
    if (!target) {
      problems.push({ field: where, message: `"${field}" is not a field you can import into` });
      continue;
    }
    const earlier = used.get(field);
    if (earlier !== undefined && !target.many) {
      problems.push({ field: where, message: `"${field}" is already filled from the column "${earlier}"` });
      continue;
    }
    used.set(field, header);
  }
  return problems;
}

/** What a mapping must cover before an import can start. */
export function missingRequired(object: ImportObject, mapping: ImportMapping): FieldProblem[] {
  const fields = new Set(Object.values(mapping));
  if (object === "company") return fields.has("name") ? [] : [{ field: "mapping", message: "map a column to name" }];
  const problems: FieldProblem[] = [];
  if (!fields.has("lastName") && !fields.has("fullName"))
    problems.push({ field: "mapping", message: "map a column to lastName or fullName" });
  if (!fields.has("companyName") && !fields.has("companyRegistrationNumber"))
    problems.push({ field: "mapping", message: "map a column to companyName or companyRegistrationNumber" });
  return problems;
}

/**
 * A suggested mapping for a new file: a saved mapping whose columns all exist in this file
 * (the one covering most columns, newest first on ties), then header names recognised by
 * synonym, custom field key or label. A field is suggested once unless it takes many columns.
 */
export function suggestMapping(
  object: ImportObject,
  headers: readonly string[],
  targets: readonly Target[],
  saved: readonly ImportMapping[],
): ImportMapping {
  const mapping: ImportMapping = {};
  const known = new Map(targets.map((target) => [target.field, target]));
  const used = new Set<string>();
  const fits = saved
    .map((candidate, index) => ({ candidate, index }))
    .filter(({ candidate }) => Object.keys(candidate).length > 0 && Object.keys(candidate).every((header) => headers.includes(header)))
    .sort((a, b) => Object.keys(b.candidate).length - Object.keys(a.candidate).length || a.index - b.index)[0];
  if (fits) {
    for (const [header, field] of Object.entries(fits.candidate)) {
      const target = known.get(field);
      if (!target || (used.has(field) && !target.many)) continue;
      mapping[header] = field;
      used.add(field);
    }
  }
  const bySynonym = new Map<string, string>();
  for (const target of builtinTargets[object]) for (const synonym of target.synonyms) bySynonym.set(foldName(synonym), target.field);
  for (const target of targets) {
    if (!target.custom) continue;
    bySynonym.set(foldName(target.custom.key), target.field);
    for (const label of Object.values(target.custom.labels)) if (label) bySynonym.set(foldName(label), target.field);
  }
  for (const header of headers) {
    if (header === "" || mapping[header] !== undefined) continue;
    const folded = foldName(header);
    const field = bySynonym.get(folded) ?? (known.has(header) ? header : undefined);
    if (!field) continue;
    const target = known.get(field);
    if (!target || (used.has(field) && !target.many)) continue;
    mapping[header] = field;
    used.add(field);
  }
  return mapping;
}

// ─── Cell values ─────────────────────────────────────────────────────────────

/** `'=…`: our own CSV exports guard formulas with a leading apostrophe; importing them back drops it. */
export function cleanCell(raw: string): string {
  const trimmed = raw.trim();
  return /^'[=+\-@\t\r]/.test(trimmed) ? trimmed.slice(1) : trimmed;
}

/** A value of a fixed list, matched case- and accent-insensitively, by value or by an alias. */
const foldedValues = new WeakMap<readonly string[], Map<string, string>>();

export function enumValue<T extends string>(raw: string, values: readonly T[], aliases: Record<string, T> = {}): T | undefined {
  let byFolded = foldedValues.get(values);
  if (!byFolded) {
    byFolded = new Map(values.map((value) => [foldName(value), value]));
    foldedValues.set(values, byFolded);
  }
  const folded = foldName(raw);
  return (byFolded.get(folded) as T | undefined) ?? aliases[folded];
}

const truthy = new Set(["true", "yes", "y", "1", "x", "ja", "j", "sant", "是", "对", "有"]);
const falsy = new Set(["false", "no", "n", "0", "nej", "falskt", "否", "不", "无"]);

export function booleanValue(raw: string): boolean | undefined {
  const folded = foldName(raw) || raw.trim();
  if (truthy.has(folded)) return true;
  if (falsy.has(folded)) return false;
  return undefined;
}

let countryNames: Map<string, string> | undefined;

/** A country as a two-letter code: the code itself, or its name in English, Swedish or Chinese. */
export function countryValue(raw: string): string {
  const value = raw.trim();
  if (/^[A-Za-z]{2}$/.test(value)) return value.toUpperCase();
  if (!countryNames) {
    countryNames = new Map();
    const namers = ["en", "sv", "zh"].map((language) => new Intl.DisplayNames([language], { type: "region", fallback: "none" }));
    for (let a = 65; a <= 90; a++)
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        for (const namer of namers) {
          const name = namer.of(code);
          if (name && code !== "ZZ") countryNames.set(foldName(name), code);
        }
      }
    for (const [alias, code] of Object.entries({ usa: "US", uk: "GB", england: "GB", prc: "CN", 中国大陆: "CN" }))
      countryNames.set(alias, code);
  }
  return countryNames.get(foldName(value)) ?? value;
}

/** Dates as spreadsheets write them: 2024-03-05, 2024/3/5, 2024.03.05 → 2024-03-05 (anything else is left for validation). */
export function dateValue(raw: string): string {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw.trim());
  if (!match) return raw.trim();
  return `${match[1]}-${match[2]!.padStart(2, "0")}-${match[3]!.padStart(2, "0")}`;
}

/** Several values in one cell: emails split on ; , and spaces; phones on ; and line breaks. */
export const splitEmails = (raw: string) => raw.split(/[;,\s]+/).filter(Boolean);
export const splitPhones = (raw: string) =>
  raw
    .split(/[;\n\r]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** "Anna Maria Svensson" → first "Anna Maria", last "Svensson"; a single word is the last name. */
export function splitFullName(raw: string): { firstName: string; lastName: string } {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { firstName: "", lastName: words[0] ?? "" };
  return { firstName: words.slice(0, -1).join(" "), lastName: words.at(-1)! };
}

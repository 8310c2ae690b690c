/**
 * The demo data generator: companies (multinational groups and standalone ones), contacts with
 * reporting lines, timeline entries, documents, contracts with items and fulfilments, revenue,
 * invoices and payments, customers' orders with their status history, the staff's tasks about
 * them, and the contracts prospects have with competitors — as COPY lines per table, company by company. Every value comes from
 * `Random` streams keyed by the seed and the company's index, so a chunk of companies can be
 * generated on its own and the same seed always gives the same rows.
 */
import { addDays, addMonths, copyLine, dateOf, dayMs, money, pgArray, timestampOf, type CopyValue } from "./copy-text";
import type { OrderStatus } from "@relata/contracts";
import { Random, uuidOf } from "./random";
import {
  contractTitles,
  countries,
  countryByCode,
  countryWeights,
  enFamily,
  enGiven,
  functions,
  interactionKinds,
  linesOfBusiness,
  nameParts,
  outcomes,
  taskTitles,
  competitorNames,
  competitorProducts,
  svFamily,
  svGiven,
  timelineKinds,
  timelineSentences,
  timelineSubjects,
  tradeLine,
  zhFamily,
  zhGiven,
  type Country,
  type Language,
} from "./vocabulary";

export const scaleNames = ["tiny", "demo", "100k", "1m"] as const;
export type ScaleName = (typeof scaleNames)[number];

export type Scale = {
  companies: number;
  /** Mean contacts and timeline entries per company (100k: 300,000 contacts, 1,000,000 entries). */
  contactsPerCompany: number;
  timelinePerCompany: number;
  /** Mean tasks per company (open ones around the as-of day, done and cancelled ones before it). */
  tasksPerCompany: number;
  /** Share of companies that belong to a corporate group. */
  groupShare: number;
  /** Share of customers with contracts (and so revenue, invoices and payments). */
  contractShare: number;
  /**
   * Business reminders are planned for the loaded contracts, invoices and competitor contracts
   * through the reminders service, as their own writes plan them. Bulk scales leave them out: a
   * first start would send tens of thousands of reminders already due on the as-of day.
   */
  plansReminders: boolean;
};

/** What every scale shares; they differ in size, how many belong to groups or have contracts, and reminders. */
const perCompany = { contactsPerCompany: 3, timelinePerCompany: 10, tasksPerCompany: 1.5 } as const;
/** The bulk scales are the same data at two sizes. */
const bulk = { ...perCompany, groupShare: 0.15, contractShare: 0.35, plansReminders: false } as const;

export const scales: Record<ScaleName, Scale> = {
  tiny: { ...perCompany, companies: 50, groupShare: 0.4, contractShare: 0.6, plansReminders: true },
  demo: { ...perCompany, companies: 400, groupShare: 0.3, contractShare: 0.5, plansReminders: true },
  "100k": { ...bulk, companies: 100_000 },
  "1m": { ...bulk, companies: 1_000_000 },
};

/** The tables the generator writes, in the order they must be loaded (references first), with their columns. */
export const seedTables = {
  companies: [
    "id",
    "name",
    "kind",
    "stage",
    "stage_changed_at",
    "status",
    "category",
    "industry",
    "size_band",
    "registration_number",
    "website",
    "domain",
    "phones",
    "emails",
    "addresses",
    "country",
    "currency",
    "line_of_business",
    "description",
    "owner_id",
    "created_at",
    "updated_at",
  ],
  company_links: ["id", "company_id", "parent_id", "relation", "share", "valid_from", "current", "created_by", "created_at", "updated_at"],
  company_tree: ["ancestor_id", "descendant_id", "depth"],
  company_stage_changes: ["id", "company_id", "from_stage", "to_stage", "changed_at", "changed_by"],
  contacts: [
    "id",
    "company_id",
    "first_name",
    "last_name",
    "title",
    "department",
    "function",
    "reports_to_id",
    "emails",
    "phones",
    "preferred_language",
    "preferred_channel",
    "consent_email",
    "consent_sms",
    "consent_calls",
    "created_at",
    "updated_at",
  ],
  contact_points: ["object", "record_id", "kind", "value"],
  account_team_members: ["id", "company_id", "user_id", "role", "starts_on", "created_at", "updated_at"],
  timeline_entries: [
    "id",
    "company_id",
    "kind",
    "author_id",
    "occurred_at",
    "direction",
    "duration_minutes",
    "subject",
    "body_html",
    "body_text",
    "outcome",
    "pinned",
    "created_at",
    "updated_at",
  ],
  timeline_entry_contacts: ["entry_id", "contact_id"],
  documents: [
    "id",
    "company_id",
    "record_type",
    "record_id",
    "kind",
    "title",
    "description",
    "revision_count",
    "created_by",
    "created_at",
    "updated_at",
  ],
  document_revisions: ["id", "document_id", "number", "file_name", "size", "content_type", "sha256", "note", "author_id", "created_at"],
  contracts: [
    "id",
    "company_id",
    "number",
    "title",
    "status",
    "our_signer_id",
    "client_signer_ids",
    "signed_on",
    "start_on",
    "end_on",
    "currency",
    "value",
    "payment_terms_days",
    "document_revision_id",
    "created_at",
    "updated_at",
  ],
  contract_items: [
    "id",
    "contract_id",
    "product_id",
    "position",
    "quantity",
    "unit_price",
    "discount_percent",
    "delivery_on",
    "fulfilled_quantity",
    "fulfilled_on",
    "service_months",
    "created_at",
    "updated_at",
  ],
  fulfilments: [
    "id",
    "contract_item_id",
    "contract_id",
    "company_id",
    "quantity",
    "amount",
    "currency",
    "fulfilled_on",
    "created_by",
    "created_at",
  ],
  service_items: [
    "id",
    "company_id",
    "product_id",
    "contract_id",
    "contract_item_id",
    "fulfilment_id",
    "quantity",
    "starts_on",
    "ends_on",
    "warranty_ends_on",
    "created_at",
  ],
  revenue_entries: [
    "id",
    "company_id",
    "contract_id",
    "fulfilment_id",
    "product_id",
    "currency",
    "amount",
    "cost",
    "booked_on",
    "created_at",
  ],
  invoices: [
    "id",
    "company_id",
    "contract_id",
    "number",
    "status",
    "currency",
    "issued_on",
    "due_on",
    "total",
    "paid",
    "paid_on",
    "created_at",
    "updated_at",
  ],
  invoice_lines: [
    "id",
    "invoice_id",
    "description",
    "quantity",
    "unit_price",
    "amount",
    "contract_item_id",
    "fulfilment_id",
    "position",
    "created_at",
  ],
  payments: ["id", "company_id", "currency", "amount", "unapplied", "received_on", "method", "reference", "created_at", "updated_at"],
  payment_allocations: ["id", "payment_id", "invoice_id", "amount", "applied_on", "created_at"],
  tasks: [
    "id",
    "title",
    "description",
    "assignee_id",
    "creator_id",
    "due_at",
    "priority",
    "status",
    "completed_at",
    "company_id",
    "related_type",
    "related_id",
    "remind_minutes_before",
    "remind_at",
    "reminded_at",
    "created_at",
    "updated_at",
  ],
  orders: [
    "id",
    "company_id",
    "number",
    "status",
    "currency",
    "total",
    "ordered_on",
    "contract_id",
    "note",
    "created_by",
    "created_at",
    "updated_at",
  ],
  order_lines: ["id", "order_id", "product_id", "position", "quantity", "unit_price", "amount"],
  order_status_changes: ["id", "order_id", "from_status", "to_status", "changed_at", "changed_by", "note"],
  competitor_contracts: [
    "id",
    "company_id",
    "competitor",
    "product",
    "value",
    "currency",
    "starts_on",
    "expires_on",
    "notes",
    "reminder_lead_days",
    "created_by",
    "created_at",
    "updated_at",
  ],
} as const;

export type SeedTable = keyof typeof seedTables;
export const seedTableNames = Object.keys(seedTables) as SeedTable[];

export type StaffMember = { id: string; key: string; role: string; utcOffset: number };
export type Product = {
  id: string;
  code: string;
  name: string;
  kind: "goods" | "service";
  serviceMonths: number | null;
  /** Per currency: list price and unit cost in cents. */
  prices: Map<string, { price: number; cost: number | null }>;
};

/** What the generator needs from the database it loads into (users, catalogue, stored file, invoice numbers). */
export type GeneratorContext = {
  seed: number;
  /** Midnight (UTC) of the day the data is "as of", in ms: every date lies before it. */
  asOf: number;
  staff: StaffMember[];
  products: Product[];
  linesOfBusiness: string[];
  /** The one stored file every demo document revision points at. */
  file: { sha256: string; size: number };
  /** The next invoice number to use; advanced as invoices are generated. */
  nextInvoiceNumber: number;
  /** The next order number to use (`order_number_seq`); advanced as orders are generated. */
  nextOrderNumber: number;
};

export type Layout = {
  /** Index of the parent company, or -1. Parents always come before their subsidiaries. */
  parent: Int32Array;
  depth: Int8Array;
  /** Index into `countries`. */
  country: Uint8Array;
  /** Index of the group's root (the company itself when standalone or root). */
  root: Int32Array;
};

const countryIndex = new Map(countries.map((country, index) => [country.code, index]));

/** Where every company sits: standalone, or in a group (root, country subsidiaries, their branches). */
export function buildLayout(seed: number, scale: Scale): Layout {
  const n = scale.companies;
  const layout: Layout = {
    parent: new Int32Array(n).fill(-1),
    depth: new Int8Array(n),
    country: new Uint8Array(n),
    root: new Int32Array(n),
  };
  const rng = new Random(seed, "layout");
  const inGroups = Math.round(n * scale.groupShare);
  let i = 0;
  while (i < n) {
    const left = inGroups - i;
    if (left >= 4) {
      const size = left < 8 ? left : Math.min(left, rng.int(4, Math.min(30, left)));
      const rootCountry = countryIndex.get(rng.weighted(countryWeights))!;
      const abroad = shuffle(
        rng,
        countries.map((_, index) => index).filter((index) => index !== rootCountry),
      );
      const firstLevel = Math.min(size - 1, rng.int(3, 8));
      layout.country[i] = rootCountry;
      layout.root[i] = i;
      for (let k = 1; k < size; k++) {
        const index = i + k;
        let parent: number;
        if (k <= firstLevel) {
          parent = i;
          layout.country[index] = abroad[(k - 1) % abroad.length]!;
        } else {
          // Branches hang under a country subsidiary (or under one of its branches): up to three levels.
          do parent = i + rng.int(1, k - 1);
          while (layout.depth[parent]! >= 2);
          layout.country[index] = layout.country[parent]!;
        }
        layout.parent[index] = parent;
        layout.depth[index] = layout.depth[parent]! + 1;
        layout.root[index] = i;
      }
      i += size;
    } else {
      layout.country[i] = countryIndex.get(rng.weighted(countryWeights))!;
      layout.root[i] = i;
      i++;
    }
  }
  return layout;
}

function shuffle<T>(rng: Random, values: T[]): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}

/** A group's (or a standalone company's) name: the distinctive part in Latin and local script, and the trade. */
type GroupName = { core: string; coreLocal: string; trade: string; tradeLocal: string; language: Language; slug: string };

function groupName(seed: number, rootIndex: number, language: Language): GroupName {
  const rng = new Random(seed, "name", rootIndex);
  const { svFirst, svLast, svTrades, enFirst, enLast, enTrades, zhFirst, zhLast, zhTrades } = nameParts;
  if (language === "zh") {
    const first = rng.pick(zhFirst);
    const last = rng.pick(zhLast);
    const trade = rng.pick(zhTrades);
    const core = `${first[1]}${last[1]}`;
    return { core, coreLocal: `${first[0]}${last[0]}`, trade: trade[1], tradeLocal: trade[0], language, slug: slug(`${core}-${trade[1]}`) };
  }
  const [firsts, lasts, trades] = language === "sv" ? [svFirst, svLast, svTrades] : [enFirst, enLast, enTrades];
  const core = `${rng.pick(firsts)}${rng.pick(lasts)}`;
  const trade = rng.pick(trades);
  return { core, coreLocal: core, trade, tradeLocal: trade, language, slug: slug(`${core}-${trade}`) };
}

const slugMap: Record<string, string> = { å: "a", ä: "a", ö: "o", é: "e", ü: "u", ø: "o", æ: "ae" };
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[åäöéüøæ]/g, (c) => slugMap[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The company's legal name in its country: Swedish, Chinese or English with the local legal form. */
function companyName(name: GroupName, country: Country, subsidiary: boolean, city: string): string {
  if (country.language === "zh") {
    if (name.language === "zh")
      return `${country.code === "CN" && subsidiary ? city : ""}${name.coreLocal}${name.tradeLocal}${country.legalForm}`;
    return `${name.core} ${name.trade}(中国)${country.legalForm}`;
  }
  const base = name.language === "zh" ? `${name.core} ${name.trade}` : `${name.coreLocal} ${name.tradeLocal}`;
  return subsidiary ? `${base} ${country.label} ${country.legalForm}` : `${base} ${country.legalForm}`;
}

function personName(rng: Random, language: Language): { first: string; last: string; emailLocal: string } {
  if (language === "zh") {
    const family = rng.pick(zhFamily);
    const given = rng.pick(zhGiven);
    return { first: given[0], last: family[0], emailLocal: `${given[1]}.${family[1]}`.toLowerCase() };
  }
  const [givens, families] = language === "sv" ? [svGiven, svFamily] : [enGiven, enFamily];
  const first = rng.pick(givens);
  const last = rng.pick(families);
  return { first, last, emailLocal: slug(`${first}.${last}`).replace(/-/g, ".") };
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function phoneOf(rng: Random, pattern: string) {
  const number = rng.digits(pattern);
  return { number, e164: `+${number.replace(/\D/g, "")}` };
}

const functionWeights = functions.slice(1).map((f) => [f, f.weight] as const);

const stages = [
  ["lead", 30],
  ["prospect", 22],
  ["customer", 38],
  ["former", 10],
] as const;
const sizeBands = ["1-9", "10-49", "50-249", "250-999", "1000-4999", "5000+"] as const;

/** A chunk's rows: COPY lines per table. */
export type Batch = Map<SeedTable, string[]>;

export function emptyBatch(): Batch {
  return new Map(seedTableNames.map((table) => [table, []]));
}

/**
 * Everything about company `index`, as rows of every table. `ctx.nextInvoiceNumber` and `ctx.nextOrderNumber` advance,
 * so chunks must be generated in index order.
 */
export function generateCompany(ctx: GeneratorContext, scale: Scale, layout: Layout, index: number, batch: Batch): void {
  const { seed, asOf } = ctx;
  const put = (table: SeedTable, values: readonly CopyValue[]) => batch.get(table)!.push(copyLine(values));
  const rng = new Random(seed, "company", index);
  const id = uuidOf(seed, "company", index);
  const country = countries[layout.country[index]!]!;
  const language = country.language;
  const rootIndex = layout.root[index]!;
  const inGroup = rootIndex !== index || layout.parent[index + 1] === index;
  const parentIndex = layout.parent[index]!;
  const rootCountry = countries[layout.country[rootIndex]!]!;
  const name = groupName(seed, rootIndex, rootCountry.language);
  const city = rng.pick(country.cities);
  const legalName = companyName(name, country, parentIndex >= 0, city.name);
  const domain = `${name.slug}${parentIndex >= 0 ? `-${country.code.toLowerCase()}` : ""}.example`;

  // Group members are customers, managed by the group root's account manager.
  const stage: string = inGroup ? (rng.chance(0.85) ? "customer" : "prospect") : rng.weighted(stages);
  const owner = ownerOf(ctx, rootIndex === index ? country : rootCountry, inGroup || stage === "customer" || stage === "former");
  const createdAt = asOf - rng.int(60, 3650) * dayMs - rng.int(0, dayMs - 1);
  const changes: { from: string | null; to: string; at: number }[] = [{ from: null, to: "lead", at: createdAt }];
  const span = asOf - createdAt;
  if (stage !== "lead") changes.push({ from: "lead", to: "prospect", at: createdAt + Math.floor(span * 0.1 * rng.next()) });
  if (stage === "customer" || stage === "former")
    changes.push({ from: "prospect", to: "customer", at: changes.at(-1)!.at + Math.floor(span * 0.2 * rng.next()) + dayMs });
  if (stage === "former") changes.push({ from: "customer", to: "former", at: asOf - Math.floor(span * 0.2 * rng.next()) - dayMs });
  const stageChangedAt = changes.at(-1)!.at;
  const customerSince = stage === "customer" ? stageChangedAt : null;

  const serial = String(index + 1).padStart(7, "0") + String(rng.int(10, 99));
  const phone = phoneOf(rng, country.phone);
  // The industry and line of business follow the trade in the name (a controlled vocabulary, not the word itself).
  const line = linesOfBusiness.find((candidate) => candidate.key === tradeLine[name.trade]);
  const lineOfBusiness = line && ctx.linesOfBusiness.includes(line.key) ? line.key : null;
  const street = `${rng.pick(city.street)} ${rng.int(1, 120)}`;
  const address = {
    type: "visiting",
    line1: language === "zh" ? `${city.name}${rng.pick(city.street)}${rng.int(1, 999)}号` : street,
    line2: null,
    postalCode: rng.digits(city.postalCode),
    city: city.name,
    region: city.region,
    country: country.code,
  };
  const registration = country.registration(serial);
  put("companies", [
    id,
    legalName,
    "client",
    stage,
    timestampOf(stageChangedAt),
    stage === "former" ? "inactive" : "active",
    null,
    line?.industry ?? null,
    rootIndex === index && inGroup ? "5000+" : rng.pick(sizeBands),
    registration,
    `https://www.${domain}`,
    domain,
    [{ type: "main", number: phone.number, e164: phone.e164 }],
    [{ type: "general", address: `info@${domain}` }],
    [address],
    country.code,
    country.currency,
    lineOfBusiness,
    null,
    owner,
    timestampOf(createdAt),
    timestampOf(createdAt),
  ]);
  for (const [k, change] of changes.entries())
    put("company_stage_changes", [uuidOf(seed, "stage", index, k), id, change.from, change.to, timestampOf(change.at), owner]);
  const registrationPoint = registration.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  put("contact_points", ["company", id, "registration", registrationPoint]);
  put("contact_points", ["company", id, "domain", domain]);
  put("contact_points", ["company", id, "email", `info@${domain}`]);
  put("contact_points", ["company", id, "phone", phone.e164]);

  if (parentIndex >= 0) {
    const relation = rng.weighted([
      ["subsidiary", 80],
      ["branch", 12],
      ["joint_venture", 4],
      ["affiliate", 4],
    ] as const);
    const share =
      relation === "subsidiary"
        ? rng.chance(0.7)
          ? "100"
          : String(rng.int(51, 99))
        : relation === "joint_venture"
          ? "50"
          : relation === "affiliate"
            ? String(rng.int(20, 49))
            : null;
    const validFrom = dateOf(createdAt);
    put("company_links", [
      uuidOf(seed, "link", index),
      id,
      uuidOf(seed, "company", parentIndex),
      relation,
      share,
      validFrom,
      true,
      owner,
      timestampOf(createdAt),
      timestampOf(createdAt),
    ]);
    for (let ancestor = parentIndex, depth = 1; ancestor >= 0; ancestor = layout.parent[ancestor]!, depth++)
      put("company_tree", [uuidOf(seed, "company", ancestor), id, depth]);
  }

  // Contacts: the first is the top of the company; the others report to it or to someone who does.
  const contactCount = Math.max(1, 1 + rng.skewed(scale.contactsPerCompany - 1) + (rootIndex === index && inGroup ? 3 : 0));
  const contactIds: string[] = [];
  const contactLanguage = language === "zh" ? "zh-CN" : language;
  for (let k = 0; k < contactCount; k++) {
    const contactId = uuidOf(seed, "contact", index, k);
    const person = personName(rng, language);
    const fn = k === 0 ? functions[0]! : rng.weighted(functionWeights);
    const reportsTo = k === 0 ? null : k < 3 ? contactIds[0]! : contactIds[rng.int(1, k - 1)]!;
    const email = `${person.emailLocal}${k > 8 ? k : ""}@${domain}`;
    const mobile = phoneOf(rng, country.mobile);
    const since = createdAt + Math.floor((asOf - createdAt) * 0.3 * rng.next());
    put("contacts", [
      contactId,
      id,
      person.first,
      person.last,
      fn.title[language],
      fn.department[language],
      fn.key,
      reportsTo,
      [{ type: "work", address: email }],
      [{ type: "mobile", number: mobile.number, e164: mobile.e164 }],
      contactLanguage,
      rng.pick(["email", "phone", "meeting"]),
      rng.chance(0.7),
      rng.chance(0.3),
      rng.chance(0.6),
      timestampOf(since),
      timestampOf(since),
    ]);
    put("contact_points", ["contact", contactId, "email", email]);
    put("contact_points", ["contact", contactId, "phone", mobile.e164]);
    contactIds.push(contactId);
  }

  if (customerSince !== null || inGroup) {
    const startsOn = dateOf(customerSince ?? createdAt);
    const manager = ctx.staff.find((member) => member.id === owner && member.role === "account_manager") ?? staffOf(ctx, "am1");
    put("account_team_members", [
      uuidOf(seed, "team", index, 0),
      id,
      manager.id,
      "account_manager",
      startsOn,
      timestampOf(createdAt),
      timestampOf(createdAt),
    ]);
    if (rng.chance(0.3))
      put("account_team_members", [
        uuidOf(seed, "team", index, 1),
        id,
        staffOf(ctx, "service").id,
        "service",
        startsOn,
        timestampOf(createdAt),
        timestampOf(createdAt),
      ]);
  }

  const facts: CompanyFacts = { index, companyId: id, owner, language, createdAt, contactIds };
  generateTimeline(ctx, scale, rng, facts, put);
  // Streams of their own: adding tasks and competitor contracts changed none of the rows generated before them.
  generateTasks(ctx, scale, new Random(seed, "tasks", index), facts, put);
  if (stage === "lead" || stage === "prospect")
    generateCompetitorContracts(ctx, new Random(seed, "competitor", index), facts, country.currency, put);
  if (customerSince !== null) generateOrders(ctx, new Random(seed, "orders", index), facts, country.currency, customerSince, put);

  if (
    customerSince !== null &&
    customerSince < asOf - 20 * dayMs &&
    (rng.chance(scale.contractShare) || (rootIndex === index && inGroup))
  ) {
    generateContracts(ctx, rng, index, id, owner, country, language, customerSince, contactIds, put);
  }
}

function staffOf(ctx: GeneratorContext, key: string): StaffMember {
  return ctx.staff.find((member) => member.key === key)!;
}

/** Customers go to account managers, leads and prospects to sales reps, by region. */
function ownerOf(ctx: GeneratorContext, country: Country, customer: boolean): string {
  const region = country.code === "CN" ? 2 : ["SE", "NO", "DK", "FI"].includes(country.code) ? 1 : country.code === "US" ? 3 : 4;
  const key = customer
    ? region === 1
      ? "am1"
      : region === 2
        ? "am2"
        : "am3"
    : region === 1
      ? "rep1"
      : region === 2
        ? "rep2"
        : region === 3
          ? "rep3"
          : "rep4";
  return staffOf(ctx, key).id;
}

type Put = (table: SeedTable, values: readonly CopyValue[]) => void;

/** What a company's timeline and tasks are generated from. */
type CompanyFacts = {
  index: number;
  companyId: string;
  owner: string;
  language: Language;
  createdAt: number;
  contactIds: string[];
};

function generateTimeline(ctx: GeneratorContext, scale: Scale, rng: Random, company: CompanyFacts, put: Put) {
  const { index, companyId, owner, language, createdAt, contactIds } = company;
  const count = rng.skewed(scale.timelinePerCompany);
  const writers = ctx.staff.filter((member) => member.role !== "executive");
  for (let k = 0; k < count; k++) {
    const entryId = uuidOf(ctx.seed, "timeline", index, k);
    const kind = rng.weighted(timelineKinds);
    const interaction = interactionKinds.has(kind);
    const author = rng.chance(0.6) ? owner : rng.pick(writers).id;
    const occurredAt = createdAt + Math.floor((ctx.asOf - createdAt) * rng.next());
    const text = rng.chance(0.5)
      ? rng.pick(timelineSentences[language])
      : `${rng.pick(timelineSentences[language])}${language === "zh" ? "" : " "}${rng.pick(timelineSentences[language])}`;
    const duration = kind === "call" ? rng.int(5, 45) : kind === "meeting" ? rng.int(30, 120) : kind === "visit" ? rng.int(60, 240) : null;
    put("timeline_entries", [
      entryId,
      companyId,
      kind,
      author,
      timestampOf(occurredAt),
      interaction ? (rng.chance(0.6) ? "out" : "in") : null,
      duration,
      rng.pick(timelineSubjects[language][kind]!),
      `<p>${escapeHtml(text)}</p>`,
      text,
      interaction && rng.chance(0.5) ? rng.pick(outcomes[language]) : null,
      kind === "note" && rng.chance(0.03),
      timestampOf(occurredAt),
      timestampOf(occurredAt),
    ]);
    if (interaction && contactIds.length > 0 && rng.chance(0.6)) put("timeline_entry_contacts", [entryId, rng.pick(contactIds)]);
  }
}

const taskPriorityWeights = [
  ["low", 15],
  ["normal", 60],
  ["high", 20],
  ["urgent", 5],
] as const;
/** Reminder leads in minutes (null: no reminder), as people pick them. */
const remindLeads = [0, 15, 60, 1440, null] as const;

/**
 * The company's tasks: open ones due from two weeks before the as-of day to six weeks after it
 * (so some are overdue), done and cancelled ones before it. Mostly the owner's, sometimes the
 * service desk's; a reminder already past on the as-of day counts as sent.
 */
function generateTasks(ctx: GeneratorContext, scale: Scale, rng: Random, company: CompanyFacts, put: Put) {
  const { index, companyId, owner, language, createdAt, contactIds } = company;
  const { asOf } = ctx;
  const count = rng.skewed(scale.tasksPerCompany);
  const colleagues = ctx.staff.filter((member) => member.role !== "executive");
  const service = staffOf(ctx, "service");
  for (let k = 0; k < count; k++) {
    const assignee = rng.chance(0.85) ? ctx.staff.find((member) => member.id === owner)! : service;
    const creator = rng.chance(0.7) ? assignee : rng.pick(colleagues);
    const status = rng.weighted([
      ["open", 55],
      ["done", 40],
      ["cancelled", 5],
    ] as const);
    // Due in the assignee's working day (09:00–16:00 their time).
    const day =
      status === "open"
        ? Math.floor(asOf / dayMs) + rng.int(-14, 42)
        : // From the company's second day on: no task falls due before its company existed.
          Math.floor((createdAt + dayMs + (asOf - createdAt - 2 * dayMs) * rng.next()) / dayMs);
    const dueAt = day * dayMs + ((rng.int(9, 16) - assignee.utcOffset) * 60 + rng.pick([0, 30])) * 60_000;
    const created = Math.max(createdAt, dueAt - rng.int(1, 21) * dayMs - rng.int(0, 8 * 3_600_000));
    const lead = rng.pick(remindLeads);
    const remindAt = lead === null ? null : dueAt - lead * 60_000;
    const remindedAt = remindAt !== null && remindAt < asOf ? Math.max(remindAt, created) : null;
    const completedAt = status === "open" ? null : Math.min(asOf - 60_000, dueAt + rng.int(-3, 2) * dayMs + rng.int(0, 3_600_000));
    const related =
      contactIds.length > 0 && rng.chance(0.4) ? (["contact", rng.pick(contactIds)] as const) : (["company", companyId] as const);
    put("tasks", [
      uuidOf(ctx.seed, "task", index, k),
      rng.pick(taskTitles[language]),
      rng.chance(0.3) ? rng.pick(timelineSentences[language]) : null,
      assignee.id,
      creator.id,
      timestampOf(dueAt),
      rng.weighted(taskPriorityWeights),
      status,
      completedAt === null ? null : timestampOf(Math.max(completedAt, created)),
      companyId,
      related[0],
      related[1],
      lead,
      remindAt === null ? null : timestampOf(remindAt),
      remindedAt === null ? null : timestampOf(remindedAt),
      timestampOf(created),
      timestampOf(completedAt === null ? created : Math.max(completedAt, created)),
    ]);
  }
}

/** An order's way through its statuses (the service's transitions), and the days each step takes. */
type OrderStep = readonly [to: Exclude<OrderStatus, "entered">, leastDays: number, mostDays: number];
const orderPaths: readonly (readonly [readonly OrderStep[], number])[] = [
  [
    [
      ["confirmed", 1, 3],
      ["shipped", 2, 10],
      ["delivered", 2, 7],
    ],
    85,
  ],
  [[["cancelled", 0, 5]], 8],
  [
    [
      ["confirmed", 1, 3],
      ["cancelled", 1, 10],
    ],
    7,
  ],
];

/**
 * A customer's orders over its time as a customer: lines of the catalogue at list price in its
 * currency, each with the statuses it went through. Orders placed a month or more before the
 * as-of day have gone all the way (delivered, or cancelled); recent ones are still on their way.
 */
function generateOrders(ctx: GeneratorContext, rng: Random, company: CompanyFacts, currency: string, customerSince: number, put: Put) {
  const { asOf } = ctx;
  const count = rng.skewed(2);
  for (let k = 0; k < count; k++) {
    const orderId = uuidOf(ctx.seed, "order", company.index, k);
    const orderedDay = Math.floor((customerSince + (asOf - dayMs - customerSince) * rng.next()) / dayMs);
    const lines = rng.int(1, 3);
    let totalCents = 0;
    for (let position = 1; position <= lines; position++) {
      const product = rng.pick(ctx.products);
      const price = product.prices.get(currency)!.price;
      const quantity = product.kind === "service" ? rng.int(1, 3) : rng.int(1, 40);
      totalCents += quantity * price;
      put("order_lines", [
        uuidOf(ctx.seed, "order-line", company.index, k, position),
        orderId,
        product.id,
        position,
        `${quantity}.000`,
        money(price),
        money(quantity * price),
      ]);
    }
    const path = rng.weighted(orderPaths);
    const enteredAt = orderedDay * dayMs + rng.int(7, 16) * 3_600_000;
    const changes: { from: string | null; to: string; at: number }[] = [{ from: null, to: "entered", at: enteredAt }];
    for (const [to, least, most] of path) {
      const at = changes.at(-1)!.at + rng.int(least, most) * dayMs + rng.int(0, 3_600_000);
      if (at >= asOf) break;
      changes.push({ from: changes.at(-1)!.to, to, at });
    }
    const last = changes.at(-1)!;
    put("orders", [
      orderId,
      company.companyId,
      `ORD-${String(ctx.nextOrderNumber++).padStart(6, "0")}`,
      last.to,
      currency,
      money(totalCents),
      dateOf(orderedDay * dayMs),
      null,
      null,
      company.owner,
      timestampOf(enteredAt),
      timestampOf(last.at),
    ]);
    for (const [n, change] of changes.entries())
      put("order_status_changes", [
        uuidOf(ctx.seed, "order-status", company.index, k, n),
        orderId,
        change.from,
        change.to,
        timestampOf(change.at),
        company.owner,
        null,
      ]);
  }
}

/**
 * A prospect's contracts with competitors (a third of leads and prospects have one or two): what,
 * for how much, and when it runs out — from two months past to a year and a half ahead, the
 * moment to win the client over.
 */
function generateCompetitorContracts(ctx: GeneratorContext, rng: Random, company: CompanyFacts, currency: string, put: Put) {
  if (!rng.chance(1 / 3)) return;
  const { asOf } = ctx;
  const count = rng.chance(0.2) ? 2 : 1;
  for (let k = 0; k < count; k++) {
    const expiresDay = Math.floor(asOf / dayMs) + rng.int(-60, 540);
    const startsDay = expiresDay - rng.pick([12, 24, 36]) * 30 - rng.int(0, 20);
    // Recorded when it started, but not before the company existed nor on the as-of day itself.
    const created = Math.min(asOf - dayMs, Math.max(company.createdAt, startsDay * dayMs));
    const value = rng.chance(0.8) ? rng.int(20, 2_000) * 1_000 * 100 : null;
    put("competitor_contracts", [
      uuidOf(ctx.seed, "competitor", company.index, k),
      company.companyId,
      rng.pick(competitorNames),
      rng.pick(competitorProducts[company.language]),
      value === null ? null : money(value),
      value === null ? null : currency,
      dateOf(startsDay * dayMs),
      dateOf(expiresDay * dayMs),
      rng.chance(0.3) ? rng.pick(timelineSentences[company.language]) : null,
      rng.pick([30, 60, 90]),
      company.owner,
      timestampOf(created),
      timestampOf(created),
    ]);
  }
}

function generateContracts(
  ctx: GeneratorContext,
  rng: Random,
  index: number,
  companyId: string,
  owner: string,
  country: Country,
  language: Language,
  customerSince: number,
  contactIds: string[],
  put: Put,
) {
  const { seed, asOf } = ctx;
  const currency = country.currency;
  const contractCount = rng.chance(0.25) ? 2 : 1;
  for (let c = 0; c < contractCount; c++) {
    const contractId = uuidOf(seed, "contract", index, c);
    const earliest = customerSince;
    const latest = asOf - 10 * dayMs;
    const startMs = Math.floor((earliest + (latest - earliest) * rng.next()) / dayMs) * dayMs;
    const termMonths = rng.pick([12, 24, 36]);
    const endMs = addMonths(startMs, termMonths) - dayMs;
    const status = endMs < asOf ? "expired" : "active";
    const title = rng.pick(contractTitles[language]);
    const number = `CT-${dateOf(startMs).slice(0, 4)}-${String(index + 1).padStart(7, "0")}-${c + 1}`;
    const createdAt = timestampOf(startMs - 7 * dayMs);
    const terms = rng.pick([30, 30, 45, 60]);

    // The signed contract as a document (one or two revisions of the same stored file).
    const documentId = uuidOf(seed, "document", index, c);
    const revisions = rng.int(1, 2);
    let lastRevisionId = "";
    for (let r = 1; r <= revisions; r++) {
      lastRevisionId = uuidOf(seed, "revision", index, c, r);
      put("document_revisions", [
        lastRevisionId,
        documentId,
        r,
        `${number}${r > 1 ? `-v${r}` : ""}.pdf`,
        ctx.file.size,
        "application/pdf",
        ctx.file.sha256,
        r > 1 ? "Signed version" : null,
        owner,
        timestampOf(startMs - (revisions - r + 1) * 7 * dayMs),
      ]);
    }
    batchDocument(put, [
      documentId,
      companyId,
      "company",
      companyId,
      "contract",
      `${title} ${number}`,
      null,
      revisions,
      owner,
      createdAt,
      createdAt,
    ]);

    let valueCents = 0;
    const itemCount = rng.int(1, 3);
    for (let p = 0; p < itemCount; p++) {
      const product = rng.pick(ctx.products);
      const price = product.prices.get(currency)!;
      const quantity = product.kind === "service" ? rng.int(1, 4) : rng.int(1, 25);
      const discount = rng.pick([0, 0, 5, 10]);
      const amountCents = (quantity * price.price * (100 - discount)) / 100;
      valueCents += amountCents;
      const itemId = uuidOf(seed, "item", index, c, p);
      const deliveryMs = startMs + rng.int(0, Math.min(300, Math.floor((endMs - startMs) / dayMs))) * dayMs;
      const fulfilled = deliveryMs <= asOf - dayMs;
      put("contract_items", [
        itemId,
        contractId,
        product.id,
        p + 1,
        `${quantity}.000`,
        money(price.price),
        `${discount}.00`,
        dateOf(deliveryMs),
        fulfilled ? `${quantity}.000` : "0.000",
        fulfilled ? dateOf(deliveryMs) : null,
        product.kind === "service" ? product.serviceMonths : null,
        createdAt,
        createdAt,
      ]);
      if (!fulfilled) continue;
      const fulfilmentId = uuidOf(seed, "fulfilment", index, c, p);
      const fulfilledOn = dateOf(deliveryMs);
      const at = timestampOf(deliveryMs + 10 * 3_600_000);
      put("fulfilments", [
        fulfilmentId,
        itemId,
        contractId,
        companyId,
        `${quantity}.000`,
        money(amountCents),
        currency,
        fulfilledOn,
        owner,
        at,
      ]);
      put("revenue_entries", [
        uuidOf(seed, "revenue", index, c, p),
        companyId,
        contractId,
        fulfilmentId,
        product.id,
        currency,
        money(amountCents),
        price.cost === null ? null : money(quantity * price.cost),
        fulfilledOn,
        at,
      ]);
      if (product.kind === "service")
        put("service_items", [
          uuidOf(seed, "service-item", index, c, p),
          companyId,
          product.id,
          contractId,
          itemId,
          fulfilmentId,
          `${quantity}.000`,
          fulfilledOn,
          dateOf(addMonths(deliveryMs, product.serviceMonths ?? 12)),
          null,
          at,
        ]);
      // Billed per fulfilment: an invoice of its own, then (mostly) paid.
      const invoiceId = uuidOf(seed, "invoice", index, c, p);
      const dueMs = addDays(deliveryMs, terms);
      let paidCents = 0;
      let receivedMs = 0;
      const settle = rng.next();
      if (dueMs + 5 * dayMs < asOf) {
        receivedMs = Math.min(asOf - dayMs, Math.max(deliveryMs, dueMs + rng.int(-10, 20) * dayMs));
        paidCents = settle < 0.88 ? amountCents : settle < 0.93 ? Math.floor(amountCents / 2) : 0;
      } else if (settle < 0.3) {
        receivedMs = deliveryMs + Math.floor((asOf - dayMs - deliveryMs) * rng.next());
        paidCents = amountCents;
      }
      const paidInFull = paidCents === amountCents;
      const invoiceNumber = `INV-${String(ctx.nextInvoiceNumber++).padStart(6, "0")}`;
      put("invoices", [
        invoiceId,
        companyId,
        contractId,
        invoiceNumber,
        paidInFull ? "paid" : "issued",
        currency,
        fulfilledOn,
        dateOf(dueMs),
        money(amountCents),
        money(paidCents),
        paidInFull ? dateOf(receivedMs) : null,
        at,
        paidCents > 0 ? timestampOf(receivedMs + 12 * 3_600_000) : at,
      ]);
      put("invoice_lines", [
        uuidOf(seed, "invoice-line", index, c, p),
        invoiceId,
        `${product.code} · ${product.name}`,
        `${quantity}.000`,
        money(price.price),
        money(amountCents),
        itemId,
        fulfilmentId,
        0,
        at,
      ]);
      if (paidCents > 0) {
        const paymentId = uuidOf(seed, "payment", index, c, p);
        const receivedOn = dateOf(receivedMs);
        const receivedAt = timestampOf(receivedMs + 12 * 3_600_000);
        put("payments", [
          paymentId,
          companyId,
          currency,
          money(paidCents),
          "0.00",
          receivedOn,
          "transfer",
          invoiceNumber,
          receivedAt,
          receivedAt,
        ]);
        put("payment_allocations", [
          uuidOf(seed, "allocation", index, c, p),
          paymentId,
          invoiceId,
          money(paidCents),
          receivedOn,
          receivedAt,
        ]);
      }
    }
    const signer = contactIds[0];
    put("contracts", [
      contractId,
      companyId,
      number,
      title,
      status,
      owner,
      pgArray(signer ? [signer] : []),
      dateOf(startMs - 3 * dayMs),
      dateOf(startMs),
      dateOf(endMs),
      currency,
      money(valueCents),
      terms,
      lastRevisionId,
      createdAt,
      createdAt,
    ]);
  }
}

function batchDocument(put: Put, values: readonly CopyValue[]) {
  put("documents", values);
}

/** The layout's companies of index `from` to `to` (exclusive) as a batch. */
export function generateChunk(ctx: GeneratorContext, scale: Scale, layout: Layout, from: number, to: number): Batch {
  const batch = emptyBatch();
  for (let index = from; index < to; index++) generateCompany(ctx, scale, layout, index, batch);
  return batch;
}

export { countryByCode };

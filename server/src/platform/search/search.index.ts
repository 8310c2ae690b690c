import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { AccessObject, SearchObject } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { searchEntries } from "../../db/schema";
import type { Tx } from "../events/unit-of-work";
import type { UserActor } from "../access/actor";
import { accessCondition, canUse, type AccessColumns } from "../access/policy";
import type { SearchProvider, SearchTally } from "./search.registry";

type Executor = Db | Tx;

/** The folded text of one entry is cut here: enough for names, addresses and numbers, small enough for the trigram index. */
export const searchBodyMax = 2000;

export type SearchEntry = {
  object: SearchObject;
  recordId: string;
  /** The company whose placement decides who may find the record (the company itself for companies). */
  companyId: string;
  /** What a hit shows, and what ranks it: exact, prefix and word-start matches count on the title. */
  title: string;
  subtitle?: string | null | undefined;
  /** Further words that find the record (emails, phones, registration number…); the title is always searchable. */
  text?: string | null | undefined;
};

/** Writes (or replaces) the search entries of records, in the caller's transaction; a record listed twice keeps its last entry. */
export async function upsertSearchEntries(tx: Executor, entries: readonly SearchEntry[]) {
  const unique = [...new Map(entries.map((entry) => [`${entry.object}:${entry.recordId}`, entry])).values()];
  // 6 parameters an entry: stay well below PostgreSQL's 65,535 per statement.
  for (let start = 0; start < unique.length; start += 5_000) await upsertBatch(tx, unique.slice(start, start + 5_000));
}

async function upsertBatch(tx: Executor, entries: readonly SearchEntry[]) {
  await tx
    .insert(searchEntries)
    .values(
      entries.map((entry) => ({
        object: entry.object,
        recordId: entry.recordId,
        companyId: entry.companyId,
        title: entry.title,
        subtitle: entry.subtitle ?? null,
        body: sql`left(relata_fold(concat_ws(' ', ${entry.title}::text, ${entry.text?.trim() || null}::text)), ${searchBodyMax})`,
      })),
    )
    .onConflictDoUpdate({
      target: [searchEntries.object, searchEntries.recordId],
      set: {
        companyId: sql`excluded.company_id`,
        title: sql`excluded.title`,
        subtitle: sql`excluded.subtitle`,
        body: sql`excluded.body`,
        updatedAt: sql`now()`,
      },
    });
}

/** Writes (or replaces) the search entry of one record, in the caller's transaction. */
export async function upsertSearchEntry(tx: Executor, entry: SearchEntry) {
  await upsertSearchEntries(tx, [entry]);
}

export async function deleteSearchEntry(tx: Executor, object: SearchObject, recordId: string | readonly string[]) {
  const ids = typeof recordId === "string" ? [recordId] : [...recordId];
  if (ids.length === 0) return;
  await tx.delete(searchEntries).where(and(eq(searchEntries.object, object), inArray(searchEntries.recordId, ids)));
}

/** After a merge: entries that took their visibility from `fromCompanyId` now take it from `intoCompanyId`. */
export async function moveSearchEntries(tx: Executor, fromCompanyId: string, intoCompanyId: string) {
  await tx
    .update(searchEntries)
    .set({ companyId: intoCompanyId, updatedAt: sql`now()` })
    .where(eq(searchEntries.companyId, fromCompanyId));
}

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The characters `relata_cjk_bigrams` pairs, as in migration 0018 (kana, CJK ideographs, hangul syllables). */
const cjkRange = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff";
/** The pairs index's condition, as PostgreSQL reads it: an entry holding one such character. */
const cjkText = `[${cjkRange}]`;
/** Two such characters side by side: a pair the index holds. */
const cjkPair = new RegExp(`[${cjkRange}]{2}`, "u");

/** `q` as a LIKE pattern matched literally (% and _ are text, not wildcards). */
const likeEscape = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Where the text occurs anywhere in an entry. Chinese, Japanese and Korean pairs of characters
 * are looked up in the pairs index (migration 0018): `cjkText` repeats that index's condition,
 * so the planner may use it; whatever the pairs let through, `strpos` then checks. A substring
 * of fewer than three other characters holds no trigram: the trigram index would be read whole
 * and every entry rechecked, slower than the plain scan `strpos` forces.
 */
export function anywhereIn(body: PgColumn, q: string, text: SQL, pattern: SQL): SQL {
  if (cjkPair.test(q))
    return sql`${body} ~ ${sql.raw(`'${cjkText}'`)} AND relata_cjk_bigrams(${body}) @> relata_cjk_bigrams(${text}) AND strpos(${body}, ${text}) > 0`;
  return [...q].length < 3 ? sql`strpos(${body}, ${text}) > 0` : sql`${body} LIKE '%' || ${pattern} || '%'`;
}

/**
 * The rows that decide visibility: the module's companies table, its id and its access columns
 * (the platform does not import modules, so the module hands its table over).
 */
export type SearchScope = { table: PgTable; id: PgColumn; access: AccessColumns };

export type IndexedSearchOptions = {
  object: SearchObject;
  /** The access object whose read scope applies to the scope row (companies: "company"; contacts: "contact"). */
  access: AccessObject;
  scope: SearchScope;
  /** Function-level check; by default "may read `access` at all". */
  mayUse?: (actor: UserActor) => boolean;
};

/**
 * Matches a tier ranks at most this many rows: a query so broad (two letters, "AB") that more
 * match at one level shows the best of an arbitrary 64 there (of a prefix: the first 64 titles
 * in order, so the exact title first), and stays fast: scoring a candidate (folding it, comparing
 * trigrams) is most of a level's cost.
 */
export const searchTierCap = 64;

/** One level of a search: what matches it and how a match scores. */
export type SearchLevel = {
  match: SQL;
  score: SQL;
  /** The best score a match of this level can have (its rank plus a similarity of 1). */
  ceiling: number;
  /** The typo level, asked (levels "typos") only when no provider found the text itself. */
  fallback?: boolean;
};

/**
 * Ranking as the registry expects: 4 exact title, 3 title prefix, 2 word start in the title,
 * 1 anywhere in the text, each plus the trigram similarity of title and query (0–1). Only when
 * the text occurs nowhere are typos matched ("Ericson" → "Ericsson AB"), scoring their word
 * similarity, below 1. The kind of record and the reader's scope are `searchIndex`'s.
 *
 * The first level (a title prefix, what a typeahead mostly finds) is a range of a btree read in
 * order, so it costs the same with 1,000 entries or 1,000,000; the others are read from indexes
 * that hold the kind of record beside the text (migration 0018), and broad substring and typo
 * matching run only when the query is rare.
 */
export function searchLevels(q: string): SearchLevel[] {
  const body = searchEntries.body;
  const title = sql`relata_fold(${searchEntries.title})`;
  const text = sql`relata_fold(${q})`;
  const pattern = sql`relata_fold(${likeEscape(q)})`;
  const similarity = sql`similarity(${title}, ${text})`;
  const titlePrefix = sql`${title} LIKE ${pattern} || '%'`;
  // Served by the trigram index of the titles, not of the whole text.
  const titleWord = sql`${title} LIKE '% ' || ${pattern} || '%'`;
  const anywhere = anywhereIn(body, q, text, pattern);
  const levels: SearchLevel[] = [
    { match: titlePrefix, score: sql`CASE WHEN ${title} = ${text} THEN 4 ELSE 3 END + ${similarity}`, ceiling: 5 },
    { match: sql`${titleWord} AND NOT ${titlePrefix}`, score: sql`2 + ${similarity}`, ceiling: 3 },
  ];
  // One or two letters are typed on the way to a word: they match where a word starts. Punctuation
  // matches anywhere, and so do two or more Chinese, Japanese or Korean characters, written without
  // spaces between words (one character is on the way to a word, and a scan of every entry).
  if (q.length >= 3 || !/[\p{L}\p{N}]/u.test(q) || (cjk.test(q) && [...q].length >= 2)) {
    levels.push({ match: sql`${anywhere} AND NOT ${titlePrefix} AND NOT ${titleWord}`, score: sql`1 + ${similarity}`, ceiling: 2 });
  }
  // Typos are looked for in words; numbers and addresses (digits, @) are either right or not found.
  if (q.length >= 3 && !/[\d@]/.test(q)) {
    // `body %> q`: word similarity ≥ pg_trgm.word_similarity_threshold (0.6), served by the trigram index.
    levels.push({
      match: sql`${body} %> ${text} AND NOT ${anywhere}`,
      score: sql`0.99 * word_similarity(${text}, ${body})`,
      ceiling: 0.99,
      fallback: true,
    });
  }
  return levels;
}

/**
 * The levels of `searchLevels` for one kind of record within the reader's scope, asked one after
 * another, best first, until `limit` hits are found: a lower level can never outrank a higher one.
 */
export async function searchIndex(
  db: Executor,
  actor: UserActor,
  options: IndexedSearchOptions,
  q: string,
  limit: number,
  /** "typos": the typo level alone (the registry asks it when no provider found the text itself). */
  levels: "text" | "typos" = "text",
  /** What the search's providers found so far: a level that could not place is not asked. */
  tally?: SearchTally,
) {
  // Checked per matching entry through the primary key: pg_trgm's row estimates are rough, and as
  // a join the planner would sometimes scan every company to save a few thousand index lookups.
  const visible = sql`coalesce((SELECT ${accessCondition(actor, options.access, "read", options.scope.access)}
    FROM ${options.scope.table} WHERE ${options.scope.id} = ${searchEntries.companyId}), false)`;
  const ofObject = eq(searchEntries.object, options.object);
  const hits: { id: string; companyId: string; title: string; subtitle: string | null; score: number }[] = [];
  for (const tier of searchLevels(q)) {
    if (tally?.full(tier.ceiling)) break;
    if (hits.length >= limit) break;
    if ((tier.fallback ?? false) !== (levels === "typos")) continue;
    const candidates = db
      .select({
        id: searchEntries.recordId,
        companyId: searchEntries.companyId,
        title: searchEntries.title,
        subtitle: searchEntries.subtitle,
        score: sql<number>`(${tier.score})::float8`.as("score"),
      })
      .from(searchEntries)
      .where(and(ofObject, tier.match, visible))
      .limit(searchTierCap)
      .as("candidates");
    const rows = await db
      .select()
      .from(candidates)
      .orderBy(desc(candidates.score), asc(candidates.title), asc(candidates.id))
      .limit(limit - hits.length);
    const scored = rows.map((row) => ({ ...row, score: Number(row.score) }));
    tally?.add(scored);
    hits.push(...scored);
  }
  return hits;
}

/** A global-search provider over `search_entries` of one kind of record, permission-scoped in SQL. */
export function indexedSearchProvider(db: Db, options: IndexedSearchOptions): SearchProvider {
  const search = (levels: "text" | "typos") => async (actor: UserActor, q: string, limit: number, tally?: SearchTally) =>
    (await searchIndex(db, actor, options, q, limit, levels, tally)).map((row) => ({
      object: options.object,
      id: row.id,
      title: row.title,
      subtitle: row.subtitle,
      ...(options.object === "contract" ? { companyId: row.companyId } : {}),
      score: row.score,
    }));
  return {
    object: options.object,
    mayUse: options.mayUse ?? ((actor) => canUse(actor, options.access, "read")),
    search: search("text"),
    searchTypos: search("typos"),
  };
}

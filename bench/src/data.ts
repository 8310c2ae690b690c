// The data a run measures: loaded by the server's own generator (`relata seed`, COPY into the
// database) or, where no generator is built, a small set created through the API; then the
// fixtures each workload needs are read back from the database.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { call, type Session } from "./api";
import { activeContract, createBenchProducts, fulfilPath } from "./contracts-bench";
import { commandEnv, repoRoot, serverMain, type ServerHandle } from "./server";
import { inParallel, round } from "./stats";

export type GeneratorScale = "tiny" | "demo" | "100k" | "1m";

export type DataLoad = {
  /** "existing": the data an earlier run loaded into the same DATABASE_URL, used again. */
  source: "generator" | "api" | "existing";
  /** The generator's scale (or the number of companies created through the API). */
  scale: string;
  seed: number | null;
  rows: Record<string, number>;
  totalRows: number;
  seconds: number;
  rowsPerSecond: number;
  errors: number;
};

export type Fixtures = {
  companies: number;
  /** Companies whose cards are opened, in random order. */
  cardIds: string[];
  /** The most common countries: the list page's filter. */
  countries: string[];
  /** What a user types into the search box: prefixes of real names (Latin, Swedish, Chinese). */
  searchPrefixes: string[];
  /** Group roots with the most subsidiaries first. */
  groupRootIds: string[];
  /** Fulfilment routes, one per unit still open on an active contract item (each may be used once). */
  fulfilPaths: string[];
  /** The company the WebSocket clients watch. */
  watchedId: string;
};

/** Whether the server has the `seed` command (the generator is built into server/dist). */
export function generatorAvailable(): boolean {
  const main = path.join(repoRoot, "server", "src", "main.ts");
  return existsSync(path.join(repoRoot, "server", "src", "seed")) && existsSync(main) && /["']seed["']/.test(readFileSync(main, "utf8"));
}

/** `node server/dist/main.js seed --scale <scale>` against the running server's database; its last stdout line is JSON. */
export async function runGenerator(server: ServerHandle, scale: GeneratorScale, seed: number | undefined, log: (line: string) => void) {
  const args = [serverMain, "seed", "--scale", scale, ...(seed === undefined ? [] : ["--seed", String(seed)])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: commandEnv(server.dataDir), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let lastProgress = 0;
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
    // Progress lines: passed on at most every 10 s.
    const now = performance.now();
    if (now - lastProgress > 10_000) {
      lastProgress = now;
      const line = chunk.toString("utf8").trim().split("\n").pop();
      if (line) log(`seed: ${line.slice(0, 200)}`);
    }
  });
  const t0 = performance.now();
  const exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ms = performance.now() - t0;
  const last = stdout.trim().split("\n").pop() ?? "";
  if (exitCode !== 0) throw new Error(`relata seed --scale ${scale} exited with ${exitCode}: ${last.slice(0, 500)}\n${stderr.trim()}`);
  const parsed = JSON.parse(last) as {
    scale: string;
    seed: number;
    rows: Record<string, number>;
    totalRows: number;
    seconds: number;
    rowsPerSecond: number;
  };
  const load: DataLoad = {
    source: "generator",
    scale: parsed.scale,
    seed: parsed.seed,
    rows: parsed.rows,
    totalRows: parsed.totalRows,
    seconds: parsed.seconds ?? round(ms / 1000, 1),
    rowsPerSecond: parsed.rowsPerSecond,
    errors: 0,
  };
  return load;
}

const englishNames = [
  "Northwind Trading",
  "Blue Harbor Logistics",
  "Summit Analytics",
  "Redwood Energy",
  "Granite Foods",
  "Silver Lake Systems",
];
const swedishNames = [
  "Ångström Bygg AB",
  "Göteborgs Hamnservice AB",
  "Älvdalens Trä AB",
  "Östgöta Mekaniska AB",
  "Skånska Kök AB",
  "Norrlands Kraft AB",
];
const chineseNames = [
  "上海华东贸易有限公司",
  "北京远景科技有限公司",
  "深圳海港物流有限公司",
  "广州绿地食品有限公司",
  "杭州云帆软件有限公司",
  "成都天府能源有限公司",
];
const apiCountries = ["SE", "CN", "GB", "US", "DE", "NO"];

/**
 * Without the generator: `companies` companies through the API (names in English, Swedish and
 * Chinese), a group of a root and five subsidiaries, two products and active contracts of four
 * items on the first companies. Enough for every workload; not realistic volumes.
 */
export async function seedThroughApi(session: Session, companies: number, concurrency: number): Promise<DataLoad> {
  const t0 = performance.now();
  const ids: string[] = new Array<string>(companies);
  let errors = 0;
  const pools = [englishNames, swedishNames, chineseNames];
  await inParallel(companies, concurrency, async (index) => {
    const pool = pools[index % pools.length]!;
    const base = pool[Math.floor(index / pools.length) % pool.length]!;
    const round_ = Math.floor(index / (pools.length * pool.length));
    const name = round_ === 0 ? base : `${base} ${round_ + 1}`;
    const response = await call(session, "POST", "/api/companies", {
      name,
      country: apiCountries[index % apiCountries.length],
      ignoreDuplicates: true,
    });
    const id = (response.body as { id?: string } | null)?.id;
    if (response.status === 201 && id) ids[index] = id;
    else errors += 1;
  });
  const made = ids.filter(Boolean);
  if (made.length < 8) throw new Error(`seeding through the API created ${made.length} companies (${errors} errors)`);
  let rows = made.length;
  // A group: the first company heads the next five.
  for (const subsidiary of made.slice(1, 6)) {
    const links = await call(session, "GET", `/api/companies/${subsidiary}/links`);
    const linked = await call(
      session,
      "PUT",
      `/api/companies/${subsidiary}/parent`,
      { parentId: made[0], relation: "subsidiary", share: 100 },
      links.etag ? { "if-match": links.etag } : {},
    );
    if (linked.status === 200) rows += 1;
    else errors += 1;
  }
  const { goods, service } = await createBenchProducts(session, "SEK");
  rows += 2;
  for (const [index, companyId] of made.slice(0, 4).entries()) {
    const items = [0, 1, 2, 3].map((n) => ({ productId: n % 2 === 0 ? goods.id : service.id, quantity: "100000" }));
    await activeContract(session, companyId, `BENCH-${index}`, items);
    rows += 5;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    source: "api",
    scale: `${companies} companies`,
    seed: null,
    rows: { companies: made.length },
    totalRows: rows,
    seconds: round(seconds, 1),
    rowsPerSecond: round(rows / seconds, 1),
    errors,
  };
}

const fulfilPathsMax = 20_000;

/** Reads back, as the superuser, what each workload needs; ANALYZE first so the planner knows the loaded tables. */
export async function readFixtures(databaseUrl: string): Promise<Fixtures> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "relata-bench" });
  await client.connect();
  try {
    await client.query("ANALYZE");
    const count = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM companies")).rows[0]!.n);
    const cardIds = (await client.query<{ id: string }>("SELECT id FROM companies ORDER BY md5(id::text) LIMIT 2000")).rows.map(
      (r) => r.id,
    );
    const countries = (
      await client.query<{ country: string }>(
        "SELECT country FROM companies WHERE country IS NOT NULL GROUP BY country ORDER BY count(*) DESC, country LIMIT 6",
      )
    ).rows.map((r) => r.country);
    const names = async (where: string) =>
      (await client.query<{ name: string }>(`SELECT name FROM companies WHERE ${where} ORDER BY md5(id::text) LIMIT 60`)).rows.map(
        (r) => r.name,
      );
    const chinese = await names("name ~ '[一-龥]'");
    const swedish = await names("name ~ '[åäöÅÄÖ]'");
    const other = await names("name !~ '[一-龥åäöÅÄÖ]'");
    const searchPrefixes = interleave([prefixes(other, [3, 4, 5]), prefixes(swedish, [3, 4, 5]), prefixes(chinese, [1, 2, 3])]);
    const groupRootIds = (
      await client.query<{ id: string }>(
        `SELECT t.ancestor_id AS id FROM company_tree t
          WHERE NOT EXISTS (SELECT 1 FROM company_tree up WHERE up.descendant_id = t.ancestor_id)
          GROUP BY t.ancestor_id ORDER BY count(*) DESC, t.ancestor_id LIMIT 20`,
      )
    ).rows.map((r) => r.id);
    const items = await client.query<{ company_id: string; contract_id: string; item_id: string; open: number }>(
      `SELECT c.company_id, c.id AS contract_id, i.id AS item_id, least(floor(i.quantity - i.fulfilled_quantity), 1000)::int AS open
         FROM contract_items i JOIN contracts c ON c.id = i.contract_id
        WHERE c.status = 'active' AND (c.start_on IS NULL OR c.start_on <= current_date) AND i.quantity - i.fulfilled_quantity >= 1
        ORDER BY md5(i.id::text) LIMIT 5000`,
    );
    // Each open unit once, spread over the items: round-robin over items, so no item runs dry early.
    const fulfilPaths: string[] = [];
    for (let round_ = 0; fulfilPaths.length < fulfilPathsMax; round_++) {
      const before = fulfilPaths.length;
      for (const row of items.rows) {
        if (round_ < row.open && fulfilPaths.length < fulfilPathsMax)
          fulfilPaths.push(fulfilPath({ id: row.contract_id, companyId: row.company_id, itemIds: [] }, row.item_id));
      }
      if (fulfilPaths.length === before) break;
    }
    return {
      companies: count,
      cardIds,
      countries,
      searchPrefixes,
      groupRootIds,
      fulfilPaths,
      watchedId: cardIds[0]!,
    };
  } finally {
    await client.end();
  }
}

const cjk = /[\p{Script=Han}]/u;

/** Prefixes of the first word of each name (of the whole name when written without spaces, as Chinese is). */
function prefixes(names: string[], lengths: number[]): string[] {
  return names
    .map((name, i) => {
      const word = cjk.test(name) ? name : (name.split(/\s+/)[0] ?? name);
      return [...word].slice(0, lengths[i % lengths.length]).join("");
    })
    .filter((prefix) => prefix.length > 0);
}

function interleave(lists: string[][]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (list[i] !== undefined) out.push(list[i]!);
  return out;
}

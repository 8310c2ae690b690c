// The fulfilment chain under load: throughput of POST …/fulfilments spread over many items and
// companies and piled onto one item, commit-to-screen latency of `contract.item.fulfilled` over
// /api/live, receivables and client-value reads (idle and while fulfilments run), and at the
// end the server's own `doctor` over the projections the chain keeps.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import type { RawRequest } from "autocannon";
import pg from "pg";
import { authHeaders, call, signIn, type Session } from "./api";
import { commandEnv, ensureBuilt, repoRoot, serverMain, startServer, type ServerHandle } from "./server";
import { inParallel, round } from "./stats";
import { fulfilmentLiveLatency, type FulfilmentLiveWorkload } from "./workloads/fulfilment-live";
import { httpLoad, type HttpWorkload } from "./workloads/http-load";

export type ContractsBenchOptions = {
  /** Companies with an active contract each (the first is a group root, about half are its subsidiaries). */
  companies: number;
  /** Items per contract (goods and service products alternate). */
  items: number;
  /** Seconds per HTTP load. */
  duration: number;
  connections: number;
  /** WebSocket clients watching one company. */
  clients: number;
  /** Fulfilments posted one after another while the clients watch. */
  fulfilments: number;
  /** Pause between watched fulfilments, ms. */
  gapMs: number;
  /** Rebuild the server first when its sources are newer than server/dist (else only warn). */
  rebuildStale?: boolean;
  log?: (line: string) => void;
};

export type OverFulfilCheck = { quantity: number; attempts: number; created: number; refused: number; other: number; fulfilled: string };
export type DoctorRun = { exitCode: number | null; ok: boolean; lines: string[]; failures: string[]; ms: number };
export type Consistency = {
  /** 201 answers the harness saw for fulfilments. */
  answered201: number;
  /** Rows in `fulfilments` (more than answered when a load stopped with requests in flight). */
  fulfilmentRows: number;
  /** Σ fulfilled_quantity over all items, which must equal Σ fulfilments.quantity. */
  fulfilledQuantity: string;
  fulfilmentQuantity: string;
  /** Items with more fulfilled than contracted (must be 0). */
  overFulfilledItems: number;
  /** Fulfilments without exactly one revenue entry and one invoice line (must be 0). */
  unbooked: number;
};

export type ContractsReport = {
  options: Omit<ContractsBenchOptions, "log" | "rebuildStale">;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  cpus: number;
  coldStart: ServerHandle["coldStart"];
  setupMs: number;
  spread: HttpWorkload;
  contended: HttpWorkload;
  overFulfil: OverFulfilCheck;
  live: FulfilmentLiveWorkload;
  readsIdle: HttpWorkload[];
  readsUnderLoad: { read: HttpWorkload; background: HttpWorkload }[];
  consistency: Consistency;
  doctor: DoctorRun;
  shutdown: { exitCode: number | null; forced: boolean };
};

const currency = "SEK";
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export async function created(session: Session, path: string, body: unknown): Promise<{ id: string; etag: string | null; body: unknown }> {
  const response = await call(session, "POST", path, body);
  const id = (response.body as { id?: string } | null)?.id;
  if (response.status !== 201 || !id) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return { id, etag: response.etag, body: response.body };
}

/** The benchmark's two products, priced in `currency`: goods, and a service with service and warranty months. */
export async function createBenchProducts(session: Session, currency: string) {
  const prices = (listPrice: string, unitCost: string) => [{ currency, listPrice, unitCost }];
  const goods = await created(session, "/api/products", {
    code: "BENCH-G",
    name: "Bench appliance",
    category: "Hardware",
    unit: "pcs",
    kind: "goods",
    prices: prices("1250.00", "800.00"),
  });
  const service = await created(session, "/api/products", {
    code: "BENCH-S",
    name: "Bench service plan",
    category: "Services",
    unit: "year",
    kind: "service",
    serviceMonths: 12,
    warrantyMonths: 24,
    prices: prices("300.00", "90.00"),
  });
  return { goods, service };
}

export type Contract = { id: string; companyId: string; itemIds: string[] };

/** An active contract of `companyId` with the given item quantities. */
export async function activeContract(
  session: Session,
  companyId: string,
  number: string,
  items: { productId: string; quantity: string }[],
): Promise<Contract> {
  const draft = await created(session, `/api/companies/${companyId}/contracts`, {
    number,
    title: `Bench contract ${number}`,
    currency,
    startOn: daysFromToday(-365),
    endOn: daysFromToday(365),
    signedOn: daysFromToday(-366),
    paymentMethod: "transfer",
    paymentTermsDays: 30,
    billingSchedule: "per_fulfilment",
    items,
  });
  const activated = await call(
    session,
    "PATCH",
    `/api/companies/${companyId}/contracts/${draft.id}`,
    { status: "active" },
    draft.etag ? { "if-match": draft.etag } : {},
  );
  if (activated.status !== 200) throw new Error(`activating contract ${number}: ${activated.status} ${JSON.stringify(activated.body)}`);
  const itemIds = ((activated.body as { items: { id: string }[] }).items ?? []).map((item) => item.id);
  if (itemIds.length !== items.length) throw new Error(`contract ${number} has ${itemIds.length} items, not ${items.length}`);
  return { id: draft.id, companyId, itemIds };
}

export const fulfilPath = (contract: Contract, itemId: string) =>
  `/api/companies/${contract.companyId}/contracts/${contract.id}/items/${itemId}/fulfilments`;

/** A fulfilment load: every request a quantity of 1 with its own Idempotency-Key, on an item `pick` chooses. */
export function fulfilLoad(
  session: Session,
  name: string,
  label: string,
  load: { connections: number; duration: number; amount?: number },
  pick: () => string,
) {
  return httpLoad({
    name,
    label,
    baseUrl: session.baseUrl,
    ...load,
    method: "POST",
    headers: authHeaders(session, true),
    requests: [
      {
        method: "POST",
        body: JSON.stringify({ quantity: "1" }),
        setupRequest: (request: RawRequest) => ({
          ...request,
          path: pick(),
          headers: { ...request.headers, "idempotency-key": `bench-${randomUUID()}` },
        }),
      },
    ],
  });
}

function readLoad(session: Session, name: string, path: string, connections: number, duration: number) {
  return httpLoad({
    name,
    label: `GET ${path.replace(/[0-9a-f-]{36}/g, ":id")}`,
    baseUrl: session.baseUrl,
    connections,
    duration,
    headers: authHeaders(session, false),
    requests: [{ method: "GET", path }],
  });
}

/** `relata doctor` of the built server against the bench's database (it adopts the running embedded PostgreSQL). */
async function runDoctor(server: ServerHandle): Promise<DoctorRun> {
  const env = commandEnv(server.dataDir);
  const t0 = performance.now();
  const child = spawn(process.execPath, [serverMain, "doctor"], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const exitCode = await new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  clearTimeout(timer);
  const lines = output.split("\n").filter((line) => line.trim());
  const failures = lines.filter((line) => line.startsWith("FAIL"));
  return { exitCode, ok: exitCode === 0 && failures.length === 0, lines, failures, ms: Math.round(performance.now() - t0) };
}

async function consistency(server: ServerHandle, answered201: number): Promise<Consistency> {
  const client = new pg.Client({ connectionString: server.databaseUrl(), application_name: "relata-bench" });
  await client.connect();
  try {
    // One statement, so one snapshot: a fulfilment still in flight when the load stopped may commit
    // between two separate reads and make them disagree (it did once, in CI).
    const { rows } = await client.query<{ rows: string; quantity: string; fulfilled: string; over: string; unbooked: string }>(
      `SELECT (SELECT count(*) FROM fulfilments)::text AS rows,
              (SELECT coalesce(sum(quantity), 0) FROM fulfilments)::text AS quantity,
              (SELECT coalesce(sum(fulfilled_quantity), 0) FROM contract_items)::text AS fulfilled,
              (SELECT count(*) FROM contract_items WHERE fulfilled_quantity > quantity)::text AS over,
              (SELECT count(*) FROM fulfilments f
                WHERE (SELECT count(*) FROM revenue_entries r WHERE r.fulfilment_id = f.id) <> 1
                   OR (SELECT count(*) FROM invoice_lines l WHERE l.fulfilment_id = f.id) <> 1)::text AS unbooked`,
    );
    const row = rows[0]!;
    return {
      answered201,
      fulfilmentRows: Number(row.rows),
      fulfilmentQuantity: row.quantity,
      fulfilledQuantity: row.fulfilled,
      overFulfilledItems: Number(row.over),
      unbooked: Number(row.unbooked),
    };
  } finally {
    await client.end();
  }
}

/** Starts a fresh server, sets up products, companies and contracts, runs every workload and stops it. */
export async function runContractsBench(options: ContractsBenchOptions): Promise<ContractsReport> {
  const log = options.log ?? (() => {});
  if (options.companies < 2) throw new Error("at least 2 companies are needed (a group root and a subsidiary)");
  const loadAverageAtStart = os.loadavg().map((value) => round(value, 2));
  ensureBuilt(log, { rebuildStale: options.rebuildStale ?? false });
  const server = await startServer({ log });
  let stopped = false;
  try {
    const session = await signIn(server.baseUrl, server.origin);
    const setupStarted = performance.now();

    const { goods, service: serviceProduct } = await createBenchProducts(session, currency);
    const productFor = (index: number) => (index % 2 === 0 ? goods.id : serviceProduct.id);

    // Companies: the first is the group root; about half of the others are its subsidiaries.
    const companyIds: string[] = new Array<string>(options.companies);
    await inParallel(options.companies, 4, async (index) => {
      companyIds[index] = (await created(session, "/api/companies", { name: `Contracts Bench ${index} AB`, ignoreDuplicates: true })).id;
    });
    const rootId = companyIds[0]!;
    const subsidiaries = companyIds.slice(1, 1 + Math.max(1, Math.floor((options.companies - 1) / 2)));
    for (const subsidiary of subsidiaries) {
      const links = await call(session, "GET", `/api/companies/${subsidiary}/links`);
      const linked = await call(
        session,
        "PUT",
        `/api/companies/${subsidiary}/parent`,
        { parentId: rootId, relation: "subsidiary", share: 100 },
        links.etag ? { "if-match": links.etag } : {},
      );
      if (linked.status !== 200) throw new Error(`linking a subsidiary: ${linked.status} ${JSON.stringify(linked.body)}`);
    }

    const contracts: Contract[] = new Array<Contract>(options.companies);
    await inParallel(options.companies, 4, async (index) => {
      const items = Array.from({ length: options.items }, (_, n) => ({ productId: productFor(n), quantity: "1000000" }));
      contracts[index] = await activeContract(session, companyIds[index]!, `BENCH-${index}`, items);
    });
    const allPaths = contracts.flatMap((contract) => contract.itemIds.map((itemId) => fulfilPath(contract, itemId)));
    // The watched company is a subsidiary (its card watches the group root's topic too); its own
    // contract, apart from the loads, carries the watched item and the small over-fulfil item.
    const watchedId = subsidiaries[0]!;
    const watched = await activeContract(session, watchedId, "BENCH-LIVE", [
      { productId: serviceProduct.id, quantity: "1000000" },
      { productId: goods.id, quantity: "20" },
    ]);
    const setupMs = Math.round(performance.now() - setupStarted);
    log(`set up ${options.companies} companies × ${options.items} items in ${setupMs} ms`);

    let answered201 = 0;
    const count201 = (load: HttpWorkload) => {
      answered201 += load.statusCodes["201"] ?? 0;
      return load;
    };

    log(`fulfilments spread over ${allPaths.length} items`);
    const spread = count201(
      await fulfilLoad(
        session,
        "fulfil-spread",
        `POST …/fulfilments, spread over ${allPaths.length} items of ${options.companies} companies`,
        { connections: options.connections, duration: options.duration },
        () => allPaths[Math.floor(Math.random() * allPaths.length)]!,
      ),
    );
    log("fulfilments of a single item");
    const hotPath = fulfilPath(contracts[1]!, contracts[1]!.itemIds[0]!);
    const contended = count201(
      await fulfilLoad(
        session,
        "fulfil-contended",
        "POST …/fulfilments, all on one item",
        { connections: options.connections, duration: options.duration },
        () => hotPath,
      ),
    );

    log("over-fulfilment under contention");
    const smallPath = fulfilPath(watched, watched.itemIds[1]!);
    const attempts = 40;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: attempts }, async () => {
        const response = await fetch(`${session.baseUrl}${smallPath}`, {
          method: "POST",
          headers: { ...authHeaders(session, true), "idempotency-key": `over-${randomUUID()}` },
          body: JSON.stringify({ quantity: "1" }),
          signal: AbortSignal.timeout(30_000),
        }).catch(() => undefined);
        await response?.arrayBuffer();
        statuses.push(response?.status ?? 0);
      }),
    );
    const createdCount = statuses.filter((status) => status === 201).length;
    answered201 += createdCount;
    const after = await call(session, "GET", `/api/companies/${watchedId}/contracts/${watched.id}`);
    const small = (after.body as { items: { id: string; fulfilledQuantity: string }[] }).items.find(
      (item) => item.id === watched.itemIds[1],
    );
    const overFulfil: OverFulfilCheck = {
      quantity: 20,
      attempts,
      created: createdCount,
      refused: statuses.filter((status) => status === 400).length,
      other: statuses.filter((status) => status !== 201 && status !== 400).length,
      fulfilled: small?.fulfilledQuantity ?? "?",
    };

    log(`${options.clients} WebSocket clients watching ${options.fulfilments} fulfilments`);
    const live = await fulfilmentLiveLatency(session, {
      companyId: watchedId,
      extraTopics: [`company:${rootId}`],
      fulfilPath: fulfilPath(watched, watched.itemIds[0]!),
      clients: options.clients,
      fulfilments: options.fulfilments,
      gapMs: options.gapMs,
    });
    answered201 += live.fulfilments;

    const reads: [string, string][] = [
      ["receivables-group", `/api/companies/${rootId}/receivables?scope=group`],
      ["receivables", `/api/companies/${watchedId}/receivables`],
      ["value-group", `/api/companies/${rootId}/value?scope=group`],
      ["value", `/api/companies/${watchedId}/value`],
    ];
    log("reads, idle");
    const readsIdle: HttpWorkload[] = [];
    for (const [name, path] of reads) readsIdle.push(await readLoad(session, name, path, options.connections, options.duration));

    log("reads while fulfilments run");
    const backgroundConnections = Math.max(2, Math.floor(options.connections / 2));
    const readsUnderLoad: { read: HttpWorkload; background: HttpWorkload }[] = [];
    for (const [name, path] of reads) {
      const [read, background] = await Promise.all([
        readLoad(session, `${name}-under-load`, path, options.connections, options.duration),
        fulfilLoad(
          session,
          "fulfil-background",
          "background fulfilments",
          { connections: backgroundConnections, duration: options.duration },
          () => {
            return allPaths[Math.floor(Math.random() * allPaths.length)]!;
          },
        ),
      ]);
      count201(background);
      readsUnderLoad.push({ read, background });
    }

    log("checking the projections");
    const checked = await consistency(server, answered201);
    const doctor = await runDoctor(server);
    const stop = await server.stop();
    stopped = true;
    return {
      options: {
        companies: options.companies,
        items: options.items,
        duration: options.duration,
        connections: options.connections,
        clients: options.clients,
        fulfilments: options.fulfilments,
        gapMs: options.gapMs,
      },
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((value) => round(value, 2)),
      cpus: os.cpus().length,
      coldStart: server.coldStart,
      setupMs,
      spread,
      contended,
      overFulfil,
      live,
      readsIdle,
      readsUnderLoad,
      consistency: checked,
      doctor,
      shutdown: { exitCode: stop.exitCode, forced: stop.forced },
    };
  } finally {
    if (!stopped) await server.stop();
  }
}

const ms = (value: number) => `${value} ms`;
const failures = (load: HttpWorkload) => load.non2xx + load.errors + load.timeouts;

/** The report as Markdown. */
export function contractsMarkdown(report: ContractsReport): string {
  const o = report.options;
  const lines: string[] = [];
  lines.push(
    `Load average at start ${report.loadAverageAtStart.join(" / ")} (end ${report.loadAverageAtEnd.join(" / ")}), ${report.cpus} CPUs; ` +
      `${o.companies} companies × ${o.items} items (+1 watched contract), ${o.duration} s per load, ${o.connections} connections; ` +
      `server ready in ${report.coldStart.readyMs} ms, set up in ${report.setupMs} ms.`,
    "",
    "| Workload | req/s | p50 | p97.5 | p99 | requests | failed |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  const row = (label: string, load: HttpWorkload) =>
    lines.push(
      `| ${label} | ${load.rps} | ${ms(load.latency.p50)} | ${ms(load.latency.p97_5)} | ${ms(load.latency.p99)} | ${load.requests} | ${failures(load)} |`,
    );
  row(report.spread.label, report.spread);
  row(report.contended.label, report.contended);
  for (const load of report.readsIdle) row(`${load.label} (idle)`, load);
  for (const { read, background } of report.readsUnderLoad) {
    row(`${read.label} (under fulfilment load)`, read);
    row(`↳ background fulfilments (${background.connections} connections)`, background);
  }

  const live = report.live;
  lines.push(
    "",
    `Commit-to-screen: ${live.clients} WebSocket clients on /api/live watching one company (and its group root), ` +
      `${live.fulfilments} fulfilments one after another with a ${o.gapMs} ms gap; subscribed in ${live.connectMs} ms.`,
    "",
    "| Commit-to-screen | p50 | p97.5 | p99 | min | max | samples |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  const signed = (label: string, s: FulfilmentLiveWorkload["fromSend"]) =>
    lines.push(`| ${label} | ${ms(s.p50)} | ${ms(s.p97_5)} | ${ms(s.p99)} | ${ms(s.min)} | ${ms(s.max)} | ${s.count} |`);
  signed("request sent → event at each client", live.fromSend);
  signed("response received → event at each client", live.fromResponse);
  signed("the POST itself (sent → response)", live.request);
  lines.push(
    "",
    `Receipts ${live.receipts} of ${live.clients * live.fulfilments}, missing ${live.missing}, unexpected ${live.unexpected}, errors ${live.errors}.`,
  );

  const over = report.overFulfil;
  const c = report.consistency;
  lines.push(
    "",
    "| Check | Result |",
    "| --- | --- |",
    `| ${over.attempts} concurrent fulfilments of 1 on an item of ${over.quantity} | ${over.created} × 201, ${over.refused} × 400, ${over.other} other; fulfilled ${over.fulfilled} |`,
    `| Fulfilments answered 201 / rows in the database | ${c.answered201} / ${c.fulfilmentRows} |`,
    `| Σ item fulfilled quantity = Σ fulfilment quantity | ${c.fulfilledQuantity} = ${c.fulfilmentQuantity} |`,
    `| Items fulfilled beyond their quantity | ${c.overFulfilledItems} |`,
    `| Fulfilments without exactly one revenue entry and one invoice line | ${c.unbooked} |`,
    `| relata doctor (${report.doctor.ms} ms) | ${report.doctor.ok ? "ok, zero drift" : `FAILED (exit ${report.doctor.exitCode})`} |`,
    "",
    "```",
    ...report.doctor.lines,
    "```",
  );
  return lines.join("\n");
}

/** Problems that make the run a failure (the numbers are reported either way). */
export function contractsProblems(report: ContractsReport): string[] {
  const problems: string[] = [];
  const c = report.consistency;
  if (!report.doctor.ok)
    problems.push(`doctor reported drift or failed: ${report.doctor.failures.join("; ") || `exit ${report.doctor.exitCode}`}`);
  if (c.fulfilledQuantity !== c.fulfilmentQuantity) problems.push("item fulfilled quantities differ from the fulfilments");
  if (c.overFulfilledItems > 0) problems.push(`${c.overFulfilledItems} items over-fulfilled`);
  if (c.unbooked > 0) problems.push(`${c.unbooked} fulfilments without their revenue entry or invoice line`);
  if (c.fulfilmentRows < c.answered201) problems.push("fewer fulfilment rows than 201 answers");
  const over = report.overFulfil;
  if (over.created !== over.quantity || Number(over.fulfilled) !== over.quantity || over.other > 0)
    problems.push(`over-fulfil check: ${over.created} created, fulfilled ${over.fulfilled}, ${over.other} unexpected answers`);
  if (report.live.missing > 0 || report.live.unexpected > 0 || report.live.errors > 0) problems.push("live events missing or failed");
  return problems;
}

// `npm run bench:memory -- [--entries n] [--duration s] [--connections n]`: the corporate-memory
// workloads on a fresh server — a client card's timeline (first page, a filtered page, the group
// view) over a company with many entries, writing notes, uploading revisions, My work and the
// bell's unread count. Entries are written straight into the table (a realistic history, not
// the API's write path); everything else goes through the API over loopback.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { authHeaders, call, signIn, type Session } from "./api";
import { ensureBuilt, startServer, stopAllServers } from "./server";
import { round } from "./stats";
import { httpLoad, type HttpWorkload } from "./workloads/http-load";

const { values } = parseArgs({
  options: {
    entries: { type: "string", default: "100000" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    uploads: { type: "string", default: "40" },
  },
});
const entries = Number(values.entries);
const duration = Number(values.duration);
const connections = Number(values.connections);
const uploads = Number(values.uploads);
const log = (line: string) => console.error(`[memory] ${line}`);

async function created(session: Session, path: string, body: unknown): Promise<string> {
  const response = await call(session, "POST", path, body);
  const id = (response.body as { id?: string } | null)?.id;
  if (response.status !== 201 || !id) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return id;
}

/** `entries` timeline entries on `companyId` (and a sprinkle on its subsidiary), spread over five years. */
async function seedEntries(databaseUrl: string, companyId: string, subsidiaryId: string, authorId: string) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "relata-bench" });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query(
      `INSERT INTO timeline_entries (company_id, kind, author_id, occurred_at, subject, body_html, body_text, outcome)
       SELECT CASE WHEN n % 10 = 0 THEN $2::uuid ELSE $1::uuid END,
              (ARRAY['call','meeting','visit','email','sms','chat','event','action','decision','note'])[1 + n % 10],
              $3::uuid, now() - (n * interval '26 minutes'),
              'Entry ' || n, '<p>Discussed the renewal, item ' || n || '</p>', 'Discussed the renewal, item ' || n,
              CASE WHEN n % 3 = 0 THEN 'Agreed on next steps' END
         FROM generate_series(1, $4::int) AS n`,
      [companyId, subsidiaryId, authorId, entries],
    );
    await client.query("ANALYZE timeline_entries");
    return round(performance.now() - t0, 0);
  } finally {
    await client.end();
  }
}

function get(session: Session, name: string, path: string): Promise<HttpWorkload> {
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

async function main() {
  ensureBuilt(log, { rebuildStale: true });
  const server = await startServer({ log });
  try {
    const session = await signIn(server.baseUrl, server.origin);
    const userId = ((await call(session, "GET", "/api/me")).body as { id?: string }).id;
    if (!userId) throw new Error("no user id in /api/me");
    const company = await created(session, "/api/companies", { name: "Memory Bench Group AB", ignoreDuplicates: true });
    const subsidiary = await created(session, "/api/companies", { name: "Memory Bench Norge AS", ignoreDuplicates: true });
    const links = await call(session, "GET", `/api/companies/${subsidiary}/links`);
    const link = await call(
      session,
      "PUT",
      `/api/companies/${subsidiary}/parent`,
      { parentId: company, relation: "subsidiary", share: 100 },
      links.etag ? { "if-match": links.etag } : {},
    );
    if (link.status >= 300) log(`linking the subsidiary answered ${link.status}; the group view covers one company`);
    log(`writing ${entries} timeline entries`);
    const seedMs = await seedEntries(server.databaseUrl(), company, subsidiary, userId);
    log(`seeded in ${seedMs} ms`);

    const results: HttpWorkload[] = [];
    results.push(await get(session, "timeline", `/api/companies/${company}/timeline`));
    results.push(await get(session, "timeline-filtered", `/api/companies/${company}/timeline?filter[kind]=call,meeting&q=renewal`));
    results.push(await get(session, "timeline-group", `/api/companies/${company}/timeline?scope=group`));
    results.push(await get(session, "my-work", `/api/tasks?view=today`));
    results.push(await get(session, "unread-count", `/api/notifications/unread-count`));
    results.push(
      await httpLoad({
        name: "note",
        label: "POST /api/timeline (note)",
        baseUrl: session.baseUrl,
        connections,
        duration,
        method: "POST",
        headers: authHeaders(session, true),
        requests: [
          { method: "POST", path: "/api/timeline", body: JSON.stringify({ companyId: company, kind: "note", body: "<p>Bench note</p>" }) },
        ],
      }),
    );

    // Revisions: one document, `uploads` revisions of 1 MiB each, one after another.
    const file = randomBytes(1 << 20);
    file.write("%PDF-1.4\n", 0);
    const upload = async (path: string) => {
      const response = await fetch(`${session.baseUrl}${path}`, {
        method: "POST",
        headers: { ...authHeaders(session, true), "content-type": "application/octet-stream" },
        body: file,
      });
      const body = (await response.json()) as { id?: string };
      if (response.status !== 201) throw new Error(`upload: ${response.status} ${JSON.stringify(body)}`);
      return body.id!;
    };
    const documentId = await upload(
      `/api/documents?recordType=company&recordId=${company}&kind=proposal&title=Bench%20proposal&fileName=proposal.pdf`,
    );
    const t0 = performance.now();
    for (let i = 0; i < uploads; i += 1) {
      file.writeUInt32BE(i, 16); // new content each time (content-addressed: same bytes are stored once)
      await upload(`/api/documents/${documentId}/revisions?fileName=proposal-${i}.pdf`);
    }
    const uploadSeconds = (performance.now() - t0) / 1000;

    console.log(`Timeline entries seeded: ${entries} (${seedMs} ms); ${duration} s per load, ${connections} connections.\n`);
    console.log("| Workload | req/s | p50 | p97.5 | p99 | requests | non-2xx |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of results)
      console.log(
        `| ${r.label} | ${r.rps} | ${r.latency.p50} ms | ${r.latency.p97_5} ms | ${r.latency.p99} ms | ${r.requests} | ${r.non2xx + r.errors} |`,
      );
    console.log(
      `| Revision upload, 1 MiB, sequential | ${round(uploads / uploadSeconds, 1)} | ${round((uploadSeconds * 1000) / uploads, 1)} ms mean | | | ${uploads} | 0 |`,
    );
  } finally {
    await server.stop();
  }
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAllServers();
  process.exitCode = 1;
});

import { performance } from "node:perf_hooks";
import { authHeaders, call, type Session } from "../api";
import { round, sleep } from "../stats";

export type ImportWorkload = {
  name: "import";
  label: string;
  rows: number;
  fileMB: number;
  /** Upload of the file until the import is answered (parsing headers, suggesting a mapping). */
  uploadMs: number;
  /** From `POST …/start` until the job reports it finished. */
  runSeconds: number;
  rowsPerSecond: number;
  status: string;
  created: number;
  skipped: number;
  /** Rows the import refused (the file has one bad country every 1,000 rows, so a few are expected). */
  rowErrors: number;
  expectedRowErrors: number;
  failure: string | null;
  /** Failed requests, an import that did not finish, or unexpected row errors. */
  errors: number;
};

export const importCsvHeader = "\uFEFFFöretag;Land;E-post;Telefon;Webbplats;Org.nr;Bransch;Ort;Anteckningar\r\n";
const countries = ["SE", "NO", "DK", "FI", "DE", "GB", "CN", "US"];
const industries = ["Manufacturing", "Retail", "Logistics", "Software", "Energy", "Healthcare"];
const cities = ["Malmö", "Göteborg", "Oslo", "Köpenhamn", "Helsingfors", "Hamburg", "上海", "Boston"];

/**
 * Row `i` of a realistic company file: ; separated, every 1,000th row broken (bad country), some
 * quoted multi-line notes. `tag` and `registrations` (the first registration number) make a run's
 * rows new to a database an earlier run imported into.
 */
export function importCsvLine(i: number, tag = "", registrations = 5560000000): string {
  const country = i % 1000 === 999 ? "Atlantis" : countries[i % countries.length]!;
  const note = i % 250 === 0 ? `"Met at the fair;\r\ncall back in Q${(i % 4) + 1}"` : "";
  return `Company ${tag}${i} AB;${country};info@company${tag}${i}.example;+46 8 ${String(i).padStart(7, "0")};www.company${tag}${i}.example;${String(registrations + i)};${industries[i % industries.length]};${cities[i % cities.length]};${note}\r\n`;
}

const terminal = new Set(["done", "failed", "cancelled"]);

/**
 * Uploads a generated company CSV through `POST /api/imports`, starts it and polls until the
 * pg-boss job has applied every row (the server must run with JOBS=true): rows per second of
 * the whole run, duplicate check included (mode skip; the names are new).
 */
/** What `GET /api/imports/:id` says of a running or finished import. */
export type ImportJobState = {
  status: string;
  processedRows: number;
  createdRows: number;
  skippedRows: number;
  errorRows: number;
  failure: string | null;
};

export async function importWorkload(session: Session, rows: number, timeoutSeconds: number): Promise<ImportWorkload> {
  // A tag of this run: names, emails and sites are new, so none is skipped as a duplicate.
  const tag = `b${Date.now().toString(36)}x`;
  const registrations = 5_000_000_000 + (Date.now() % 1_000_000) * 1_000;
  const parts = [importCsvHeader];
  for (let i = 0; i < rows; i++) parts.push(importCsvLine(i, tag, registrations));
  const file = Buffer.from(parts.join(""), "utf8");
  const expectedRowErrors = Math.floor((rows + 1) / 1000);
  const result: ImportWorkload = {
    name: "import",
    label: `CSV import: POST /api/imports, …/start, job to the end (${rows.toLocaleString("en-US")} rows)`,
    rows,
    fileMB: round(file.length / 1_048_576, 1),
    uploadMs: 0,
    runSeconds: 0,
    rowsPerSecond: 0,
    status: "not started",
    created: 0,
    skipped: 0,
    rowErrors: 0,
    expectedRowErrors,
    failure: null,
    errors: 0,
  };
  const t0 = performance.now();
  const upload = await fetch(`${session.baseUrl}/api/imports?object=company&fileName=bench.csv`, {
    method: "POST",
    headers: { ...authHeaders(session, true), "content-type": "text/csv" },
    body: file,
    signal: AbortSignal.timeout(120_000),
  });
  const job = (await upload.json()) as { id?: string; totalRows?: number };
  result.uploadMs = round(performance.now() - t0, 0);
  if (upload.status !== 201 || !job.id) {
    result.failure = `upload answered ${upload.status}: ${JSON.stringify(job).slice(0, 300)}`;
    result.errors = 1;
    return result;
  }
  const started = performance.now();
  const start = await call(session, "POST", `/api/imports/${job.id}/start`, {});
  if (start.status !== 200) {
    result.failure = `start answered ${start.status}: ${JSON.stringify(start.body).slice(0, 300)}`;
    result.errors = 1;
    return result;
  }
  let state: ImportJobState | undefined;
  const deadline = started + timeoutSeconds * 1000;
  while (performance.now() < deadline) {
    await sleep(200);
    const answer = await call(session, "GET", `/api/imports/${job.id}`);
    if (answer.status !== 200) continue;
    state = answer.body as ImportJobState;
    if (terminal.has(state.status)) break;
  }
  const seconds = (performance.now() - started) / 1000;
  result.runSeconds = round(seconds, 2);
  if (!state) {
    result.failure = "the import's state could not be read";
    result.errors = 1;
    return result;
  }
  result.status = state.status;
  result.created = state.createdRows;
  result.skipped = state.skippedRows;
  result.rowErrors = state.errorRows;
  result.failure = state.failure;
  result.rowsPerSecond = round(state.processedRows / seconds, 0);
  const finished = state.status === "done" && state.processedRows >= rows;
  result.errors = (finished ? 0 : 1) + Math.max(0, state.errorRows - expectedRowErrors) + (state.failure ? 1 : 0);
  return result;
}

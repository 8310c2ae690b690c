import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, stat, unlink, utimes } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError, Validation } from "../../platform/errors";

/** One CSV record: the file line it starts on (the header is line 1), its cells, or why it cannot be read. */
export type CsvRecord = { line: number; cells: string[]; error?: string };
export type Delimiter = "," | ";" | "\t";

export const maxColumns = 200;
export const maxHeaderLength = 200;
/** A record longer than this is reported as an error rather than held in memory. */
const maxRecordChars = 1 << 20;

const QUOTE = 34;
const CR = 13;
const LF = 10;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/**
 * A streaming RFC 4180 reader that knows the line each record starts on, also when quoted cells
 * hold CRLF line breaks (csv-parse 7 counts those twice). Lenient where spreadsheets are: a
 * stray quote inside an unquoted cell is kept as text, CR, LF and CRLF all end a record, empty
 * lines are skipped. An unclosed quote at the end of the file is reported on the record's line.
 */
export class CsvReader {
  private line = 1;
  private state = FIELD_START;
  private field = "";
  private cells: string[] = [];
  private started = false;
  private recordLine = 0;
  private size = 0;
  private tooLong = false;
  private pendingCR = false;
  private readonly delimiter: number;

  constructor(delimiter: Delimiter) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reads the next piece of text; complete records are appended to `out`. */
  push(text: string, out: CsvRecord[]): void {
    const n = text.length;
    let i = 0;
    if (this.pendingCR) {
      // The CR that ended the previous piece and this LF are one line break.
      this.pendingCR = false;
      if (n > 0 && text.charCodeAt(0) === LF) {
        if (this.state === QUOTED) this.append("\n");
        i = 1;
      }
    }
    const delimiter = this.delimiter;
    while (i < n) {
      switch (this.state) {
        case QUOTED: {
          const quote = text.indexOf('"', i);
          const end = quote === -1 ? n : quote;
          this.countBreaks(text, i, end);
          this.append(text.slice(i, end));
          if (quote === -1) i = n;
          else {
            i = quote + 1;
            this.state = QUOTE_SEEN;
          }
          break;
        }
        case QUOTE_SEEN: {
          const c = text.charCodeAt(i);
          if (c === QUOTE) {
            this.append('"');
            this.state = QUOTED;
            i++;
          } else if (c === delimiter) {
            this.endField();
            this.state = FIELD_START;
            i++;
          } else if (c === CR || c === LF) {
            i = this.newline(text, i, out);
          } else {
            // `"abc"def`: kept as abcdef, like spreadsheets read it.
            this.state = UNQUOTED;
          }
          break;
        }
        default: {
          if (this.state === FIELD_START && text.charCodeAt(i) === QUOTE) {
            this.begin();
            this.state = QUOTED;
            i++;
            break;
          }
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === delimiter || c === CR || c === LF) break;
            j++;
          }
          if (j > i) {
            this.begin();
            this.append(text.slice(i, j));
            this.state = UNQUOTED;
          }
          if (j === n) {
            i = n;
            break;
          }
          if (text.charCodeAt(j) === delimiter) {
            this.begin();
            this.endField();
            this.state = FIELD_START;
            i = j + 1;
          } else {
            i = this.newline(text, j, out);
          }
        }
      }
    }
  }

  /** The end of the input: the last record (without a final line break), or an unclosed quote. */
  end(out: CsvRecord[]): void {
    if (this.state === QUOTED) {
      out.push({ line: this.recordLine, cells: [], error: "a quoted cell that starts on this line is never closed" });
      this.reset();
      return;
    }
    if (this.started) this.endRecord(out);
  }

  private begin() {
    if (!this.started) {
      this.started = true;
      this.recordLine = this.line;
    }
  }

  private append(text: string) {
    if (this.tooLong || text.length === 0) return;
    this.size += text.length;
    if (this.size > maxRecordChars) {
      this.tooLong = true;
      this.field = "";
      this.cells = [];
      return;
    }
    this.field += text;
  }

  private endField() {
    if (!this.tooLong) this.cells.push(this.field);
    this.field = "";
  }

  private endRecord(out: CsvRecord[]) {
    this.endField();
    if (this.tooLong) out.push({ line: this.recordLine, cells: [], error: "the row is longer than 1 MB" });
    else out.push({ line: this.recordLine, cells: this.cells });
    this.reset();
  }

  private reset() {
    this.cells = [];
    this.field = "";
    this.started = false;
    this.tooLong = false;
    this.size = 0;
    this.state = FIELD_START;
  }

  /** A line break outside quotes at `at`: ends the record (if any); returns the index after it. */
  private newline(text: string, at: number, out: CsvRecord[]): number {
    if (this.started) this.endRecord(out);
    else this.reset();
    this.line++;
    if (text.charCodeAt(at) === CR) {
      if (at + 1 === text.length) {
        this.pendingCR = true;
        return at + 1;
      }
      if (text.charCodeAt(at + 1) === LF) return at + 2;
    }
    return at + 1;
  }

  /** Counts the line breaks inside a quoted cell (CRLF once). */
  private countBreaks(text: string, from: number, to: number) {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === LF) this.line++;
      else if (c === CR) {
        this.line++;
        if (k + 1 < to && text.charCodeAt(k + 1) === LF) k++;
        else if (k + 1 === text.length) this.pendingCR = true;
      }
    }
  }
}

/**
 * Counts the records of a CSV file as its bytes stream past (outside quotes, lines that hold
 * anything): the progress bar's total, known at upload without parsing the file twice.
 */
export class RecordCounter {
  records = 0;
  private inQuotes = false;
  private lineHasContent = false;

  push(chunk: Buffer) {
    let inQuotes = this.inQuotes;
    let content = this.lineHasContent;
    let records = this.records;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === QUOTE) {
        inQuotes = !inQuotes;
        content = true;
      } else if (inQuotes) continue;
      else if (byte === LF || byte === CR) {
        if (content) records++;
        content = false;
      } else content = true;
    }
    this.inQuotes = inQuotes;
    this.lineHasContent = content;
    this.records = records;
  }

  total() {
    return this.records + (this.lineHasContent ? 1 : 0);
  }
}

export type Upload = { tempPath: string; sha256: string; size: number; records: number };

export const PayloadTooLarge = (maxBytes: number) =>
  new AppError("payload_too_large", 413, `The file is larger than ${Math.floor(maxBytes / 1_048_576)} MB`);

/**
 * Streams a request body to a temporary file in `dir`, hashing and counting records on the
 * way; never holds the file in memory. Over `maxBytes` the transfer stops with 413.
 */
export async function receiveUpload(body: Readable, dir: string, maxBytes: number): Promise<Upload> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tempPath = path.join(dir, `upload-${randomUUID()}.part`);
  const hash = createHash("sha256");
  const counter = new RecordCounter();
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(PayloadTooLarge(maxBytes));
      hash.update(chunk);
      counter.push(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(tempPath, { flags: "wx", mode: 0o600 }));
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  return { tempPath, sha256: hash.digest("hex"), size, records: counter.total() };
}

/** Files are kept by content: the same file uploaded twice is stored once. */
export const storedPath = (dir: string, sha256: string) => path.join(dir, `${sha256}.csv`);

export async function keepUpload(dir: string, upload: Upload): Promise<string> {
  const target = storedPath(dir, upload.sha256);
  const existing = await stat(target).catch(() => undefined);
  if (existing) {
    await unlink(upload.tempPath);
    // Stored again: the housekeeping prune counts a file's age from its last upload.
    const now = new Date();
    await utimes(target, now, now);
  } else await rename(upload.tempPath, target);
  return target;
}

export type CsvFormat = { delimiter: Delimiter; headers: string[] };

const sampleBytes = 1 << 20;
const fileProblem = (message: string) => Validation([{ field: "file", message }], `file: ${message}`);

/** The separator of the header line: the most frequent of , ; and tab outside quotes (ties: , then ;). */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === "\n" || c === "\r") {
      if (counts[","] + counts[";"] + counts["\t"] > 0) break;
    } else if (c === "," || c === ";" || c === "\t") counts[c]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

/**
 * Reads the start of a stored file: refuses what is not UTF-8 text, strips a BOM, detects the
 * separator and returns the header row (trimmed). Problems are 400s naming `file`.
 */
export async function readFormat(filePath: string): Promise<CsvFormat> {
  const handle = await open(filePath, "r");
  let sample: Buffer;
  let whole: boolean;
  try {
    const { size } = await handle.stat();
    if (size === 0) throw fileProblem("is empty");
    const buffer = Buffer.alloc(Math.min(size, sampleBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    sample = buffer.subarray(0, bytesRead);
    whole = bytesRead === size;
  } finally {
    await handle.close();
  }
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw fileProblem("is UTF-16 text; save it as CSV UTF-8");
  }
  if (sample.includes(0)) throw fileProblem("is not a text file");
  let text: string;
  try {
    // stream: a multi-byte character cut off at the end of the sample is not an error.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(sample, { stream: !whole });
  } catch {
    throw fileProblem("is not UTF-8 text; save it as CSV UTF-8");
  }
  if (text.trim() === "") throw fileProblem("is empty");
  const delimiter = detectDelimiter(text);
  const reader = new CsvReader(delimiter);
  const records: CsvRecord[] = [];
  reader.push(text, records);
  if (whole) reader.end(records);
  const first = records[0];
  if (!first || first.error) throw fileProblem("has no readable header row");
  const headers = first.cells.map((cell) => cell.trim());
  while (headers.length > 0 && headers.at(-1) === "") headers.pop();
  if (headers.length === 0) throw fileProblem("has no header row");
  if (headers.length > maxColumns) throw fileProblem(`has ${headers.length} columns; at most ${maxColumns} can be imported`);
  const long = headers.find((header) => header.length > maxHeaderLength);
  if (long !== undefined) throw fileProblem(`has a column name longer than ${maxHeaderLength} characters`);
  const seen = new Set<string>();
  for (const header of headers) {
    if (header === "") continue;
    if (seen.has(header)) throw fileProblem(`has the column "${header}" twice`);
    seen.add(header);
  }
  return { delimiter, headers };
}

/**
 * The records of a stored file after its header, in order, in batches of `batchSize`: the file
 * is read as a stream, so memory stays flat for any size.
 */
export async function* readRecords(filePath: string, delimiter: Delimiter, batchSize: number): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader(delimiter);
  let batch: CsvRecord[] = [];
  let header = true;
  let first = true;
  const take = function* (records: CsvRecord[]) {
    for (const record of records) {
      if (header) {
        header = false;
        continue;
      }
      batch.push(record);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  };
  for await (const piece of createReadStream(filePath, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    let text = piece as string;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const records: CsvRecord[] = [];
    reader.push(text, records);
    yield* take(records);
  }
  const records: CsvRecord[] = [];
  reader.end(records);
  yield* take(records);
  if (batch.length > 0) yield batch;
}

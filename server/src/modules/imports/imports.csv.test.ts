import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import {
  CsvReader,
  RecordCounter,
  detectDelimiter,
  readFormat,
  readRecords,
  receiveUpload,
  type CsvRecord,
  type Delimiter,
} from "./imports.csv";

function readAll(text: string, delimiter: Delimiter = ",", pieces: number[] = []): CsvRecord[] {
  const reader = new CsvReader(delimiter);
  const out: CsvRecord[] = [];
  let at = 0;
  for (const cut of [...pieces, text.length]) {
    reader.push(text.slice(at, cut), out);
    at = cut;
  }
  reader.end(out);
  return out;
}

const dir = mkdtempSync(path.join(os.tmpdir(), "relata-import-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("CSV reader", () => {
  const lf = 'name,note\nAcme,"two\nlines"\n\nBeta,plain\n"Gamma ""G""",x\nDelta,"a,b"';
  const expected: CsvRecord[] = [
    { line: 1, cells: ["name", "note"] },
    { line: 2, cells: ["Acme", "two\nlines"] },
    { line: 5, cells: ["Beta", "plain"] },
    { line: 6, cells: ['Gamma "G"', "x"] },
    { line: 7, cells: ["Delta", "a,b"] },
  ];

  it("knows the line each record starts on, with quoted line breaks and empty lines", () => {
    expect(readAll(lf)).toEqual(expected);
  });

  it("counts a CRLF inside a quoted cell as one line and keeps it in the value", () => {
    const crlf = lf.replace(/\n/g, "\r\n");
    expect(readAll(crlf)).toEqual(
      expected.map((record) => ({ ...record, cells: record.cells.map((cell) => cell.replace(/\n/g, "\r\n")) })),
    );
  });

  it("gives the same records however the text is cut into pieces", () => {
    for (const text of [lf, lf.replace(/\n/g, "\r\n"), lf.replace(/\n/g, "\r")]) {
      const whole = readAll(text);
      for (let cut = 0; cut <= text.length; cut++) expect(readAll(text, ",", [cut]), `cut at ${cut}`).toEqual(whole);
      for (let cut = 0; cut + 1 <= text.length; cut++) expect(readAll(text, ",", [cut, cut + 1]), `cuts at ${cut}`).toEqual(whole);
    }
  });

  it("reports an unclosed quote on the line where its record starts", () => {
    expect(readAll('a,b\n1,2\n3,"open\nmore\n')).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
      { line: 3, cells: [], error: expect.stringContaining("never closed") },
    ]);
  });

  it("reads semicolons and tabs, keeps stray quotes, keeps empty trailing cells", () => {
    expect(readAll('a;b\n5" screen;x;\n', ";")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['5" screen', "x", ""] },
    ]);
    expect(readAll("a\tb\n1\t2", "\t")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["1", "2"] },
    ]);
  });

  it("detects the separator from the header line", () => {
    expect(detectDelimiter("name;country;email\nA,B;SE;x")).toBe(";");
    expect(detectDelimiter("name\tcountry\n")).toBe("\t");
    expect(detectDelimiter('"a;b",c,d\n')).toBe(",");
    expect(detectDelimiter("name\n")).toBe(",");
  });

  it("counts records by bytes as the reader does (for the progress total)", () => {
    const counter = new RecordCounter();
    const text = Buffer.from(lf.replace(/\n/g, "\r\n"));
    counter.push(text.subarray(0, 7));
    counter.push(text.subarray(7));
    expect(counter.total()).toBe(expected.length);
  });
});

describe("stored files", () => {
  it("streams an upload to a file with its hash, size and record count, and refuses one over the limit", async () => {
    const text = "\uFEFFname;land\nAcme;SE\nBeta;NO\n";
    const upload = await receiveUpload(Readable.from([Buffer.from(text)]), dir, 1_000);
    expect(upload.size).toBe(Buffer.byteLength(text));
    expect(upload.records).toBe(3);
    expect(upload.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFormat(upload.tempPath)).toEqual({ delimiter: ";", headers: ["name", "land"] });
    const batches = [];
    for await (const batch of readRecords(upload.tempPath, ";", 1)) batches.push(batch);
    expect(batches).toEqual([[{ line: 2, cells: ["Acme", "SE"] }], [{ line: 3, cells: ["Beta", "NO"] }]]);

    const before = readdirSync(dir).length;
    await expect(receiveUpload(Readable.from([Buffer.alloc(600, 65), Buffer.alloc(600, 65)]), dir, 1_000)).rejects.toMatchObject({
      status: 413,
    });
    expect(readdirSync(dir).length).toBe(before);
  });

  it("refuses empty, binary, UTF-16 and over-wide files naming the file", async () => {
    const cases: [string | Buffer, RegExp][] = [
      ["", /empty/],
      ["\n\n", /empty/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), /not a text file/],
      [Buffer.from([0xff, 0xfe, 0x61, 0x00]), /UTF-16/],
      [Buffer.from([0x61, 0x2c, 0xe5, 0x0a]), /not UTF-8/],
      [Array.from({ length: 201 }, (_, i) => `c${i}`).join(",") + "\n", /201 columns/],
      ["a,b,a\n1,2,3\n", /twice/],
    ];
    for (const [content, message] of cases) {
      const file = path.join(dir, `case-${Math.random()}.csv`);
      writeFileSync(file, content);
      await expect(readFormat(file)).rejects.toMatchObject({
        status: 400,
        details: [{ field: "file", message: expect.stringMatching(message) }],
      });
    }
  });
});

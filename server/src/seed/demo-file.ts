/**
 * The one file every demo document revision points at: a one-page PDF, stored once in the
 * content-addressed file store (identical content is stored once anyway).
 */
import { Readable } from "node:stream";
import { discardTemp, placeFile, receiveFile } from "../platform/files";

/** A one-page PDF that shows `text` (valid cross-reference table, so viewers open it without repair). */
export function pdfWithText(text: string, fontSize = 24): Buffer {
  const escaped = text.replace(/[\\()]/g, "\\$&");
  const stream = `BT /F1 ${fontSize} Tf 72 720 Td (${escaped}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** The demo documents' one file: a small valid PDF that says what it is. */
export const demoPdf = () => pdfWithText("Relata demo document - generated sample data", 18);

/** Places the demo PDF in the file store (before the rows referencing it commit) and answers its hash and size. */
export async function storeDemoFile(dataDir: string): Promise<{ sha256: string; size: number }> {
  const bytes = demoPdf();
  const received = await receiveFile(Readable.from([bytes]), dataDir, bytes.length + 1);
  try {
    await placeFile(dataDir, received);
  } finally {
    await discardTemp(received);
  }
  return { sha256: received.sha256, size: received.size };
}

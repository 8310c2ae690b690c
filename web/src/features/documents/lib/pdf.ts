/**
 * pdf.js, loaded on first use: its worker is a file of our own build (the CSP allows scripts
 * from our origin only), and it never evaluates code from a document.
 */
import type * as PdfJsModule from "pdfjs-dist";
import type { PDFDocumentProxy } from "pdfjs-dist";

type PdfJs = typeof PdfJsModule;
let loading: Promise<PdfJs> | undefined;

function pdfjs(): Promise<PdfJs> {
  loading ??= Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.min.mjs?url")]).then(([library, worker]) => {
    library.GlobalWorkerOptions.workerSrc = worker.default;
    return library;
  });
  return loading;
}

/** Opens a PDF from its bytes (fetched with the session, or through a share link). */
export async function openPdf(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
  const library = await pdfjs();
  return library.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, enableXfa: false }).promise;
}

/** Draws one page to fit `width` CSS pixels, sharp on high-density screens; answers the page's CSS height. */
export async function renderPage(document: PDFDocumentProxy, number: number, canvas: HTMLCanvasElement, width: number): Promise<number> {
  const page = await document.getPage(number);
  const natural = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: width / natural.width });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  await page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined }).promise;
  return viewport.height;
}

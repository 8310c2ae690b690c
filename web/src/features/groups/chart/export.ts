/**
 * The structure chart as a stand-alone SVG document, drawn from the same layout as the screen
 * (so no screenshot library is needed), and its rasterisation to PNG through a canvas. `chartSvg`
 * is pure (unit-tested); `svgToPng` and `download` need a browser.
 */
import type { ChartGraph, ChartItem } from "./model";
import { linkPath, type ChartLayout } from "./layout";

/** What a card says, already translated and formatted. */
export type CardText = { title: string; lines: string[] };

export type SvgPalette = {
  background: string;
  card: string;
  bucket: string;
  border: string;
  highlight: string;
  text: string;
  dimmed: string;
  line: string;
};

const lightPalette: SvgPalette = {
  background: "#ffffff",
  card: "#ffffff",
  bucket: "#f1f3f5",
  border: "#ced4da",
  highlight: "#1c7ed6",
  text: "#212529",
  dimmed: "#495057",
  line: "#868e96",
};

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[char]!);
}

/** Cuts text that would overflow a card (the SVG has no text wrapping); ~7 px per character at 13 px. */
export function fit(text: string, width: number, charWidth = 7): string {
  const max = Math.max(4, Math.floor(width / charWidth));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function chartSvg(input: {
  graph: ChartGraph;
  layout: ChartLayout;
  card: (item: ChartItem) => CardText;
  linkLabel?: (link: ChartGraph["links"][number]) => string | undefined;
  /** Items drawn with a strong border (the current company). */
  highlighted?: ReadonlySet<string>;
  /** The document's accessible title. */
  title: string;
  palette?: SvgPalette;
}): string {
  const { graph, layout, card, linkLabel, highlighted = new Set<string>(), title, palette = lightPalette } = input;
  const width = Math.max(1, Math.ceil(layout.width));
  const height = Math.max(1, Math.ceil(layout.height));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="${palette.background}"/>`,
  ];
  for (const link of graph.links) {
    const from = layout.boxes.get(link.source);
    const to = layout.boxes.get(link.target);
    if (!from || !to) continue;
    const path = linkPath(from, to);
    const dashed = link.edge?.indirect ? ` stroke-dasharray="5 4"` : "";
    parts.push(`<path d="${path.d}" fill="none" stroke="${palette.line}" stroke-width="1.2"${dashed}/>`);
    const label = linkLabel?.(link);
    if (label) {
      const labelWidth = label.length * 6.2 + 10;
      parts.push(
        `<rect x="${path.labelX - labelWidth / 2}" y="${path.labelY - 9}" width="${labelWidth}" height="18" rx="4" fill="${palette.background}" stroke="${palette.border}"/>`,
        `<text x="${path.labelX}" y="${path.labelY + 4}" font-size="11" text-anchor="middle" fill="${palette.dimmed}">${escapeXml(label)}</text>`,
      );
    }
  }
  for (const item of graph.items) {
    const box = layout.boxes.get(item.id);
    if (!box) continue;
    const text = card(item);
    const strong = highlighted.has(item.id);
    const fill = item.kind === "bucket" ? palette.bucket : palette.card;
    parts.push(
      `<g data-id="${escapeXml(item.id)}">`,
      `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="8" fill="${fill}" stroke="${strong ? palette.highlight : palette.border}" stroke-width="${strong ? 2.5 : 1}"/>`,
      `<text x="${box.x + 12}" y="${box.y + 22}" font-size="13" font-weight="600" fill="${palette.text}">${escapeXml(fit(text.title, box.width - 24))}</text>`,
    );
    text.lines.forEach((line, index) => {
      parts.push(
        `<text x="${box.x + 12}" y="${box.y + 41 + index * 17}" font-size="11" fill="${palette.dimmed}">${escapeXml(fit(line, box.width - 24, 6.2))}</text>`,
      );
    });
    parts.push(`</g>`);
  }
  parts.push(`</svg>`);
  return parts.join("\n");
}

/** Draws an SVG document onto a canvas at `scale` and returns the PNG. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const image = new Image();
    image.decoding = "async";
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the chart image could not be drawn"));
      image.src = url;
    });
    // Browsers cap a canvas's area; a very large chart is drawn at a smaller scale.
    const fitted = Math.min(scale, Math.sqrt(16_000_000 / Math.max(1, width * height)));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.floor(width * fitted));
    canvas.height = Math.max(1, Math.floor(height * fitted));
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no canvas");
    context.scale(fitted, fitted);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the chart image could not be encoded"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves `blob` as a file named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.rel = "noopener";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a company name: letters, digits and dashes. */
export function fileName(name: string, suffix: string, extension: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60);
  return `${base || "group"}-${suffix}.${extension}`;
}

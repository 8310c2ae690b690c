import type { ImportObject } from "@relata/contracts";

/**
 * A CSV template: one header per field the import can fill, named by field (the server maps
 * such headers by themselves). A BOM so spreadsheet programs read it as UTF-8.
 */
export function templateCsv(fields: readonly string[]): string {
  const cell = (value: string) => (/[",;\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `\uFEFF${fields.map(cell).join(",")}\r\n`;
}

export const templateFileName = (object: ImportObject) => `relata-${object === "company" ? "companies" : "contacts"}-template.csv`;

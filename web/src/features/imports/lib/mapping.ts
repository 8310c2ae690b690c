// Column mapping rules the screen checks before asking the server (which checks them again).
import type { ImportMapping, ImportObject } from "@relata/contracts";

/** Fields several columns may fill (each column adds a value); every other field takes one column. */
export const manyFields: ReadonlySet<string> = new Set(["email", "phone", "mobile"]);

/**
 * What a mapping must cover before an import can start: each group needs one of its fields.
 * Contacts need a last or full name, and a company to belong to (by name or registration number).
 */
export const requiredGroups: Record<ImportObject, readonly (readonly string[])[]> = {
  company: [["name"]],
  contact: [
    ["lastName", "fullName"],
    ["companyName", "companyRegistrationNumber"],
  ],
};

export const requiredFields = (object: ImportObject): ReadonlySet<string> => new Set(requiredGroups[object].flat());

/** The groups the mapping does not cover yet. */
export function missingGroups(object: ImportObject, mapping: ImportMapping): (readonly string[])[] {
  const mapped = new Set(Object.values(mapping));
  return requiredGroups[object].filter((group) => !group.some((field) => mapped.has(field)));
}

/** Columns that fill a single-value field an earlier column (in file order) already fills: header → that earlier header. */
export function repeatedTargets(headers: readonly string[], mapping: ImportMapping): Map<string, string> {
  const first = new Map<string, string>();
  const repeated = new Map<string, string>();
  for (const header of headers) {
    const field = mapping[header];
    if (!field) continue;
    const earlier = first.get(field);
    if (earlier !== undefined && !manyFields.has(field)) repeated.set(header, earlier);
    else if (earlier === undefined) first.set(field, header);
  }
  return repeated;
}

/** The mapping with one column pointed at `field`, or left out when `field` is empty. */
export function mapColumn(mapping: ImportMapping, header: string, field: string | null | undefined): ImportMapping {
  const next = { ...mapping };
  if (field) next[header] = field;
  else delete next[header];
  return next;
}

/**
 * A saved mapping applied to this file: only the columns the file has and the fields that
 * still exist are taken; columns it does not name keep their current choice.
 */
export function applySavedMapping(
  current: ImportMapping,
  saved: ImportMapping,
  headers: readonly string[],
  fields: ReadonlySet<string>,
): ImportMapping {
  const next: ImportMapping = { ...current };
  for (const [header, field] of Object.entries(saved)) {
    if (headers.includes(header) && fields.has(field)) next[header] = field;
  }
  // A field the saved mapping now fills is no longer taken from another column too.
  for (const [header, earlier] of repeatedTargets(headers, next)) {
    if (saved[header] === undefined) delete next[header];
    else if (saved[earlier] === undefined) delete next[earlier];
  }
  return next;
}

/** How many of the saved mapping's columns this file has. */
export function savedMappingFit(saved: ImportMapping, headers: readonly string[]): { matching: number; total: number } {
  const names = Object.keys(saved);
  return { matching: names.filter((header) => headers.includes(header)).length, total: names.length };
}

export function sameMapping(a: ImportMapping, b: ImportMapping): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** The mapped fields in file order, each once: the columns of the preview. */
export function mappedFields(headers: readonly string[], mapping: ImportMapping): string[] {
  const fields: string[] = [];
  for (const header of headers) {
    const field = mapping[header];
    if (field && !fields.includes(field)) fields.push(field);
  }
  return fields;
}

/** The server's problems with a mapping (`mapping.<header>`), by header. */
export function mappingProblemsByHeader(details: readonly { field: string; message: string }[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const detail of details) {
    if (detail.field.startsWith("mapping.")) found.set(detail.field.slice("mapping.".length), detail.message);
  }
  return found;
}

import type { DimensionKind, DimensionValue, DimensionValueCreate, DimensionValuePatch } from "@relata/contracts";
import { api, newIdempotencyKey } from "../../lib/api";

export function createDimensionValue(body: DimensionValueCreate, idempotencyKey = newIdempotencyKey()) {
  return api<DimensionValue>("POST", "/api/dimensions", { body, idempotencyKey });
}

export function patchDimensionValue(id: string, version: number, body: DimensionValuePatch) {
  return api<DimensionValue>("PATCH", `/api/dimensions/${encodeURIComponent(id)}`, { body, version });
}

/** Puts every value of a kind (archived ones too) in the order given, in one change. */
export function reorderDimensionValues(kind: DimensionKind, ids: string[]) {
  return api<unknown>("POST", "/api/dimensions/reorder", { body: { kind, ids } });
}

/** Deletes a value no record holds (409 when records hold it: archive it instead). */
export function deleteDimensionValue(id: string, version: number) {
  return api<null>("DELETE", `/api/dimensions/${encodeURIComponent(id)}`, { version });
}

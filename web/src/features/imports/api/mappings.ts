import { useQuery } from "@tanstack/react-query";
import type { ImportMapping, ImportObject, importMappingSaved } from "@relata/contracts";
import type { z } from "zod";
import { api } from "../../../lib/api";

export type SavedMapping = z.infer<typeof importMappingSaved>;

const base = "/api/import-mappings";
export const savedMappingsKey = (object: ImportObject) => ["imports", "mappings", object] as const;

/** The user's saved column mappings for one kind of record. */
export function useSavedMappings(object: ImportObject) {
  return useQuery({
    queryKey: savedMappingsKey(object),
    queryFn: ({ signal }) => api<{ items: SavedMapping[] }>("GET", base, { query: { object }, signal }).then((body) => body.items),
  });
}

/** `idempotencyKey`: one per dialog, so a retried save is stored once. */
export function saveMapping(body: { object: ImportObject; name: string; mapping: ImportMapping }, idempotencyKey: string) {
  return api<SavedMapping>("POST", base, { body, idempotencyKey });
}

export function deleteMapping(id: string) {
  return api<null>("DELETE", `${base}/${encodeURIComponent(id)}`);
}

import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ImportJob, ImportObject, importErrorsPage, importPreview, importTargets } from "@relata/contracts";
import type { z } from "zod";
import { api } from "../../../lib/api";

/** Import calls; query keys start with "imports". */
export type ImportTargets = z.infer<typeof importTargets>;
export type ImportTarget = ImportTargets["targets"][number];
export type ImportPreview = z.infer<typeof importPreview>;
export type ImportPreviewRow = ImportPreview["rows"][number];
export type ImportErrorsPage = z.infer<typeof importErrorsPage>;
export type ImportError = ImportErrorsPage["items"][number];
export type ImportsPage = { items: ImportJob[]; nextCursor: string | null };

const base = "/api/imports";
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;
export const importTopic = (id: string) => `import:${id}`;
export const importKey = (id: string) => ["imports", "record", id] as const;
export const importErrorsCsvUrl = (id: string) => `${one(id)}/errors.csv`;

/** Whether the import is being worked on by the server right now. */
export const isActive = (job: Pick<ImportJob, "status">) => job.status === "queued" || job.status === "running";

/** One import with its progress: refreshed by its live topic, and polled while it runs in case the live connection is down. */
export function importQuery(id: string) {
  return queryOptions({
    queryKey: importKey(id),
    queryFn: ({ signal }) => api<ImportJob>("GET", one(id), { signal }),
    meta: { topics: [importTopic(id)] },
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && isActive(query.state.data) ? 3_000 : false),
  });
}

export const useImport = (id: string) => useQuery(importQuery(id));

/** The caller's imports, newest first; polled while one of them runs. */
export function importsQuery() {
  return infiniteQueryOptions({
    queryKey: ["imports", "list"],
    queryFn: ({ signal, pageParam }) => api<ImportsPage>("GET", base, { query: { limit: 25, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(isActive)) ? 4_000 : false),
  });
}

export const useImports = () => useInfiniteQuery(importsQuery());

/** The fields an import of `object` can fill (built-in, then active custom fields). */
export function useImportTargets(object: ImportObject) {
  return useQuery({
    queryKey: ["imports", "targets", object],
    queryFn: ({ signal }) => api<ImportTargets>("GET", `${base}/targets`, { query: { object }, signal }),
    meta: { topics: ["list:custom-fields"] },
  });
}

/** The first rows as the saved mapping reads them; keyed by version so a changed mapping reads them again. */
export function useImportPreview(job: Pick<ImportJob, "id" | "version">, enabled = true) {
  return useQuery({
    queryKey: ["imports", "record", job.id, "preview", job.version],
    queryFn: ({ signal }) => api<ImportPreview>("GET", `${one(job.id)}/preview`, { signal }),
    enabled,
    staleTime: Infinity,
  });
}

/** The rows that failed, by line and field, a page at a time; `stamp` changes when the import has new errors. */
export function importErrorsQuery(id: string, stamp: string) {
  return infiniteQueryOptions({
    queryKey: ["imports", "record", id, "errors", stamp],
    queryFn: ({ signal, pageParam }) =>
      api<ImportErrorsPage>("GET", `${one(id)}/errors`, { query: { limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: Infinity,
  });
}

export const useImportErrors = (id: string, stamp: string, enabled = true) =>
  useInfiniteQuery({ ...importErrorsQuery(id, stamp), enabled });

export function patchImport(
  job: Pick<ImportJob, "id" | "version">,
  body: { mapping?: Record<string, string>; duplicates?: ImportJob["duplicates"] },
) {
  return api<ImportJob>("PATCH", one(job.id), { body, version: job.version });
}

/** Starts the import as a job (a dry run writes nothing); a failed or cancelled real run resumes where it stopped. */
export function startImport(id: string, dryRun: boolean) {
  return api<ImportJob>("POST", `${one(id)}/start`, { body: { dryRun } });
}

export function cancelImport(id: string) {
  return api<ImportJob>("POST", `${one(id)}/cancel`);
}

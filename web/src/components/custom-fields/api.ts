import { useMemo } from "react";
import { queryOptions, useQuery } from "@tanstack/react-query";
import type { CustomField, CustomFieldLayout, CustomFieldObject, CustomSection } from "@relata/contracts";
import { api } from "../../lib/api";
import { registerCustomLabels } from "./labels";

/** The live topic the server announces every definition change on (sections and fields). */
export const customFieldsTopic = "list:custom-fields";

/** Cache key of one object's layout; every key under ["custom-fields"] is refreshed after a change. */
export const customFieldsQueryKey = (object: CustomFieldObject) => ["custom-fields", object, "layout"] as const;

export function fetchCustomFieldLayout(object: CustomFieldObject, signal?: AbortSignal): Promise<CustomFieldLayout> {
  return api<CustomFieldLayout>("GET", "/api/custom-fields", { query: { object }, signal });
}

/** The one query of an object's layout: every screen shares its key, fetch and live topic. */
export const customFieldsQuery = (object: CustomFieldObject) =>
  queryOptions({
    queryKey: customFieldsQueryKey(object),
    queryFn: ({ signal }) => fetchCustomFieldLayout(object, signal),
    staleTime: 5 * 60_000,
    meta: { topics: [customFieldsTopic] },
  });

/** Sections by position, each with its fields by position (archived ones kept, flagged). */
export function orderedSections(layout: CustomFieldLayout | undefined): CustomSection[] {
  if (!layout) return [];
  return [...layout.sections]
    .sort((a, b) => a.position - b.position)
    .map((section) => ({ ...section, fields: [...section.fields].sort((a, b) => a.position - b.position) }));
}

/** Sections with their active fields; sections left without one dropped. */
export function activeSections(sections: readonly CustomSection[]): CustomSection[] {
  return sections
    .map((section) => ({ ...section, fields: section.fields.filter((field) => !field.archived) }))
    .filter((section) => section.fields.length > 0);
}

/** Whether the object has an active custom field, as far as this tab has loaded (panel visibility cannot wait for a query). */
const known = new Map<CustomFieldObject, boolean>();
export function hasCustomFields(object: CustomFieldObject): boolean {
  return known.get(object) ?? false;
}

/**
 * The custom sections and fields of companies or contacts, kept fresh by the live topic
 * `list:custom-fields`, their labels registered for translation. `sections` / `allFields` hold
 * everything in order (archived fields too: old values still show in histories); `activeSections`
 * and `activeFields` what forms, lists and cards offer.
 */
export function useCustomFields(object: CustomFieldObject, options: { enabled?: boolean } = {}) {
  const query = useQuery({ ...customFieldsQuery(object), enabled: options.enabled ?? true });
  // From the data, not the fetch (the settings screens also write this cache entry); during render so the
  // labels resolve in the children rendered with it.
  useMemo(() => {
    if (query.data) registerCustomLabels(query.data);
  }, [query.data]);
  const sections = useMemo(() => orderedSections(query.data), [query.data]);
  const active = useMemo(() => activeSections(sections), [sections]);
  const activeFields = useMemo<CustomField[]>(() => active.flatMap((section) => section.fields), [active]);
  const allFields = useMemo<CustomField[]>(() => sections.flatMap((section) => section.fields), [sections]);
  const fieldByKey = useMemo(() => new Map(allFields.map((field) => [field.key, field])), [allFields]);
  if (query.data) known.set(object, activeFields.length > 0);
  return { query, sections, activeSections: active, activeFields, allFields, fieldByKey };
}

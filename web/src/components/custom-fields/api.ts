import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import type { CustomField, CustomFieldLayout, CustomFieldObject, CustomSection } from "@relata/contracts";
import { api } from "../../lib/api";

/** The live topic the server announces every definition change on (sections and fields). */
export const customFieldsTopic = "list:custom-fields";

/** Cache key of one object's layout; every key under ["custom-fields"] is refreshed after a change. */
export const customFieldsQueryKey = (object: CustomFieldObject) => ["custom-fields", object, "layout"] as const;

export function fetchCustomFieldLayout(object: CustomFieldObject, signal?: AbortSignal): Promise<CustomFieldLayout> {
  return api<CustomFieldLayout>("GET", "/api/custom-fields", { query: { object }, signal });
}

/** Sections by position, each with its fields by position (archived ones kept, flagged). */
export function orderedSections(layout: CustomFieldLayout | undefined): CustomSection[] {
  if (!layout) return [];
  return [...layout.sections]
    .sort((a, b) => a.position - b.position)
    .map((section) => ({ ...section, fields: [...section.fields].sort((a, b) => a.position - b.position) }));
}

/**
 * The custom sections and fields of companies or contacts, kept fresh by the live topic
 * `list:custom-fields`. `sections` holds everything in order (archived fields too); `activeSections`
 * and `activeFields` what forms and cards show (archived fields and sections left empty dropped).
 */
export function useCustomFields(object: CustomFieldObject, options: { enabled?: boolean } = {}) {
  const query = useQuery({
    queryKey: customFieldsQueryKey(object),
    queryFn: ({ signal }) => fetchCustomFieldLayout(object, signal),
    staleTime: 5 * 60_000,
    enabled: options.enabled ?? true,
    meta: { topics: [customFieldsTopic] },
  });
  const sections = useMemo(() => orderedSections(query.data), [query.data]);
  const activeSections = useMemo(
    () =>
      sections
        .map((section) => ({ ...section, fields: section.fields.filter((field) => !field.archived) }))
        .filter((section) => section.fields.length > 0),
    [sections],
  );
  const activeFields = useMemo<CustomField[]>(() => activeSections.flatMap((section) => section.fields), [activeSections]);
  const fieldByKey = useMemo(() => new Map(sections.flatMap((section) => section.fields).map((field) => [field.key, field])), [sections]);
  return { query, sections, activeSections, activeFields, fieldByKey };
}

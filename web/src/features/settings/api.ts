import { queryOptions } from "@tanstack/react-query";
import type {
  CustomField,
  CustomFieldObject,
  CustomFieldOption,
  CustomFieldType,
  CustomSection,
  GradeRule,
  LocalizedLabel,
} from "@relata/contracts";
import { api, newIdempotencyKey } from "../../lib/api";

// ── custom sections and fields ──

export function createSection(body: { object: CustomFieldObject; labels: LocalizedLabel }, idempotencyKey = newIdempotencyKey()) {
  return api<CustomSection>("POST", "/api/custom-sections", { body, idempotencyKey });
}

export function patchSection(id: string, version: number, body: { labels?: LocalizedLabel; position?: number }) {
  return api<CustomSection>("PATCH", `/api/custom-sections/${id}`, { body, version });
}

export function deleteSection(id: string, version: number) {
  return api<null>("DELETE", `/api/custom-sections/${id}`, { version });
}

export type FieldCreate = {
  sectionId: string;
  key: string;
  type: CustomFieldType;
  labels: LocalizedLabel;
  required: boolean;
  options?: CustomFieldOption[];
};

export function createField(body: FieldCreate, idempotencyKey = newIdempotencyKey()) {
  return api<CustomField>("POST", "/api/custom-fields", { body, idempotencyKey });
}

export type FieldPatch = {
  sectionId?: string;
  labels?: LocalizedLabel;
  required?: boolean;
  position?: number;
  options?: CustomFieldOption[];
  archived?: boolean;
};

export function patchField(id: string, version: number, body: FieldPatch) {
  return api<CustomField>("PATCH", `/api/custom-fields/${id}`, { body, version });
}

/** Deletes a field no record holds a value for (null); one with values is archived instead (the field). */
export function deleteField(id: string, version: number) {
  return api<CustomField | null>("DELETE", `/api/custom-fields/${id}`, { version });
}

// ── grade rules ──

export type GradeRules = { rules: GradeRule[]; version: number };

export const gradeRulesQuery = queryOptions({
  queryKey: ["settings", "grade-rules"],
  queryFn: ({ signal }) => api<GradeRules>("GET", "/api/settings/grade-rules", { signal }),
  meta: { topics: ["list:grade-rules"] },
});

export function putGradeRules(rules: GradeRule[], version: number) {
  return api<GradeRules>("PUT", "/api/settings/grade-rules", { body: { rules }, version });
}

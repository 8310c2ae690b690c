import type { CustomField, CustomFieldLayout, CustomFieldObject, CustomSection } from "@relata/contracts";
import type { FieldRow, SectionRow } from "./custom-fields.repository";

export function presentField(row: FieldRow): CustomField {
  return {
    id: row.id,
    object: row.object as CustomFieldObject,
    sectionId: row.sectionId,
    key: row.key,
    type: row.type,
    labels: row.labels,
    required: row.required,
    position: row.position,
    options: row.options,
    archived: row.archived,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export function presentSection(row: SectionRow, fields: readonly FieldRow[]): CustomSection {
  return {
    id: row.id,
    object: row.object as CustomFieldObject,
    labels: row.labels,
    position: row.position,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    fields: fields.filter((field) => field.sectionId === row.id).map(presentField),
  };
}

/** Sections in order, each with its fields in order (`fields` comes ordered from the repository). */
export function presentLayout(object: CustomFieldObject, sections: readonly SectionRow[], fields: readonly FieldRow[]): CustomFieldLayout {
  return { object, sections: sections.map((section) => presentSection(section, fields)) };
}

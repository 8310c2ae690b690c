import type { ComponentType } from "react";
import type { FieldSpec, FieldType } from "./schema-fields";

/** What every field input receives. */
export type FieldInputProps = {
  field: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  /** translated */
  label: string;
  /** translated */
  description?: string;
  /** translated */
  placeholder?: string;
  error?: string;
  required: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  autoFocus?: boolean;
  /** data-testid of the input: `field-<name>` */
  testId: string;
};

/** What every read-only value view receives. */
export type FieldDisplayProps = { field: FieldSpec; value: unknown };

export type FieldRenderer = {
  input: ComponentType<FieldInputProps>;
  display: ComponentType<FieldDisplayProps>;
};

const renderers = new Map<string, FieldRenderer>();

/**
 * Adds (or replaces) the renderer of a field type. Custom fields reuse the built-in ones by
 * type name (`fieldRenderer("money")`) and may register new types.
 */
export function registerFieldType(type: FieldType, renderer: FieldRenderer): void {
  renderers.set(type, renderer);
}

/** The renderer of a type; unknown types fall back to "text". */
export function fieldRenderer(type: FieldType): FieldRenderer {
  const renderer = renderers.get(type) ?? renderers.get("text");
  if (!renderer) throw new Error("field renderers not registered (import record-form/renderers)");
  return renderer;
}

export function registeredFieldTypes(): string[] {
  return [...renderers.keys()];
}

import { useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CustomField, CustomValue } from "@relata/contracts";
import { FieldInput, FieldValue } from "../record-form";
import { customFieldSpec } from "./form";
import { labelIn } from "./labels";

export type CustomValueInputProps = {
  field: Pick<CustomField, "key" | "type" | "options" | "labels" | "required">;
  value: CustomValue | undefined;
  /** The new value in the stored shape (see contracts `customValue`); null clears. */
  onChange: (value: CustomValue) => void;
  error?: string;
  /** Defaults to the field's label in the UI language. */
  label?: string;
  description?: string;
  disabled?: boolean;
  autoFocus?: boolean;
  /** data-testid of the input; default `custom-<key>` */
  testId?: string;
};

/** One custom value's input outside a record form, with the same renderer the record forms use for its type. */
export function CustomValueInput(props: CustomValueInputProps) {
  const { i18n } = useTranslation();
  const { field } = props;
  const spec = useMemo(() => customFieldSpec(field, i18n.language), [field, i18n.language]);
  return (
    <FieldInput
      field={spec}
      value={props.value}
      onChange={(next) => props.onChange(next as CustomValue)}
      label={props.label ?? labelIn(field.labels, i18n.language)}
      description={props.description}
      error={props.error}
      required={field.required}
      disabled={props.disabled}
      autoFocus={props.autoFocus}
      testId={props.testId ?? `custom-${field.key}`}
    />
  );
}

/** One custom value, read-only, as record forms, lists and histories show it. */
export function CustomValueView({
  field,
  value,
  testId,
}: {
  field: Pick<CustomField, "key" | "type" | "options" | "required">;
  value: CustomValue | undefined;
  /** data-testid; default `custom-value-<key>` */
  testId?: string;
}): ReactNode {
  const { i18n } = useTranslation();
  const spec = useMemo(() => customFieldSpec(field, i18n.language), [field, i18n.language]);
  return (
    <span data-testid={testId ?? `custom-value-${field.key}`}>
      <FieldValue field={spec} value={value} />
    </span>
  );
}

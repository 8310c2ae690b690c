import type { FieldInputProps } from "./registry";

/** Help text under the input, so inputs in a row line up whatever the length of their help. */
export const inputWrapperOrder: ("label" | "input" | "description" | "error")[] = ["label", "input", "description", "error"];

/** The props every Mantine input of a field takes from FieldInputProps (label, help, error, state, test id). */
export function commonInputProps(props: FieldInputProps) {
  return {
    label: props.label,
    description: props.description,
    placeholder: props.placeholder,
    error: props.error,
    required: props.required,
    disabled: props.disabled,
    readOnly: props.readOnly,
    autoFocus: props.autoFocus,
    // Mantine's focus trap (drawers, modals) focuses the element marked so.
    "data-autofocus": props.autoFocus || undefined,
    "data-testid": props.testId,
    inputWrapperOrder,
  };
}

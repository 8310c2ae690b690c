import { Text } from "@mantine/core";
import { PasswordInput } from "../../auth/PasswordInput";
import { registerFieldType, type FieldDisplayProps, type FieldInputProps } from "../../../components/record-form";

/** A password in a record form (the initial password of a new user): masked, never shown back. */
function PasswordFieldInput(props: FieldInputProps) {
  return (
    <PasswordInput
      label={props.label}
      description={props.description}
      placeholder={props.placeholder}
      error={props.error}
      required={props.required}
      disabled={props.disabled}
      readOnly={props.readOnly}
      autoFocus={props.autoFocus}
      autoComplete="new-password"
      value={typeof props.value === "string" ? props.value : ""}
      maxLength={props.field.maxLength}
      onChange={(event) => props.onChange(event.currentTarget.value)}
      data-testid={props.testId}
    />
  );
}

function PasswordFieldDisplay(_props: FieldDisplayProps) {
  return (
    <Text span c="dimmed">
      ••••••••
    </Text>
  );
}

registerFieldType("password", { input: PasswordFieldInput, display: PasswordFieldDisplay });

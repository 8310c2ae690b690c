import { Text } from "@mantine/core";

/** The value of an empty field, in views and list cells. */
export function EmptyValue() {
  return (
    <Text span inherit c="dimmed">
      —
    </Text>
  );
}

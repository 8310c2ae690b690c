import { Anchor, Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CustomField, CustomValue } from "@relata/contracts";
import { useUserDirectory } from "../record-form";
import { formatCustomValue } from "./format";

type Props = {
  field: Pick<CustomField, "type" | "options" | "key">;
  value: CustomValue | undefined;
  /** data-testid; default `custom-value-<key>` */
  testId?: string;
};

/**
 * One custom value, read-only, in the UI language: money and numbers the language's way, dates as
 * days, yes/no in words, choices by their label, people by name, web and email addresses as links.
 */
export function CustomValueView({ field, value, testId }: Props) {
  const { t, i18n } = useTranslation();
  const isUser = field.type === "user";
  // Only user fields need the staff directory (shared, cached once per tab).
  const directory = useUserDirectory(isUser);
  const id = testId ?? `custom-value-${field.key}`;
  if (isUser && directory.isPending && typeof value === "string" && value) {
    return (
      <Text span inherit c="dimmed" data-testid={id}>
        …
      </Text>
    );
  }
  const formatted = formatCustomValue(field, value, {
    language: i18n.language,
    t,
    userName: (userId) => directory.data?.find((user) => user.id === userId)?.name,
  });
  switch (formatted.kind) {
    case "empty":
      return (
        <Text span inherit c="dimmed" data-testid={id} data-empty>
          —
        </Text>
      );
    case "list":
      return (
        <Group gap={4} data-testid={id} component="span">
          {formatted.items.map((item, index) => (
            <Badge key={`${index}-${item}`} variant="light" color="gray" style={{ textTransform: "none" }}>
              {item}
            </Badge>
          ))}
        </Group>
      );
    case "link":
      return (
        <Anchor
          href={formatted.href}
          data-testid={id}
          style={{ overflowWrap: "anywhere" }}
          {...(formatted.external ? { target: "_blank", rel: "noopener noreferrer" } : {})}
        >
          {formatted.text}
        </Anchor>
      );
    default:
      return (
        <Text
          span
          inherit
          data-testid={id}
          style={{ whiteSpace: field.type === "long_text" ? "pre-wrap" : undefined, overflowWrap: "anywhere" }}
        >
          {formatted.text}
        </Text>
      );
  }
}

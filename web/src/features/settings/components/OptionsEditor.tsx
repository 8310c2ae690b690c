import { ActionIcon, Button, Card, Group, Input, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { optionValueFromLabel } from "../lib/keys";
import { move } from "../lib/order";
import { LabelInputs, emptyLabels, type LabelDraft } from "./LabelsFields";

/** One option while edited; `touched`: its value was typed (or saved before), so labels no longer generate it. */
export type OptionDraft = { uid: string; value: string; labels: LabelDraft; touched: boolean };

let uidCounter = 0;
export const newOption = (): OptionDraft => ({ uid: `o${++uidCounter}`, value: "", labels: emptyLabels(), touched: false });

/**
 * The options of a choice field: a stored value (short, stable: records keep it) and a label in
 * each language, in the order pickers offer them.
 */
export function OptionsEditor({
  options,
  onChange,
  errors,
}: {
  options: OptionDraft[];
  onChange: (next: OptionDraft[]) => void;
  /** `options` (the list), `options[i].value`, `options[i].labels.en` … */
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation("settings");
  const update = (index: number, change: (option: OptionDraft) => OptionDraft) =>
    onChange(options.map((option, i) => (i === index ? change(option) : option)));

  return (
    <Input.Wrapper label={t("options.title")} description={t("options.hint")} error={errors.options} required data-testid="options-editor">
      <Stack gap="xs" mt={6}>
        {options.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("options.none")}
          </Text>
        )}
        {options.map((option, index) => (
          <Card key={option.uid} withBorder padding="xs" data-testid="option-row">
            <Group align="flex-start" gap="xs" wrap="nowrap">
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" style={{ flex: 1, minWidth: 0 }}>
                <TextInput
                  label={t("options.value")}
                  value={option.value}
                  maxLength={40}
                  required
                  error={errors[`options[${index}].value`]}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    update(index, (current) => ({ ...current, value, touched: value !== "" }));
                  }}
                  data-testid={`option-value-${index}`}
                />
                <LabelInputs
                  value={option.labels}
                  onChange={(labels, locale) =>
                    update(index, (current) => ({
                      ...current,
                      labels,
                      // Until the value is typed, it follows the English label.
                      value: locale === "en" && !current.touched ? optionValueFromLabel(labels.en) : current.value,
                    }))
                  }
                  errors={errors}
                  errorPrefix={`options[${index}].labels`}
                  testId={`option-label-${index}`}
                />
              </SimpleGrid>
              <Stack gap={2} mt={24}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  disabled={index === 0}
                  onClick={() => onChange(move(options, index, index - 1))}
                  aria-label={t("options.moveUp", { index: index + 1 })}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  disabled={index === options.length - 1}
                  onClick={() => onChange(move(options, index, index + 1))}
                  aria-label={t("options.moveDown", { index: index + 1 })}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => onChange(options.filter((_, i) => i !== index))}
                  aria-label={t("options.remove", { index: index + 1 })}
                  data-testid={`option-remove-${index}`}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Stack>
            </Group>
          </Card>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...options, newOption()])}
            data-testid="option-add"
          >
            {t("options.add")}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

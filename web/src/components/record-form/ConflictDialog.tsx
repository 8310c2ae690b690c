import type { CSSProperties } from "react";
import { Alert, Badge, Button, Flex, Modal, ScrollArea, Stack, Table, Text, type ButtonStylesNames } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useMediaQuery } from "@mantine/hooks";
import { FieldValue, useFieldLabel } from "./renderers";
import type { ConflictRow } from "./diff";
import type { FieldSpec } from "./schema-fields";

/** A button whose label may take more than one line (Mantine's keep to one line and cut the rest). */
const wrappingButton: Partial<Record<ButtonStylesNames, CSSProperties>> = {
  root: { height: "auto", minHeight: "var(--button-height-sm)", paddingBlock: "var(--mantine-spacing-xs)" },
  label: { whiteSpace: "normal", textAlign: "center", lineHeight: 1.35 },
};

type Props = {
  opened: boolean;
  rows: ConflictRow[];
  fields: FieldSpec[];
  /** When they saved, if known (already formatted, e.g. "2 minutes ago"). */
  changedAt?: string;
  busy: boolean;
  onReloadTheirs: () => void;
  onKeepMine: () => void;
  onClose: () => void;
};

/**
 * "Changed by someone else": the compare table (field | your value | their current value, the
 * differing ones highlighted) and the two ways out — take theirs, or put my changes on top of theirs.
 */
export function ConflictDialog({ opened, rows, fields, changedAt, busy, onReloadTheirs, onKeepMine, onClose }: Props) {
  const { t } = useTranslation("components");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const label = useFieldLabel();
  const byName = new Map(fields.map((field) => [field.name, field]));
  const clashes = rows.filter((row) => row.clash).length;
  const mineCount = rows.filter((row) => row.mineChanged).length;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("conflict.title")}
      size="xl"
      fullScreen={!!phone}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      closeOnClickOutside={false}
      attributes={{ content: { "data-testid": "conflict-dialog" } as Record<string, string> }}
    >
      <Stack>
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} p="sm">
          <Text size="sm">{changedAt ? t("conflict.explainWhen", { when: changedAt }) : t("conflict.explain")}</Text>
          {clashes > 0 && (
            <Text size="sm" mt={4} fw={500}>
              {t("conflict.clashes", { count: clashes })}
            </Text>
          )}
        </Alert>
        <ScrollArea type="auto">
          <Table
            striped={false}
            withTableBorder
            withColumnBorders
            verticalSpacing="xs"
            miw={phone ? 460 : undefined}
            data-testid="conflict-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="24%">{t("conflict.field")}</Table.Th>
                <Table.Th>{t("conflict.mine")}</Table.Th>
                <Table.Th>{t("conflict.theirs")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const field = byName.get(row.name);
                if (!field) return null;
                const highlight = row.clash ? "var(--mantine-color-red-light)" : "var(--mantine-color-yellow-light)";
                return (
                  <Table.Tr key={row.name} data-testid={`conflict-row-${row.name}`} data-clash={row.clash || undefined}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {label(field)}
                      </Text>
                      {row.clash && (
                        <Badge size="xs" color="red" variant="light" mt={2} style={{ textTransform: "none" }}>
                          {t("conflict.bothChanged")}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td style={{ background: row.mineChanged ? highlight : undefined }}>
                      <FieldValue field={field} value={row.mine} />
                      {row.mineChanged && (
                        <Text size="xs" c="dimmed">
                          {t("conflict.youChanged")}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ background: row.theirsChanged ? highlight : undefined }}>
                      <FieldValue field={field} value={row.theirs} />
                      {row.theirsChanged && (
                        <Text size="xs" c="dimmed">
                          {t("conflict.theyChanged")}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        {/* The labels are long (they say what each way out does): on a phone the buttons stack full width and wrap their text. */}
        <Flex direction={phone ? "column" : "row"} justify="flex-end" gap={phone ? "xs" : "sm"} wrap="wrap" data-testid="conflict-actions">
          <Button
            variant="default"
            onClick={onReloadTheirs}
            disabled={busy}
            fullWidth={!!phone}
            styles={phone ? wrappingButton : undefined}
            data-testid="conflict-reload"
          >
            {t("conflict.reloadTheirs")}
          </Button>
          <Button
            onClick={onKeepMine}
            loading={busy}
            disabled={mineCount === 0}
            fullWidth={!!phone}
            styles={phone ? wrappingButton : undefined}
            data-testid="conflict-keep-mine"
          >
            {t("conflict.keepMine")}
          </Button>
        </Flex>
      </Stack>
    </Modal>
  );
}

import { useState } from "react";
import { ActionIcon, Button, Checkbox, Group, Popover, Stack, Text, Tooltip } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconColumns3 } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { moveColumn, toggleColumn, type ColumnLayout, type ColumnMeta } from "./columns";

type Props = {
  listId: string;
  defs: (ColumnMeta & { label: string })[];
  layout: ColumnLayout;
  onChange: (layout: ColumnLayout) => void;
  onReset: () => void;
};

/** Show or hide columns and change their order (keyboard-friendly up / down buttons). */
export function ColumnChooser({ listId, defs, layout, onChange, onReset }: Props) {
  const { t } = useTranslation("components");
  const byId = new Map(defs.map((def) => [def.id, def]));
  const [open, setOpen] = useState(false);
  const ordered = layout.order.map((id) => byId.get(id)).filter((def): def is NonNullable<typeof def> => !!def);
  return (
    <Popover position="bottom-end" width={300} shadow="md" trapFocus withinPortal opened={open} onChange={setOpen}>
      <Popover.Target>
        <Tooltip label={t("list.columns")} withArrow disabled={open}>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t("list.columns")}
            aria-expanded={open}
            onClick={() => setOpen((value) => !value)}
            data-testid={`${listId}-columns`}
          >
            <IconColumns3 size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid={`${listId}-columns-popover`}>
        <Stack gap={4}>
          <Text size="sm" fw={600} mb={4}>
            {t("list.columnsTitle")}
          </Text>
          {ordered.map((def, index) => {
            const label = t(def.label);
            return (
              <Group key={def.id} justify="space-between" wrap="nowrap" gap="xs">
                <Checkbox
                  label={label}
                  checked={!!layout.visible[def.id]}
                  disabled={def.hideable === false}
                  onChange={() => onChange(toggleColumn(defs, layout, def.id))}
                  data-testid={`column-toggle-${def.id}`}
                />
                <Group gap={2} wrap="nowrap">
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    disabled={index === 0}
                    onClick={() => onChange({ ...layout, order: moveColumn(layout.order, def.id, -1) })}
                    aria-label={t("list.moveUp", { name: label })}
                  >
                    <IconArrowUp size={14} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    disabled={index === ordered.length - 1}
                    onClick={() => onChange({ ...layout, order: moveColumn(layout.order, def.id, 1) })}
                    aria-label={t("list.moveDown", { name: label })}
                  >
                    <IconArrowDown size={14} />
                  </ActionIcon>
                </Group>
              </Group>
            );
          })}
          <Group justify="flex-end" mt="xs">
            <Button size="xs" variant="subtle" color="gray" onClick={onReset}>
              {t("list.resetColumns")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

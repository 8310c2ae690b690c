import type { ReactNode } from "react";
import { ActionIcon, Badge, Button, Card, Code, Group, Menu, Stack, Text, Tooltip } from "@mantine/core";
import { IconArchive, IconArchiveOff, IconArrowDown, IconArrowUp, IconDots, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { locales, type CustomField, type CustomSection } from "@relata/contracts";
import { fieldTypeIcons, fieldTypeLabelKey, hasOptions, labelIn } from "../../../components/custom-fields";
import { languageNames } from "../../../i18n";
import { SortableList, type DragHandle } from "./SortableList";

type Actions = {
  busy: boolean;
  onEditSection: () => void;
  onDeleteSection: () => void;
  onMoveSection: (delta: -1 | 1) => void;
  onAddField: () => void;
  onEditField: (field: CustomField) => void;
  onMoveField: (from: number, to: number) => void;
  onArchiveField: (field: CustomField, archived: boolean) => void;
  onDeleteField: (field: CustomField) => void;
};

/** The labels that differ from the shown one, each with its language ("Svenska: Inköp"). */
function otherLabels(labels: CustomSection["labels"], shown: string): string {
  return locales
    .filter((locale) => labels[locale] && labels[locale] !== shown)
    .map((locale) => `${languageNames[locale]}: ${labels[locale]}`)
    .join(" · ");
}

/** One section: its name in every language, its fields in order, and what may be done with each. */
export function SectionCard({
  section,
  index,
  count,
  drag,
  actions,
}: {
  section: CustomSection;
  index: number;
  count: number;
  drag: DragHandle;
  actions: Actions;
}) {
  const { t, i18n } = useTranslation("settings");
  const title = labelIn(section.labels, i18n.language);
  const others = otherLabels(section.labels, title);
  return (
    <Card withBorder padding="sm" shadow={drag.dragging ? "md" : undefined} data-testid="section-card" data-section={section.labels.en}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Group gap={6} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
            {drag.handle}
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={600} style={{ overflowWrap: "anywhere" }} data-testid="section-title">
                {title}
              </Text>
              {others && (
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {others}
                </Text>
              )}
            </Stack>
          </Group>
          <MoveAndMenu
            kind="section"
            name={title}
            first={index === 0}
            last={index === count - 1}
            busy={actions.busy}
            onMove={actions.onMoveSection}
          >
            <Menu.Item leftSection={<IconPencil size={16} />} onClick={actions.onEditSection} data-testid="section-edit">
              {t("section.edit")}
            </Menu.Item>
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={actions.onDeleteSection} data-testid="section-delete">
              {t("common:action.delete")}
            </Menu.Item>
          </MoveAndMenu>
        </Group>

        {section.fields.length === 0 ? (
          <Text size="sm" c="dimmed" px="xs">
            {t("section.noFields")}
          </Text>
        ) : (
          <Stack gap={4} data-testid="field-list">
            <SortableList
              items={section.fields}
              nameOf={(field) => labelIn(field.labels, i18n.language)}
              onMove={actions.onMoveField}
              disabled={actions.busy}
            >
              {(field, fieldIndex, fieldDrag) => (
                <FieldRow
                  field={field}
                  index={fieldIndex}
                  count={section.fields.length}
                  drag={fieldDrag}
                  busy={actions.busy}
                  onMove={(delta) => actions.onMoveField(fieldIndex, fieldIndex + delta)}
                  onEdit={() => actions.onEditField(field)}
                  onArchive={(archived) => actions.onArchiveField(field, archived)}
                  onDelete={() => actions.onDeleteField(field)}
                />
              )}
            </SortableList>
          </Stack>
        )}
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={actions.onAddField} data-testid="field-add">
            {t("field.add")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function FieldRow({
  field,
  index,
  count,
  drag,
  busy,
  onMove,
  onEdit,
  onArchive,
  onDelete,
}: {
  field: CustomField;
  index: number;
  count: number;
  drag: DragHandle;
  busy: boolean;
  onMove: (delta: -1 | 1) => void;
  onEdit: () => void;
  onArchive: (archived: boolean) => void;
  onDelete: () => void;
}) {
  const { t, i18n } = useTranslation("settings");
  const label = labelIn(field.labels, i18n.language);
  const Icon = fieldTypeIcons[field.type];
  return (
    <Card
      withBorder
      padding={6}
      radius="sm"
      bg={drag.dragging ? "var(--mantine-color-body)" : field.archived ? "var(--mantine-color-default-hover)" : undefined}
      data-testid="field-row"
      data-key={field.key}
      data-archived={field.archived || undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" align="center">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          {drag.handle}
          <Tooltip label={t(fieldTypeLabelKey(field.type))}>
            <Icon size={18} aria-hidden style={{ flexShrink: 0, opacity: 0.7 }} />
          </Tooltip>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} c={field.archived ? "dimmed" : undefined} style={{ overflowWrap: "anywhere" }}>
              {label}
            </Text>
            <Group gap={6} wrap="wrap">
              <Code style={{ fontSize: "var(--mantine-font-size-xs)", wordBreak: "break-all" }}>{field.key}</Code>
              <Text size="xs" c="dimmed">
                {t(fieldTypeLabelKey(field.type))}
              </Text>
              {hasOptions(field.type) && (
                <Text size="xs" c="dimmed">
                  {t("field.optionCount", { count: field.options.length })}
                </Text>
              )}
              {field.required && (
                <Badge size="xs" variant="light">
                  {t("field.requiredBadge")}
                </Badge>
              )}
              {field.archived && (
                <Badge size="xs" variant="light" color="gray" data-testid="field-archived">
                  {t("field.archivedBadge")}
                </Badge>
              )}
            </Group>
          </Stack>
        </Group>
        <MoveAndMenu kind="field" name={label} first={index === 0} last={index === count - 1} busy={busy} onMove={onMove}>
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit} data-testid="field-edit">
            {t("field.edit")}
          </Menu.Item>
          {field.archived ? (
            <Menu.Item leftSection={<IconArchiveOff size={16} />} onClick={() => onArchive(false)} data-testid="field-restore">
              {t("field.restore")}
            </Menu.Item>
          ) : (
            <Menu.Item leftSection={<IconArchive size={16} />} onClick={() => onArchive(true)} data-testid="field-archive">
              {t("field.archive")}
            </Menu.Item>
          )}
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onDelete} data-testid="field-delete">
            {t("common:action.delete")}
          </Menu.Item>
        </MoveAndMenu>
      </Group>
    </Card>
  );
}

/** Up and down (for those who do not drag) and the "…" menu of a section or a field; test ids `<kind>-up`, `-down`, `-actions`. */
function MoveAndMenu({
  kind,
  name,
  first,
  last,
  busy,
  onMove,
  children,
}: {
  kind: "section" | "field";
  name: string;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove: (delta: -1 | 1) => void;
  /** The menu's items. */
  children: ReactNode;
}) {
  const { t } = useTranslation("settings");
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        color="gray"
        disabled={busy || first}
        onClick={() => onMove(-1)}
        aria-label={t(`${kind}.moveUp`, { name })}
        data-testid={`${kind}-up`}
      >
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        disabled={busy || last}
        onClick={() => onMove(1)}
        aria-label={t(`${kind}.moveDown`, { name })}
        data-testid={`${kind}-down`}
      >
        <IconArrowDown size={16} />
      </ActionIcon>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t(`${kind}.actions`, { name })} data-testid={`${kind}-actions`}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>{children}</Menu.Dropdown>
      </Menu>
    </Group>
  );
}

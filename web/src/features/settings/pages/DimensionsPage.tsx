import { useMemo, useState } from "react";
import { ActionIcon, Badge, Button, Card, Code, Group, Menu, Stack, Tabs, Text } from "@mantine/core";
import {
  IconArchive,
  IconArchiveOff,
  IconArrowDown,
  IconArrowUp,
  IconBriefcase,
  IconDots,
  IconHierarchy,
  IconPencil,
  IconPlus,
  IconTrash,
  IconUserCog,
  IconWorld,
} from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { locales, type DimensionKind, type DimensionValue } from "@relata/contracts";
import { languageNames } from "../../../i18n";
import { PageHeader } from "../../../components/page-header";
import { FormDialog } from "../../../components/form-dialog";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { useCountryName } from "../../../components/record-form";
import { dimensionLabelIn, dimensionsQueryKey, useDimensions } from "../../../components/dimensions";
import { deleteDimensionValue, patchDimensionValue, reorderDimensionValues } from "../dimensions-api";
import { ApiError } from "../../../lib/api";
import { confirm } from "../../../components/dialogs";
import { notifyDone, notifyFailure } from "../lib/feedback";
import { reorderedIds, withOrder } from "../lib/dimension-values";
import { SortableList, type DragHandle } from "../components/SortableList";
import { DimensionValueForm } from "../components/DimensionValueForm";

const route = getRouteApi("/app/admin/dimensions");

const tabs: { kind: DimensionKind; icon: typeof IconWorld }[] = [
  { kind: "line_of_business", icon: IconBriefcase },
  { kind: "function", icon: IconUserCog },
  { kind: "client_unit", icon: IconHierarchy },
  { kind: "region", icon: IconWorld },
];

/** Administrators keep the value lists that place companies and contacts: one tab per list. */
export function DimensionsPage() {
  const { t } = useTranslation("finance");
  const requested = route.useSearch().kind;
  const kind = tabs.some((tab) => tab.kind === requested) ? (requested as DimensionKind) : "line_of_business";
  const navigate = route.useNavigate();
  return (
    <Stack>
      <PageHeader title={t("dimensions.title")} description={t("dimensions.description")} />
      <Tabs
        value={kind}
        onChange={(next) => next && void navigate({ search: { kind: next as DimensionKind }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map(({ kind: tab, icon: Icon }) => (
            <Tabs.Tab key={tab} value={tab} leftSection={<Icon size={16} />} data-testid={`dimension-tab-${tab}`}>
              {t(`dimensions.kind.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map(({ kind: tab }) => (
          <Tabs.Panel key={tab} value={tab} pt="md">
            <DimensionList kind={tab} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

type Dialog = { value?: DimensionValue } | null;

function DimensionList({ kind }: { kind: DimensionKind }) {
  const { t, i18n } = useTranslation("finance");
  const queryClient = useQueryClient();
  const dimensions = useDimensions(i18n.language);
  const values = dimensions.lists[kind];
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const taken = useMemo(() => new Set(values.map((value) => value.key)), [values]);
  const name = (value: DimensionValue) => dimensionLabelIn(value.labels, i18n.language);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      notifyFailure(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: dimensionsQueryKey });
      setBusy(false);
    }
  }

  function reorder(from: number, to: number) {
    const ids = reorderedIds(values, from, Math.max(0, Math.min(values.length - 1, to)));
    if (!ids) return;
    // Shown at once; the server's answer (or the list as it was, after a failure) follows.
    queryClient.setQueryData<DimensionValue[]>(dimensionsQueryKey, (all) => all && withOrder(all, ids));
    void run(async () => {
      await reorderDimensionValues(kind, ids);
      notifyDone(t("dimensions.orderSaved"));
    });
  }

  function setArchived(value: DimensionValue, archived: boolean) {
    void run(async () => {
      await patchDimensionValue(value.id, value.version, { archived });
      notifyDone(t(archived ? "dimensions.archived" : "dimensions.restored", { name: name(value) }));
    });
  }

  async function remove(value: DimensionValue) {
    const ok = await confirm({
      title: t("dimensions.deleteTitle", { name: name(value) }),
      message: t("dimensions.deleteMessage"),
      confirmLabel: t("common:action.delete"),
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    try {
      await deleteDimensionValue(value.id, value.version);
      notifyDone(t("dimensions.deleted", { name: name(value) }));
    } catch (error) {
      // Records hold it: the server keeps it; archiving is the way to retire it.
      if (error instanceof ApiError && error.status === 409) notifyDone(t("dimensions.inUse", { name: name(value) }), "blue");
      else notifyFailure(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: dimensionsQueryKey });
      setBusy(false);
    }
  }

  if (dimensions.query.isPending) return <LoadingBlock rows={5} />;
  if (dimensions.query.isError) return <ErrorState error={dimensions.query.error} onRetry={() => void dimensions.query.refetch()} />;

  const add = () => setDialog({});
  return (
    <Stack gap="sm" data-testid={`dimension-list-${kind}`} data-busy={busy || undefined}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" c="dimmed" style={{ flex: "1 1 260px" }}>
          {t(`dimensions.hint.${kind}`)}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={add} data-testid="dimension-add">
          {t("dimensions.add")}
        </Button>
      </Group>
      {values.length === 0 ? (
        <Card withBorder>
          <EmptyState
            title={t("dimensions.empty")}
            description={t("dimensions.emptyHint")}
            action={
              <Button variant="light" onClick={add}>
                {t("dimensions.add")}
              </Button>
            }
          />
        </Card>
      ) : (
        <Stack gap={6} data-testid="dimension-values">
          <SortableList items={values} nameOf={name} onMove={reorder} disabled={busy}>
            {(value, index, drag) => (
              <ValueRow
                value={value}
                kind={kind}
                drag={drag}
                first={index === 0}
                last={index === values.length - 1}
                busy={busy}
                onMove={(delta) => reorder(index, index + delta)}
                onEdit={() => setDialog({ value })}
                onArchive={(archived) => setArchived(value, archived)}
                onDelete={() => void remove(value)}
              />
            )}
          </SortableList>
        </Stack>
      )}
      <FormDialog
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.value ? t("dimensions.editTitle", { name: name(dialog.value) }) : t(`dimensions.addTitle.${kind}`)}
        testId="dimension-dialog"
        size="lg"
      >
        {dialog && <DimensionValueForm kind={kind} value={dialog.value} taken={taken} onClose={() => setDialog(null)} />}
      </FormDialog>
    </Stack>
  );
}

function ValueRow({
  value,
  kind,
  drag,
  first,
  last,
  busy,
  onMove,
  onEdit,
  onArchive,
  onDelete,
}: {
  value: DimensionValue;
  kind: DimensionKind;
  drag: DragHandle;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove: (delta: -1 | 1) => void;
  onEdit: () => void;
  onArchive: (archived: boolean) => void;
  onDelete: () => void;
}) {
  const { t, i18n } = useTranslation("finance");
  const countryName = useCountryName();
  const label = dimensionLabelIn(value.labels, i18n.language);
  const others = locales
    .filter((locale) => value.labels[locale] && value.labels[locale] !== label)
    .map((locale) => `${languageNames[locale]}: ${value.labels[locale]}`)
    .join(" · ");
  return (
    <Card
      withBorder
      padding={8}
      radius="sm"
      bg={drag.dragging ? "var(--mantine-color-body)" : value.archived ? "var(--mantine-color-default-hover)" : undefined}
      shadow={drag.dragging ? "md" : undefined}
      data-testid="dimension-value"
      data-key={value.key}
      data-archived={value.archived || undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" align="center">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          {drag.handle}
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Text
                size="sm"
                fw={600}
                c={value.archived ? "dimmed" : undefined}
                style={{ overflowWrap: "anywhere" }}
                data-testid="dimension-value-label"
              >
                {label}
              </Text>
              <Code style={{ fontSize: "var(--mantine-font-size-xs)", wordBreak: "break-all" }}>{value.key}</Code>
              {value.archived && (
                <Badge size="xs" variant="light" color="gray" data-testid="dimension-archived">
                  {t("dimensions.archivedBadge")}
                </Badge>
              )}
            </Group>
            {others && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {others}
              </Text>
            )}
            {kind === "region" && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }} data-testid="dimension-countries-list">
                {value.countries.length === 0
                  ? t("dimensions.noCountries")
                  : value.countries.map((code) => countryName(code) ?? code).join(", ")}
              </Text>
            )}
          </Stack>
        </Group>
        <Group gap={2} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            color="gray"
            disabled={busy || first}
            onClick={() => onMove(-1)}
            aria-label={t("dimensions.moveUp", { name: label })}
            data-testid="dimension-up"
          >
            <IconArrowUp size={16} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            disabled={busy || last}
            onClick={() => onMove(1)}
            aria-label={t("dimensions.moveDown", { name: label })}
            data-testid="dimension-down"
          >
            <IconArrowDown size={16} />
          </ActionIcon>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t("dimensions.actions", { name: label })}
                data-testid="dimension-actions"
              >
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit} data-testid="dimension-edit">
                {t("common:action.edit")}
              </Menu.Item>
              {value.archived ? (
                <Menu.Item leftSection={<IconArchiveOff size={16} />} onClick={() => onArchive(false)} data-testid="dimension-restore">
                  {t("dimensions.restore")}
                </Menu.Item>
              ) : (
                <Menu.Item leftSection={<IconArchive size={16} />} onClick={() => onArchive(true)} data-testid="dimension-archive">
                  {t("dimensions.archive")}
                </Menu.Item>
              )}
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onDelete} data-testid="dimension-delete">
                {t("common:action.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </Card>
  );
}

import { useState } from "react";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Menu,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconDots, IconInfoCircle, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { collectionMethods, type CollectionMethod, type DepositRule, type DepositRules } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { confirm } from "../../../components/dialogs";
import { PageHeader } from "../../../components/page-header";
import { FormDialog } from "../../../components/form-dialog";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { depositRulesQuery, putDepositRules } from "../deposit-rules-api";
import { notifyDone, notifyFailure } from "../lib/feedback";
import { move } from "../lib/order";
import { conditionSentence, hasArConditions, ruleSet, withRule, withoutRule } from "../lib/deposit-rules";
import { SortableList, type DragHandle } from "../components/SortableList";
import { DepositRuleForm } from "../components/DepositRuleForm";

type Dialog = { index: number | null } | null;

/**
 * Administrators order the rules that turn a client's credit rating (and, once billing exists,
 * its payment behaviour) into a deposit and a collection method; the first rule that holds applies.
 */
export function DepositRulesPage() {
  const { t } = useTranslation("finance");
  const query = useQuery(depositRulesQuery);
  return (
    <Stack>
      <PageHeader title={t("depositRules.title")} description={t("depositRules.description")} />
      <Alert
        variant="light"
        color="blue"
        icon={<IconInfoCircle size={18} />}
        title={t("depositRules.howTitle")}
        data-testid="deposit-rules-explanation"
      >
        <List size="sm" spacing={4}>
          <List.Item>{t("depositRules.howOrder")}</List.Item>
          <List.Item>{t("depositRules.howRating")}</List.Item>
          <List.Item>{t("depositRules.howAr")}</List.Item>
          <List.Item>{t("depositRules.howDefault")}</List.Item>
        </List>
      </Alert>
      {query.isPending ? (
        <LoadingBlock rows={5} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <RuleList stored={query.data} />
      )}
    </Stack>
  );
}

function RuleList({ stored }: { stored: DepositRules }) {
  const { t } = useTranslation("finance");
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const rules = stored.rules;
  // Rows need ids for dragging; every stored rule has one.
  const items = rules.map((rule, index) => ({ ...rule, id: rule.id ?? `new-${index}` }));

  /** Saves the whole set on top of the version on screen; a change made elsewhere meanwhile answers 412 and the newest loads. */
  async function save(next: DepositRule[], fallback = stored.default) {
    const saved = await putDepositRules(ruleSet(stored, next, fallback), stored.version);
    queryClient.setQueryData(depositRulesQuery.queryKey, saved);
    notifyDone(t("depositRules.saved"));
  }

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) notifyDone(t("depositRules.stale"), "blue");
      else notifyFailure(error);
      await queryClient.invalidateQueries({ queryKey: depositRulesQuery.queryKey });
    } finally {
      setBusy(false);
    }
  }

  const reorder = (from: number, to: number) => {
    const target = Math.max(0, Math.min(rules.length - 1, to));
    if (from === target) return;
    const next = move(rules, from, target);
    queryClient.setQueryData<DepositRules>(
      depositRulesQuery.queryKey,
      (current) => current && { ...current, rules: next as DepositRules["rules"] },
    );
    void run(() => save(next));
  };

  const remove = async (index: number) => {
    const rule = rules[index]!;
    const ok = await confirm({
      title: t("depositRules.deleteTitle", { name: rule.name }),
      message: t("depositRules.deleteMessage"),
      confirmLabel: t("common:action.delete"),
      danger: true,
    });
    if (ok) await run(() => save(withoutRule(rules, index)));
  };

  const add = () => setDialog({ index: null });
  return (
    <Stack gap="sm" data-testid="deposit-rules" data-busy={busy || undefined} data-version={stored.version}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={3} size="h5">
          {t("depositRules.rulesTitle", { count: rules.length })}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={add} data-testid="deposit-rule-add">
          {t("depositRules.add")}
        </Button>
      </Group>
      {rules.length === 0 ? (
        <Card withBorder>
          <EmptyState
            title={t("depositRules.empty")}
            description={t("depositRules.emptyHint")}
            action={
              <Button variant="light" onClick={add}>
                {t("depositRules.add")}
              </Button>
            }
          />
        </Card>
      ) : (
        <Stack gap={6}>
          <SortableList items={items} nameOf={(rule) => rule.name} onMove={reorder} disabled={busy}>
            {(rule, index, drag) => (
              <RuleRow
                rule={rule}
                index={index}
                count={rules.length}
                drag={drag}
                busy={busy}
                onMove={(delta) => reorder(index, index + delta)}
                onEdit={() => setDialog({ index })}
                onDelete={() => void remove(index)}
                onEnabled={(enabled) => void run(() => save(withRule(rules, index, { ...rules[index]!, enabled })))}
              />
            )}
          </SortableList>
        </Stack>
      )}
      <DefaultCard stored={stored} busy={busy} onSave={(fallback) => run(() => save(rules, fallback))} />
      <FormDialog
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.index !== null && dialog?.index !== undefined ? t("depositRules.editTitle") : t("depositRules.addTitle")}
        testId="deposit-rule-dialog"
        size="xl"
      >
        {dialog && (
          <DepositRuleForm
            rule={dialog.index !== null ? rules[dialog.index] : undefined}
            index={dialog.index ?? rules.length}
            onSave={(rule) => save(withRule(rules, dialog.index, rule))}
            onClose={() => setDialog(null)}
          />
        )}
      </FormDialog>
    </Stack>
  );
}

function RuleRow({
  rule,
  index,
  count,
  drag,
  busy,
  onMove,
  onEdit,
  onDelete,
  onEnabled,
}: {
  rule: DepositRule & { id: string };
  index: number;
  count: number;
  drag: DragHandle;
  busy: boolean;
  onMove: (delta: -1 | 1) => void;
  onEdit: () => void;
  onDelete: () => void;
  onEnabled: (enabled: boolean) => void;
}) {
  const { t } = useTranslation("finance");
  const format = useFormat();
  const condition = conditionSentence(rule.rating);
  const conditionText = t(condition.key, {
    ...condition.values,
    agency: condition.values.agency ? t(`agency.${condition.values.agency}`) : "",
  });
  const ar = [
    rule.maxOverdueDays !== null ? t("depositRules.arDays", { count: rule.maxOverdueDays }) : null,
    rule.maxOverdueShare !== null ? t("depositRules.arShare", { share: format.percent(rule.maxOverdueShare / 100) }) : null,
    rule.maxAverageDaysToPay != null ? t("depositRules.arAverage", { count: rule.maxAverageDaysToPay }) : null,
  ].filter(Boolean);
  return (
    <Card
      withBorder
      padding="sm"
      shadow={drag.dragging ? "md" : undefined}
      bg={drag.dragging ? "var(--mantine-color-body)" : !rule.enabled ? "var(--mantine-color-default-hover)" : undefined}
      data-testid="deposit-rule"
      data-name={rule.name}
      data-enabled={rule.enabled}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Group gap={6} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          {drag.handle}
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="wrap">
              <Badge size="sm" variant="outline" color="gray" style={{ textTransform: "none" }}>
                {t("depositRules.number", { number: index + 1 })}
              </Badge>
              <Text
                fw={600}
                size="sm"
                c={rule.enabled ? undefined : "dimmed"}
                style={{ overflowWrap: "anywhere" }}
                data-testid="deposit-rule-name"
              >
                {rule.name}
              </Text>
              {!rule.enabled && (
                <Badge size="xs" variant="light" color="gray">
                  {t("depositRules.disabled")}
                </Badge>
              )}
            </Group>
            <Text size="sm" data-testid="deposit-rule-condition">
              {conditionText}
            </Text>
            <Text size="sm" data-testid="deposit-rule-result">
              {t("depositRules.result", {
                percent: format.percent(rule.depositPercent / 100),
                method: t(`collection.${rule.collectionMethod}`),
              })}
            </Text>
            {hasArConditions(rule) && (
              <Text size="xs" c="dimmed" data-testid="deposit-rule-ar">
                {ar.join(" · ")}
              </Text>
            )}
          </Stack>
        </Group>
        <Group gap={2} wrap="nowrap">
          <Switch
            size="xs"
            checked={rule.enabled}
            disabled={busy}
            onChange={(event) => onEnabled(event.currentTarget.checked)}
            aria-label={t("depositRules.enabledOf", { name: rule.name })}
            mr={4}
            data-testid="deposit-rule-enabled"
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            disabled={busy || index === 0}
            onClick={() => onMove(-1)}
            aria-label={t("depositRules.moveUp", { name: rule.name })}
            data-testid="deposit-rule-up"
          >
            <IconArrowUp size={16} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="gray"
            disabled={busy || index === count - 1}
            onClick={() => onMove(1)}
            aria-label={t("depositRules.moveDown", { name: rule.name })}
            data-testid="deposit-rule-down"
          >
            <IconArrowDown size={16} />
          </ActionIcon>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t("depositRules.actions", { name: rule.name })}
                data-testid="deposit-rule-actions"
              >
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} />} onClick={onEdit} disabled={busy} data-testid="deposit-rule-edit">
                {t("common:action.edit")}
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={onDelete}
                disabled={busy}
                data-testid="deposit-rule-delete"
              >
                {t("common:action.delete")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </Card>
  );
}

/** What applies when no rule holds: its own small form, saved with the rules. */
function DefaultCard({
  stored,
  busy,
  onSave,
}: {
  stored: DepositRules;
  busy: boolean;
  onSave: (fallback: DepositRules["default"]) => Promise<void>;
}) {
  const { t } = useTranslation("finance");
  const [percent, setPercent] = useState<number | "">(stored.default.depositPercent);
  const [method, setMethod] = useState<CollectionMethod>(stored.default.collectionMethod);
  const [seen, setSeen] = useState(stored.default);
  // A newer default (saved here or elsewhere) replaces what is shown.
  if (seen !== stored.default) {
    setSeen(stored.default);
    setPercent(stored.default.depositPercent);
    setMethod(stored.default.collectionMethod);
  }
  const valid = percent !== "" && percent >= 0 && percent <= 100;
  const dirty = percent !== stored.default.depositPercent || method !== stored.default.collectionMethod;
  return (
    <Card withBorder padding="sm" data-testid="deposit-default">
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {t("depositRules.defaultTitle")}
        </Text>
        <Text size="xs" c="dimmed">
          {t("depositRules.defaultHint")}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <NumberInput
            label={t("depositRules.depositPercent")}
            min={0}
            max={100}
            decimalScale={2}
            allowNegative={false}
            suffix=" %"
            value={percent}
            onChange={(value) => setPercent(value === "" ? "" : Number(value))}
            error={valid ? undefined : t("depositRules.problem.percent")}
            data-testid="deposit-default-percent"
          />
          <Select
            label={t("depositRules.collectionMethod")}
            data={collectionMethods.map((value) => ({ value, label: t(`collection.${value}`) }))}
            allowDeselect={false}
            value={method}
            onChange={(value) => setMethod((value ?? "transfer") as CollectionMethod)}
            data-testid="deposit-default-method"
          />
          <Group align="flex-end">
            <Button
              variant="light"
              disabled={!dirty || !valid}
              loading={busy && dirty}
              onClick={() => void onSave({ depositPercent: Number(percent), collectionMethod: method })}
              data-testid="deposit-default-save"
            >
              {t("depositRules.saveDefault")}
            </Button>
          </Group>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

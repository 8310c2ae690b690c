import { useEffect, useState } from "react";
import { Alert, Badge, Button, Card, Group, List, NumberInput, Stack, Switch, Table, Text, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconDeviceFloppy, IconInfoCircle, IconRestore } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { ApiError } from "../../../lib/api";
import { gradeRulesQuery, putGradeRules, type GradeRules } from "../api";
import { PageHeader } from "../../../components/page-header";
import { notifyDone, notifyFailure } from "../lib/feedback";
import { changed, fromDrafts, toDrafts, type RuleDraft } from "../lib/grade-rules";
import { problemsByField } from "../lib/problems";

/** Administrators set the thresholds that assign companies their grade (key, A, B, C). */
export function GradeRulesPage() {
  const { t } = useTranslation("settings");
  const query = useQuery(gradeRulesQuery);
  return (
    <Stack>
      <PageHeader title={t("grades.title")} description={t("grades.description")} />
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} title={t("grades.howTitle")} data-testid="grade-explanation">
        <List size="sm" spacing={4}>
          <List.Item>{t("grades.howBest")}</List.Item>
          <List.Item>{t("grades.howEmpty")}</List.Item>
          <List.Item>{t("grades.howTenure")}</List.Item>
          <List.Item>{t("grades.howRevenue")}</List.Item>
          <List.Item>{t("grades.howWhen")}</List.Item>
          <List.Item>
            <Text span inherit fw={600}>
              {t("grades.howOverride")}
            </Text>
          </List.Item>
        </List>
      </Alert>
      {query.isPending ? (
        <LoadingBlock rows={4} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <GradeRulesForm stored={query.data} />
      )}
    </Stack>
  );
}

type Errors = Record<string, string | undefined>;

function GradeRulesForm({ stored }: { stored: GradeRules }) {
  const { t } = useTranslation("settings");
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  // The version the drafts started from: saving sends it, so a change made elsewhere meanwhile answers 412.
  const [base, setBase] = useState(stored);
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => toDrafts(stored.rules));
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);
  const dirty = changed(drafts, base.rules);

  // A newer version (saved elsewhere, announced live): shown at once unless the reader is editing.
  useEffect(() => {
    if (stored.version === base.version) return;
    if (!dirty) {
      setBase(stored);
      setDrafts(toDrafts(stored.rules));
      setStale(false);
    } else {
      setStale(true);
    }
  }, [stored, base.version, dirty]);

  const update = (index: number, change: Partial<RuleDraft>) => {
    setDrafts((current) => current.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));
    const cleared = { ...errors };
    delete cleared[`rules[${index}].minRevenue12m`];
    delete cleared[`rules[${index}].minTenureMonths`];
    setErrors(cleared);
  };

  /** After a change elsewhere: keep the edits, to be saved over the newer version. */
  const keepMine = () => {
    setBase(stored);
    setStale(false);
  };

  const loadNewest = () => {
    setBase(stored);
    setDrafts(toDrafts(stored.rules));
    setErrors({});
    setStale(false);
  };

  async function save() {
    const result = fromDrafts(drafts);
    if ("problems" in result) {
      setErrors(
        Object.fromEntries(
          Object.entries(result.problems).map(([field, kind]) => [
            field,
            kind === "amount" ? t("grades.badAmount") : t("grades.badMonths"),
          ]),
        ),
      );
      return;
    }
    setSaving(true);
    try {
      const saved = await putGradeRules(result.rules, base.version);
      queryClient.setQueryData(gradeRulesQuery.queryKey, saved);
      setBase(saved);
      setDrafts(toDrafts(saved.rules));
      setStale(false);
      notifyDone(t("grades.saved"));
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
        await queryClient.invalidateQueries({ queryKey: gradeRulesQuery.queryKey });
      } else if (error instanceof ApiError && error.status === 400 && error.details.length > 0) {
        setErrors(problemsByField(error.details, (key, options) => t(key, options ?? {}) as string));
      } else {
        notifyFailure(error);
      }
    } finally {
      setSaving(false);
    }
  }

  const gradeName = (grade: RuleDraft["grade"]) => t(`grades.grade.${grade}`);
  const revenueInput = (draft: RuleDraft, index: number, withLabel: boolean) => (
    <TextInput
      label={withLabel ? t("grades.minRevenue") : undefined}
      aria-label={withLabel ? undefined : t("grades.minRevenueOf", { grade: gradeName(draft.grade) })}
      placeholder={t("grades.noThreshold")}
      inputMode="decimal"
      value={draft.revenue}
      onChange={(event) => update(index, { revenue: event.currentTarget.value })}
      error={errors[`rules[${index}].minRevenue12m`]}
      data-testid={`grade-${draft.grade}-revenue`}
    />
  );
  const tenureInput = (draft: RuleDraft, index: number, withLabel: boolean) => (
    <NumberInput
      label={withLabel ? t("grades.minTenure") : undefined}
      aria-label={withLabel ? undefined : t("grades.minTenureOf", { grade: gradeName(draft.grade) })}
      placeholder={t("grades.noThreshold")}
      min={0}
      max={1200}
      allowDecimal={false}
      allowNegative={false}
      value={draft.tenure ?? ""}
      onChange={(next) => update(index, { tenure: next === "" ? null : Number(next) })}
      error={errors[`rules[${index}].minTenureMonths`]}
      suffix={` ${t("grades.monthsSuffix")}`}
      data-testid={`grade-${draft.grade}-tenure`}
    />
  );
  const enabledSwitch = (draft: RuleDraft, index: number, withLabel: boolean) => (
    <Switch
      checked={draft.enabled}
      onChange={(event) => update(index, { enabled: event.currentTarget.checked })}
      label={withLabel ? t("grades.enabled") : undefined}
      aria-label={t("grades.enabledOf", { grade: gradeName(draft.grade) })}
      data-testid={`grade-${draft.grade}-enabled`}
    />
  );
  const everyone = (draft: RuleDraft) =>
    draft.enabled && !draft.revenue.trim() && draft.tenure === null ? (
      <Text size="xs" c="orange">
        {t("grades.everyoneQualifies")}
      </Text>
    ) : null;

  return (
    <Stack gap="sm">
      {stale && (
        <Alert color="orange" data-testid="grades-stale">
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t("grades.stale")}</Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                leftSection={<IconRestore size={14} />}
                onClick={loadNewest}
                data-testid="grades-load-newest"
              >
                {t("grades.loadNewest")}
              </Button>
              <Button size="xs" variant="default" onClick={keepMine} data-testid="grades-keep-mine">
                {t("grades.keepMine")}
              </Button>
            </Group>
          </Group>
        </Alert>
      )}
      {phone ? (
        <Stack gap="xs" data-testid="grade-rules">
          {drafts.map((draft, index) => (
            <Card key={draft.grade} withBorder padding="sm" data-testid="grade-row" data-grade={draft.grade}>
              <Stack gap="xs">
                <Group justify="space-between">
                  <Badge size="lg" variant="light">
                    {gradeName(draft.grade)}
                  </Badge>
                  {enabledSwitch(draft, index, true)}
                </Group>
                {revenueInput(draft, index, true)}
                {tenureInput(draft, index, true)}
                {everyone(draft)}
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <Card withBorder padding={0}>
          <Table verticalSpacing="sm" data-testid="grade-rules">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("grades.grade.title")}</Table.Th>
                <Table.Th>{t("grades.minRevenue")}</Table.Th>
                <Table.Th>{t("grades.minTenure")}</Table.Th>
                <Table.Th>{t("grades.enabled")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {drafts.map((draft, index) => (
                <Table.Tr key={draft.grade} data-testid="grade-row" data-grade={draft.grade}>
                  <Table.Td>
                    <Badge size="lg" variant="light">
                      {gradeName(draft.grade)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{revenueInput(draft, index, false)}</Table.Td>
                  <Table.Td>{tenureInput(draft, index, false)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      {enabledSwitch(draft, index, false)}
                      {everyone(draft)}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" disabled={!dirty || saving} onClick={loadNewest} data-testid="grades-reset">
          {t("grades.discard")}
        </Button>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={!dirty}
          loading={saving}
          onClick={() => void save()}
          data-testid="grades-save"
        >
          {t("common:action.save")}
        </Button>
      </Group>
    </Stack>
  );
}

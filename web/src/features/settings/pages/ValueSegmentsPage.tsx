import { Alert, Button, Card, Group, List, NumberInput, SimpleGrid, Stack } from "@mantine/core";
import { IconDeviceFloppy, IconInfoCircle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ValueSegmentSettings } from "@relata/contracts";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { PageHeader } from "../../../components/page-header";
import { putValueSegments, valueSegmentsQuery } from "../contracts-settings-api";
import { useVersionedForm } from "../components/useVersionedForm";

type Draft = { keyMinScore: number | string; longStandingMinMonths: number | string; newMaxMonths: number | string };
const fields = ["keyMinScore", "longStandingMinMonths", "newMaxMonths"] as const;
const limits: Record<(typeof fields)[number], [number, number]> = {
  keyMinScore: [1, 100],
  longStandingMinMonths: [1, 600],
  newMaxMonths: [1, 120],
};

const toDraft = (stored: ValueSegmentSettings): Draft => ({
  keyMinScore: stored.keyMinScore,
  longStandingMinMonths: stored.longStandingMinMonths,
  newMaxMonths: stored.newMaxMonths,
});
const same = (draft: Draft, stored: ValueSegmentSettings) => fields.every((field) => draft[field] === stored[field]);

/** Administrators set the thresholds that put clients in the key, long-standing and new segments. */
export function ValueSegmentsPage() {
  const { t } = useTranslation("settings");
  const query = useQuery(valueSegmentsQuery);
  return (
    <Stack>
      <PageHeader title={t("valueSegments.title")} description={t("valueSegments.description")} />
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} title={t("valueSegments.howTitle")}>
        <List size="sm" spacing={4}>
          <List.Item>{t("valueSegments.howScore")}</List.Item>
          <List.Item>{t("valueSegments.howOrder")}</List.Item>
          <List.Item>{t("valueSegments.howWhen")}</List.Item>
        </List>
      </Alert>
      {query.isPending ? (
        <LoadingBlock rows={3} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ValueSegmentsForm stored={query.data} />
      )}
    </Stack>
  );
}

function ValueSegmentsForm({ stored }: { stored: ValueSegmentSettings }) {
  const { t } = useTranslation("settings");
  const form = useVersionedForm({
    stored,
    queryKey: valueSegmentsQuery.queryKey,
    toDraft,
    same,
    save: (draft: Draft, version) =>
      putValueSegments(
        {
          keyMinScore: Number(draft.keyMinScore),
          longStandingMinMonths: Number(draft.longStandingMinMonths),
          newMaxMonths: Number(draft.newMaxMonths),
        },
        version,
      ),
    savedMessage: t("valueSegments.saved"),
  });
  const submit = () => {
    const problems: Record<string, string> = {};
    for (const field of fields) {
      const value = form.draft[field];
      const [min, max] = limits[field];
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
        problems[field] = t("valueSegments.between", { min, max });
    }
    void form.submit(problems);
  };
  const input = (field: (typeof fields)[number], suffix?: string) => (
    <NumberInput
      label={t(`valueSegments.${field}`)}
      description={t(`valueSegments.${field}Help`)}
      required
      min={limits[field][0]}
      max={limits[field][1]}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      suffix={suffix}
      value={form.draft[field]}
      onChange={(value) => form.change({ ...form.draft, [field]: value }, field)}
      error={form.errors[field]}
      data-testid={`segments-${field}`}
    />
  );
  return (
    <Stack gap="sm">
      {form.staleAlert}
      <Card withBorder padding="lg" data-testid="value-segments" data-version={stored.version}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          {input("keyMinScore")}
          {input("longStandingMinMonths")}
          {input("newMaxMonths")}
        </SimpleGrid>
      </Card>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" disabled={!form.dirty || form.saving} onClick={form.loadNewest} data-testid="segments-reset">
          {t("versioned.discard")}
        </Button>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={!form.dirty}
          loading={form.saving}
          onClick={submit}
          data-testid="segments-save"
        >
          {t("common:action.save")}
        </Button>
      </Group>
    </Stack>
  );
}

import { ActionIcon, Alert, Button, Card, Group, List, NumberInput, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconDeviceFloppy, IconInfoCircle, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { ReminderSettings } from "@relata/contracts";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { PageHeader } from "../../../components/page-header";
import { putReminderSettings, reminderSettingsQuery } from "../contracts-settings-api";
import { useVersionedForm } from "../components/useVersionedForm";

type Draft = { contractLeadDays: number | string; invoiceLeadDays: number | string; collectionSteps: (number | string)[] };

const maxSteps = 6;
const toDraft = (stored: ReminderSettings): Draft => ({
  contractLeadDays: stored.contractLeadDays,
  invoiceLeadDays: stored.invoiceLeadDays,
  collectionSteps: [...stored.collectionSteps],
});
const same = (draft: Draft, stored: ReminderSettings) =>
  draft.contractLeadDays === stored.contractLeadDays &&
  draft.invoiceLeadDays === stored.invoiceLeadDays &&
  draft.collectionSteps.length === stored.collectionSteps.length &&
  draft.collectionSteps.every((step, index) => step === stored.collectionSteps[index]);

const whole = (value: number | string, min: number, max: number) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

/** Administrators set how far ahead reminders come and the collection steps after an invoice's due date. */
export function ReminderSettingsPage() {
  const { t } = useTranslation("settings");
  const query = useQuery(reminderSettingsQuery);
  return (
    <Stack>
      <PageHeader title={t("reminders.title")} description={t("reminders.description")} />
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} title={t("reminders.howTitle")}>
        <List size="sm" spacing={4}>
          <List.Item>{t("reminders.howContract")}</List.Item>
          <List.Item>{t("reminders.howInvoice")}</List.Item>
          <List.Item>{t("reminders.howSteps")}</List.Item>
        </List>
      </Alert>
      {query.isPending ? (
        <LoadingBlock rows={3} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <ReminderSettingsForm stored={query.data} />
      )}
    </Stack>
  );
}

function ReminderSettingsForm({ stored }: { stored: ReminderSettings }) {
  const { t } = useTranslation("settings");
  const form = useVersionedForm({
    stored,
    queryKey: reminderSettingsQuery.queryKey,
    toDraft,
    same,
    save: (draft: Draft, version) =>
      putReminderSettings(
        {
          contractLeadDays: Number(draft.contractLeadDays),
          invoiceLeadDays: Number(draft.invoiceLeadDays),
          collectionSteps: draft.collectionSteps.map(Number),
        },
        version,
      ),
    savedMessage: t("reminders.saved"),
  });
  const { draft } = form;
  const steps = draft.collectionSteps;

  const submit = () => {
    const problems: Record<string, string> = {};
    if (!whole(draft.contractLeadDays, 0, 365)) problems.contractLeadDays = t("reminders.between", { min: 0, max: 365 });
    if (!whole(draft.invoiceLeadDays, 0, 60)) problems.invoiceLeadDays = t("reminders.between", { min: 0, max: 60 });
    steps.forEach((step, index) => {
      if (!whole(step, 0, 365)) problems[`collectionSteps[${index}]`] = t("reminders.between", { min: 0, max: 365 });
      else if (index > 0 && Number(step) <= Number(steps[index - 1])) problems[`collectionSteps[${index}]`] = t("reminders.ascending");
    });
    void form.submit(problems);
  };
  const setStep = (index: number, value: number | string) =>
    form.change(
      { ...draft, collectionSteps: steps.map((step, i) => (i === index ? value : step)) },
      `collectionSteps[${index}]`,
      "collectionSteps",
    );
  const addStep = () => {
    const last = steps.length > 0 ? Number(steps[steps.length - 1]) : 0;
    form.change({ ...draft, collectionSteps: [...steps, Number.isFinite(last) ? Math.min(365, last + 14) : 14] }, "collectionSteps");
  };
  const removeStep = (index: number) => form.change({ ...draft, collectionSteps: steps.filter((_, i) => i !== index) }, "collectionSteps");

  return (
    <Stack gap="sm">
      {form.staleAlert}
      <Card withBorder padding="lg" data-testid="reminder-settings" data-version={stored.version}>
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NumberInput
              label={t("reminders.contractLeadDays")}
              description={t("reminders.contractLeadDaysHelp")}
              required
              min={0}
              max={365}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={draft.contractLeadDays}
              onChange={(value) => form.change({ ...draft, contractLeadDays: value }, "contractLeadDays")}
              error={form.errors.contractLeadDays}
              data-testid="reminders-contract-lead"
            />
            <NumberInput
              label={t("reminders.invoiceLeadDays")}
              description={t("reminders.invoiceLeadDaysHelp")}
              required
              min={0}
              max={60}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={draft.invoiceLeadDays}
              onChange={(value) => form.change({ ...draft, invoiceLeadDays: value }, "invoiceLeadDays")}
              error={form.errors.invoiceLeadDays}
              data-testid="reminders-invoice-lead"
            />
          </SimpleGrid>
          <Stack gap="xs">
            <Title order={3} size="h6">
              {t("reminders.steps")}
            </Title>
            <Text size="xs" c="dimmed">
              {t("reminders.stepsHelp")}
            </Text>
            <Stack gap="xs" data-testid="reminders-steps">
              {steps.map((step, index) => (
                <Group key={index} gap="xs" align="flex-start" wrap="nowrap" data-testid="reminders-step">
                  <NumberInput
                    style={{ flex: 1, maxWidth: 320 }}
                    aria-label={t("reminders.stepLabel", { number: index + 1 })}
                    leftSection={
                      <Text size="xs" c="dimmed">
                        {index + 1}.
                      </Text>
                    }
                    suffix={` ${t("reminders.daysAfterDue")}`}
                    min={0}
                    max={365}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="none"
                    value={step}
                    onChange={(value) => setStep(index, value)}
                    error={form.errors[`collectionSteps[${index}]`]}
                    data-testid={`reminders-step-${index}`}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    mt={2}
                    disabled={steps.length <= 1}
                    aria-label={t("reminders.removeStep", { number: index + 1 })}
                    onClick={() => removeStep(index)}
                    data-testid={`reminders-remove-${index}`}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
            {form.errors.collectionSteps && (
              <Text size="xs" c="red" data-testid="reminders-steps-error">
                {form.errors.collectionSteps}
              </Text>
            )}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                disabled={steps.length >= maxSteps}
                onClick={addStep}
                data-testid="reminders-add-step"
              >
                {t("reminders.addStep")}
              </Button>
              {steps.length >= maxSteps && (
                <Text size="xs" c="dimmed">
                  {t("reminders.maxSteps", { count: maxSteps })}
                </Text>
              )}
            </Group>
          </Stack>
        </Stack>
      </Card>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" disabled={!form.dirty || form.saving} onClick={form.loadNewest} data-testid="reminders-reset">
          {t("versioned.discard")}
        </Button>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={!form.dirty}
          loading={form.saving}
          onClick={submit}
          data-testid="reminders-save"
        >
          {t("common:action.save")}
        </Button>
      </Group>
    </Stack>
  );
}

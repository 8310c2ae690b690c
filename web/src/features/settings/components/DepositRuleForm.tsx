import { useState } from "react";
import {
  Fieldset,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import {
  collectionMethods,
  creditAgencies,
  ratingScale,
  type CollectionMethod,
  type CreditAgency,
  type DepositRule,
  type ScaleRating,
} from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { ApiError } from "../../../lib/api";
import { depositRulesQuery } from "../deposit-rules-api";
import { notifyFailure } from "../lib/feedback";
import {
  fromDraft,
  ruleProblems,
  keepRatingsOf,
  newRuleDraft,
  ratingChoices,
  toDraft,
  type ConditionType,
  type RuleDraft,
} from "../lib/deposit-rules";

const conditionTypes: ConditionType[] = ["any", "scale", "ratings", "unrated"];
const ruleFields = new Set([
  "name",
  "agency",
  "ratings",
  "to",
  "maxOverdueDays",
  "maxOverdueShare",
  "maxAverageDaysToPay",
  "depositPercent",
  "collectionMethod",
]);

/**
 * One deposit rule: its name, the rating it applies to, the receivables conditions (kept now,
 * used once billing exists), the deposit and how it is collected. `onSave` stores the whole set.
 */
export function DepositRuleForm({
  rule,
  index,
  onSave,
  onClose,
}: {
  rule?: DepositRule;
  /** The rule's place in the set (the server names its problems `rules.<index>.<field>`). */
  index: number;
  /** Saves the set with this rule in it; throws the server's answer when refused. */
  onSave: (rule: DepositRule) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation("finance");
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? toDraft(rule) : newRuleDraft()));
  const form = useDialogForm({
    reload: depositRulesQuery.queryKey,
    notify: notifyFailure,
    shows: (field) => ruleFields.has(field),
    fieldProblems: (error) => (error instanceof ApiError && error.status === 400 ? ruleProblems(error.details, index) : {}),
  });
  const change = (next: Partial<RuleDraft>, ...fields: string[]) => {
    setDraft((current) => ({ ...current, ...next }));
    form.clearWhere((field) => fields.includes(field));
  };
  const agencyOptions = creditAgencies.map((agency) => ({ value: agency, label: t(`agency.${agency}`) }));
  const anyAgency = [{ value: "any", label: t("depositRules.anyAgency") }, ...agencyOptions];

  async function submit() {
    const result = fromDraft(draft);
    if ("problems" in result) {
      form.validate(
        Object.fromEntries(Object.entries(result.problems).map(([field, problem]) => [field, t(`depositRules.problem.${problem}`)])),
      );
      return;
    }
    form.validate({});
    if (await form.save(() => onSave(result.rule))) onClose();
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={rule ? t("common:action.save") : t("depositRules.add")}
      testId="deposit-rule-form"
    >
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t("depositRules.name")}
          placeholder={t("depositRules.namePlaceholder")}
          required
          maxLength={200}
          value={draft.name}
          onChange={(event) => change({ name: event.currentTarget.value }, "name")}
          error={form.errors.name}
          style={{ flex: "1 1 240px" }}
          data-autofocus
          data-testid="rule-name"
        />
        <Switch
          label={t("depositRules.enabled")}
          checked={draft.enabled}
          onChange={(event) => change({ enabled: event.currentTarget.checked })}
          mb={8}
          data-testid="rule-enabled"
        />
      </Group>

      <Fieldset legend={t("depositRules.ratingLegend")} variant="filled" data-testid="rule-condition">
        <Stack gap="sm">
          <SegmentedControl
            fullWidth
            orientation="horizontal"
            value={draft.conditionType}
            onChange={(value) => change({ conditionType: value as ConditionType }, "agency", "ratings", "to")}
            data={conditionTypes.map((type) => ({ value: type, label: t(`depositRules.conditionType.${type}`) }))}
            aria-label={t("depositRules.ratingLegend")}
            styles={{ label: { whiteSpace: "normal" } }}
            data-testid="rule-condition-type"
          />
          {draft.conditionType === "ratings" && (
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <Select
                label={t("depositRules.agency")}
                required
                data={agencyOptions}
                value={draft.agency}
                onChange={(value) => {
                  const agency = value as CreditAgency | null;
                  change({ agency, ratings: keepRatingsOf(agency, draft.ratings) }, "agency", "ratings");
                }}
                error={form.errors.agency}
                data-testid="rule-agency"
              />
              <MultiSelect
                label={t("depositRules.ratings")}
                required
                searchable
                data={[...ratingChoices(draft.agency)]}
                value={draft.ratings}
                onChange={(ratings) => change({ ratings }, "ratings")}
                error={form.errors.ratings}
                disabled={!draft.agency}
                comboboxProps={{ withinPortal: true }}
                data-testid="rule-ratings"
              />
            </SimpleGrid>
          )}
          {draft.conditionType === "scale" && (
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <Select
                label={t("depositRules.agency")}
                data={anyAgency}
                allowDeselect={false}
                value={draft.agency ?? "any"}
                onChange={(value) => change({ agency: !value || value === "any" ? null : (value as CreditAgency) })}
                data-testid="rule-agency"
              />
              <Select
                label={t("depositRules.from")}
                data={[...ratingScale]}
                allowDeselect={false}
                value={draft.from}
                onChange={(value) => change({ from: (value ?? "AAA") as ScaleRating }, "to")}
                data-testid="rule-from"
              />
              <Select
                label={t("depositRules.to")}
                data={[...ratingScale]}
                allowDeselect={false}
                value={draft.to}
                onChange={(value) => change({ to: (value ?? "D") as ScaleRating }, "to")}
                error={form.errors.to}
                data-testid="rule-to"
              />
            </SimpleGrid>
          )}
          {draft.conditionType === "unrated" && (
            <Select
              label={t("depositRules.agency")}
              data={anyAgency}
              allowDeselect={false}
              value={draft.agency ?? "any"}
              onChange={(value) => change({ agency: !value || value === "any" ? null : (value as CreditAgency) })}
              data-testid="rule-agency"
            />
          )}
          <Text size="xs" c="dimmed">
            {t(`depositRules.conditionHelp.${draft.conditionType}`)}
          </Text>
        </Stack>
      </Fieldset>

      <Fieldset legend={t("depositRules.arLegend")} variant="filled" data-testid="rule-ar">
        <Text size="xs" c="dimmed" mb="xs">
          {t("depositRules.arHelp")}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NumberInput
            label={t("depositRules.maxOverdueDays")}
            placeholder={t("depositRules.noLimit")}
            min={0}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={draft.maxOverdueDays ?? ""}
            onChange={(value) => change({ maxOverdueDays: value === "" ? null : Number(value) }, "maxOverdueDays")}
            error={form.errors.maxOverdueDays}
            data-testid="rule-overdue-days"
          />
          <NumberInput
            label={t("depositRules.maxOverdueShare")}
            placeholder={t("depositRules.noLimit")}
            min={0}
            max={100}
            decimalScale={2}
            allowNegative={false}
            suffix=" %"
            value={draft.maxOverdueShare ?? ""}
            onChange={(value) => change({ maxOverdueShare: value === "" ? null : Number(value) }, "maxOverdueShare")}
            error={form.errors.maxOverdueShare}
            data-testid="rule-overdue-share"
          />
          <NumberInput
            label={t("depositRules.maxAverageDaysToPay")}
            placeholder={t("depositRules.noLimit")}
            min={0}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            value={draft.maxAverageDaysToPay ?? ""}
            onChange={(value) => change({ maxAverageDaysToPay: value === "" ? null : Number(value) }, "maxAverageDaysToPay")}
            error={form.errors.maxAverageDaysToPay}
            data-testid="rule-average-days-to-pay"
          />
        </SimpleGrid>
      </Fieldset>

      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <NumberInput
          label={t("depositRules.depositPercent")}
          required
          min={0}
          max={100}
          decimalScale={2}
          allowNegative={false}
          suffix=" %"
          value={draft.depositPercent ?? ""}
          onChange={(value) => change({ depositPercent: value === "" ? null : Number(value) }, "depositPercent")}
          error={form.errors.depositPercent}
          data-testid="rule-percent"
        />
        <Select
          label={t("depositRules.collectionMethod")}
          required
          data={collectionMethods.map((method) => ({ value: method, label: t(`collection.${method}`) }))}
          allowDeselect={false}
          value={draft.collectionMethod}
          onChange={(value) => change({ collectionMethod: (value ?? "transfer") as CollectionMethod })}
          data-testid="rule-method"
        />
      </SimpleGrid>
    </DialogForm>
  );
}

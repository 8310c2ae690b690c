import { useState } from "react";
import { NumberInput, Select, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CompanyFinance, FinancialStatement, FinancialStatementCreate } from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { useCurrencyOptions } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { createStatement, financeKey, patchStatement } from "../api";
import { fieldProblems } from "../lib/problems";
import { normalizeSignedAmount, statementFigures, type StatementFigure } from "../lib/statements";

type Draft = {
  fiscalYear: number | null;
  quarter: string;
  currency: string | null;
  figures: Record<StatementFigure, string>;
  source: string;
  note: string;
};

const blankFigures = (): Record<StatementFigure, string> => ({ revenue: "", profit: "", assets: "", liabilities: "", equity: "" });

function draftOf(statement: FinancialStatement | undefined, currency: string | null): Draft {
  if (!statement)
    return { fiscalYear: new Date().getFullYear() - 1, quarter: "year", currency, figures: blankFigures(), source: "", note: "" };
  const figures = blankFigures();
  for (const figure of statementFigures) figures[figure] = statement[figure] ?? "";
  return {
    fiscalYear: statement.fiscalYear,
    quarter: statement.quarter ? String(statement.quarter) : "year",
    currency: statement.currency,
    figures,
    source: statement.source ?? "",
    note: statement.note ?? "",
  };
}

/** Adds a statement for a period, or corrects one (If-Match: the version it opened on). */
export function StatementForm({
  companyId,
  statement,
  defaultCurrency,
  onClose,
}: {
  companyId: string;
  statement?: FinancialStatement;
  /** The currency a new statement starts in: the newest statement's, else the company's. */
  defaultCurrency: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("finance");
  const currencies = useCurrencyOptions();
  const [draft, setDraft] = useState<Draft>(() => draftOf(statement, defaultCurrency));
  const [version, setVersion] = useState(statement?.version ?? 0);
  const form = useDialogForm({
    reload: financeKey(companyId),
    notify: (error) => toast.error(error),
    fieldProblems: (error) =>
      fieldProblems(error, (key, options) => t(key, options ?? {}), { field: "fiscalYear", key: "statement.periodTaken" }),
    onReloaded: () => {
      const newest = form.queryClient
        .getQueryData<CompanyFinance>(financeKey(companyId))
        ?.statements.find((candidate) => candidate.id === statement?.id);
      if (newest) setVersion(newest.version);
    },
  });

  const change = (next: Partial<Draft>, fields: string[]) => {
    setDraft((current) => ({ ...current, ...next }));
    form.clearWhere((field) => fields.includes(field));
  };

  async function submit() {
    const problems: Record<string, string | undefined> = {};
    const figures: Partial<Record<StatementFigure, string | null>> = {};
    for (const figure of statementFigures) {
      const value = normalizeSignedAmount(draft.figures[figure]);
      if (value === undefined) problems[figure] = t("statement.badAmount");
      else figures[figure] = value;
    }
    if (draft.fiscalYear === null || draft.fiscalYear < 1900 || draft.fiscalYear > 2200) problems.fiscalYear = t("statement.badYear");
    if (!draft.currency) problems.currency = t("statement.currencyRequired");
    if (!form.validate(problems)) return;
    const body: FinancialStatementCreate = {
      fiscalYear: draft.fiscalYear!,
      quarter: draft.quarter === "year" ? null : Number(draft.quarter),
      currency: draft.currency!,
      ...figures,
      source: draft.source.trim() || null,
      note: draft.note.trim() || null,
    };
    const ok = await form.save(() =>
      statement ? patchStatement(companyId, statement.id, version, body) : createStatement(companyId, body, form.idempotencyKey),
    );
    if (ok) {
      toast.success(statement ? t("statement.saved") : t("statement.added"));
      onClose();
    }
  }

  const periods = [
    { value: "year", label: t("period.fullYear") },
    ...[1, 2, 3, 4].map((quarter) => ({ value: String(quarter), label: t("period.quarterOnly", { quarter }) })),
  ];

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={statement ? t("common:action.save") : t("statement.add")}
      testId="statement-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <NumberInput
          label={t("statement.fiscalYear")}
          required
          min={1900}
          max={2200}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=""
          value={draft.fiscalYear ?? ""}
          onChange={(value) => change({ fiscalYear: value === "" ? null : Number(value) }, ["fiscalYear"])}
          error={form.errors.fiscalYear}
          data-autofocus
          data-testid="statement-year"
        />
        <Select
          label={t("statement.period")}
          data={periods}
          allowDeselect={false}
          value={draft.quarter}
          onChange={(value) => change({ quarter: value ?? "year" }, ["quarter", "fiscalYear"])}
          error={form.errors.quarter}
          data-testid="statement-quarter"
        />
        <Select
          label={t("statement.currency")}
          required
          searchable
          data={currencies}
          value={draft.currency}
          onChange={(value) => change({ currency: value }, ["currency"])}
          error={form.errors.currency}
          data-testid="statement-currency"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        {statementFigures.map((figure) => (
          <TextInput
            key={figure}
            label={t(`figure.${figure}`)}
            inputMode="decimal"
            placeholder={t("statement.notReported")}
            value={draft.figures[figure]}
            onChange={(event) => change({ figures: { ...draft.figures, [figure]: event.currentTarget.value } }, [figure])}
            error={form.errors[figure]}
            data-testid={`statement-${figure}`}
          />
        ))}
      </SimpleGrid>
      <TextInput
        label={t("statement.source")}
        placeholder={t("statement.sourcePlaceholder")}
        maxLength={200}
        value={draft.source}
        onChange={(event) => change({ source: event.currentTarget.value }, ["source"])}
        error={form.errors.source}
        data-testid="statement-source"
      />
      <Textarea
        label={t("statement.note")}
        autosize
        minRows={2}
        maxRows={6}
        value={draft.note}
        onChange={(event) => change({ note: event.currentTarget.value }, ["note"])}
        error={form.errors.note}
        data-testid="statement-note"
      />
    </DialogForm>
  );
}

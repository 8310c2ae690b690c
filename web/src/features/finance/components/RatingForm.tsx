import { useMemo, useState } from "react";
import { Select, SimpleGrid, Textarea } from "@mantine/core";
import { useTranslation } from "react-i18next";
import {
  agencyRatings,
  creditAgencies,
  isoDate,
  ratingOutlooks,
  type CompanyFinance,
  type CreditAgency,
  type CreditRating,
  type RatingOutlook,
} from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { FieldInput, fieldSpec } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { createRating, financeKey, patchRating } from "../api";
import { fieldProblems } from "../lib/problems";

const today = () => new Date().toISOString().slice(0, 10);

/** Records a rating (history is kept: a new one does not replace the old), or corrects one; the agency of a recorded rating never changes. */
export function RatingForm({ companyId, rating, onClose }: { companyId: string; rating?: CreditRating; onClose: () => void }) {
  const { t } = useTranslation("finance");
  const [agency, setAgency] = useState<CreditAgency>(rating?.agency ?? "sp");
  const [value, setValue] = useState<string | null>(rating?.rating ?? null);
  const [ratedOn, setRatedOn] = useState<string | null>(rating?.ratedOn ?? today());
  const [outlook, setOutlook] = useState<RatingOutlook | null>(rating?.outlook ?? null);
  const [note, setNote] = useState(rating?.note ?? "");
  const [version, setVersion] = useState(rating?.version ?? 0);
  const dateSpec = useMemo(() => fieldSpec("ratedOn", isoDate, { widget: "date", past: true }), []);
  const form = useDialogForm({
    reload: financeKey(companyId),
    notify: (error) => toast.error(error),
    fieldProblems: (error) => fieldProblems(error, (key, options) => t(key, options ?? {})),
    onReloaded: () => {
      const newest = form.queryClient
        .getQueryData<CompanyFinance>(financeKey(companyId))
        ?.ratings.find((candidate) => candidate.id === rating?.id);
      if (newest) setVersion(newest.version);
    },
  });

  async function submit() {
    const problems = {
      rating: value ? undefined : t("rating.ratingRequired"),
      ratedOn: !ratedOn ? t("rating.dateRequired") : ratedOn > today() ? t("rating.dateFuture") : undefined,
    };
    if (!form.validate(problems)) return;
    const fields = { rating: value!, ratedOn: ratedOn!, outlook, note: note.trim() || null };
    const ok = await form.save(() =>
      rating ? patchRating(companyId, rating.id, version, fields) : createRating(companyId, { agency, ...fields }, form.idempotencyKey),
    );
    if (ok) {
      toast.success(rating ? t("rating.saved") : t("rating.added"));
      onClose();
    }
  }

  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={rating ? t("common:action.save") : t("rating.add")}
      testId="rating-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t("rating.agency")}
          required
          data={creditAgencies.map((option) => ({ value: option, label: t(`agency.${option}`) }))}
          allowDeselect={false}
          disabled={!!rating}
          value={agency}
          onChange={(next) => {
            const chosen = (next ?? "sp") as CreditAgency;
            setAgency(chosen);
            // Each agency has its own notation: a rating of the other one no longer applies.
            if (value && !agencyRatings(chosen).includes(value)) setValue(null);
          }}
          data-testid="rating-agency"
        />
        <Select
          label={t("rating.rating")}
          required
          searchable
          data={[...agencyRatings(agency)]}
          value={value}
          onChange={(next) => {
            setValue(next);
            form.clear("rating");
          }}
          error={form.errors.rating}
          data-autofocus
          data-testid="rating-value"
        />
        <FieldInput
          field={dateSpec}
          value={ratedOn}
          onChange={(next) => {
            setRatedOn((next as string | null) ?? null);
            form.clear("ratedOn");
          }}
          label={t("rating.ratedOn")}
          required
          error={form.errors.ratedOn}
          testId="rating-date"
        />
        <Select
          label={t("rating.outlook")}
          clearable
          placeholder={t("rating.noOutlook")}
          data={ratingOutlooks.map((option) => ({ value: option, label: t(`outlook.${option}`) }))}
          value={outlook}
          onChange={(next) => setOutlook(next as RatingOutlook | null)}
          data-testid="rating-outlook"
        />
      </SimpleGrid>
      <Textarea
        label={t("rating.note")}
        autosize
        minRows={2}
        maxRows={5}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        error={form.errors.note}
        data-testid="rating-note"
      />
    </DialogForm>
  );
}

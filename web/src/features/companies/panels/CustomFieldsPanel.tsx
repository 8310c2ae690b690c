import { useMemo } from "react";
import { Card, SimpleGrid, Stack, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Company, CustomSection } from "@relata/contracts";
import { useMe } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { RecordForm, useDuplicateGuard, type FormSchema } from "../../../components/record-form";
import type { PanelProps } from "../../../components/record-page";
import {
  customFormParts,
  customFormValues,
  customSectionLabelKey,
  splitCustom,
  useCustomFields,
  withCustomFormFields,
} from "../../../components/custom-fields";
import { companyKey, getCompany, patchCompany } from "../api";
import { mayChangeCompany } from "../access";
import { companyCandidateLink } from "../form";

/** The administrator-defined sections of a company: one card per section, values shown per type and edited in place. */
export function CustomFieldsPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("companies");
  const custom = useCustomFields("company");
  if (custom.query.isPending) return <LoadingBlock rows={4} />;
  if (custom.query.isError) return <ErrorState error={custom.query.error} onRetry={() => void custom.query.refetch()} />;
  const sections = custom.activeSections;
  if (sections.length === 0) return <EmptyState title={t("custom.empty")} description={t("custom.emptyHint")} />;
  return (
    <SimpleGrid cols={{ base: 1, lg: sections.length > 1 ? 2 : 1 }} spacing="md" maw={sections.length > 1 ? undefined : 900}>
      {sections.map((section) => (
        <SectionCard key={section.id} section={section} company={record} />
      ))}
    </SimpleGrid>
  );
}

function SectionCard({ section, company }: { section: CustomSection; company: Company }) {
  const { t, i18n } = useTranslation("companies");
  const language = i18n.language;
  const queryClient = useQueryClient();
  const canUpdate = mayChangeCompany(useMe(), company, "update");
  const duplicates = useDuplicateGuard({ kind: "company", linkTo: companyCandidateLink });
  const parts = useMemo(() => customFormParts("company", section.fields, { language, mode: "edit" }), [section.fields, language]);
  const schema = useMemo(() => z.object(parts.shape).strict() as unknown as FormSchema, [parts.shape]);
  const initial = useMemo(() => customFormValues(section.fields, company.custom), [section.fields, company.custom]);

  return (
    <Card withBorder padding="lg" data-testid={`custom-section-${section.id}`}>
      <Stack gap="md">
        <Title order={3} size="h5">
          {t(customSectionLabelKey("company", section.id))}
        </Title>
        <RecordForm<Company>
          schema={schema}
          mode="edit"
          initial={initial}
          version={company.version}
          fields={parts.names}
          hints={parts.hints}
          readOnly={!canUpdate}
          columns={section.fields.length > 3 ? 2 : 1}
          onSubmit={(body, { version }) => {
            const custom = splitCustom(body).custom;
            return duplicates.save((override) =>
              patchCompany(company.id, { custom, ...override }, version).catch((error: unknown) => {
                throw withCustomFormFields(error);
              }),
            );
          }}
          loadCurrent={async () => {
            const current = await getCompany(company.id);
            return { ...customFormValues(section.fields, current.custom), version: current.version, updatedAt: current.updatedAt };
          }}
          onSaved={(saved) => {
            queryClient.setQueryData(companyKey(saved.id), saved);
            void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
            toast.success(t("overview.saved"));
          }}
          testId={`custom-form-${section.id}`}
        />
      </Stack>
      {duplicates.dialog}
    </Card>
  );
}

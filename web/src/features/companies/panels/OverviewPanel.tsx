import { useMemo } from "react";
import { Anchor, Card, SimpleGrid, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { companyPatch, type Company } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { OrgUnitName, RecordForm, useDuplicateGuard } from "../../../components/record-form";
import { Detail, RecordDetails, type PanelProps } from "../../../components/record-page";
import { companyKey, companyStagesKey, getCompany, patchCompany } from "../api";
import { companyCandidateLink, companyFormFields, companyFormValues, companyLabelPrefix, useCompanyHints } from "../form";
import { mayChangeCompany } from "../access";
import { GradeBadge } from "../columns";

/** Overview: every field of the company, editable in place (If-Match, conflict dialog, duplicate check), and its record details. */
export function OverviewPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("companies");
  const format = useFormat();
  const canUpdate = mayChangeCompany(useMe(), record, "update");
  const hints = useCompanyHints(record);
  const queryClient = useQueryClient();
  const duplicates = useDuplicateGuard({ kind: "company", linkTo: companyCandidateLink });
  const initial = useMemo(() => companyFormValues(record), [record]);

  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
      <Card withBorder padding="lg" style={{ gridColumn: "span 2" }} className="company-overview-form">
        <Title order={3} size="h5" mb="md">
          {t("overview.details")}
        </Title>
        <RecordForm<Company>
          schema={companyPatch}
          mode="edit"
          initial={initial}
          version={record.version}
          fields={companyFormFields}
          labelPrefix={companyLabelPrefix}
          hints={hints}
          readOnly={!canUpdate}
          onSubmit={(body, { version }) => duplicates.save((override) => patchCompany(record.id, { ...body, ...override }, version))}
          loadCurrent={async () => {
            const current = await getCompany(record.id);
            return { ...companyFormValues(current), version: current.version };
          }}
          onSaved={(saved) => {
            queryClient.setQueryData(companyKey(saved.id), saved);
            void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
            void queryClient.invalidateQueries({ queryKey: companyStagesKey(saved.id) });
            toast.success(t("overview.saved"));
          }}
          testId="company-form"
        />
        {duplicates.dialog}
      </Card>
      <RecordDetails record={record}>
        <Detail label={t("field.grade")}>
          <GradeBadge company={record} />
        </Detail>
        <Text size="xs" c="dimmed" mt={-6} data-testid="company-grade-explain">
          {record.gradeOverride
            ? record.gradeAssigned
              ? t("overview.gradeOverridden", { grade: t(`grade.${record.gradeAssigned}`) })
              : t("overview.gradeOverriddenNone")
            : record.gradeAssigned
              ? t("overview.gradeByRules")
              : t("overview.gradeNone")}
        </Text>
        <Detail label={t("overview.stageSince")}>{format.dateTime(record.stageChangedAt)}</Detail>
        {record.domain && (
          <Detail label={t("field.domain")}>
            <Anchor href={`https://${record.domain}`} target="_blank" rel="noopener noreferrer" style={{ overflowWrap: "anywhere" }}>
              {record.domain}
            </Anchor>
          </Detail>
        )}
        <Detail label={t("field.orgUnitId")}>
          <OrgUnitName id={record.orgUnitId} />
        </Detail>
        <Text size="xs" c="dimmed" mt={-6}>
          {t("overview.orgUnitHint")}
        </Text>
      </RecordDetails>
    </SimpleGrid>
  );
}

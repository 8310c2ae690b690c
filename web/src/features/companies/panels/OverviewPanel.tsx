import { useMemo } from "react";
import { ActionIcon, Anchor, Card, CopyButton, Group, SimpleGrid, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { companyPatch, type Company } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { OrgUnitName, RecordForm } from "../../../components/record-form";
import type { PanelProps } from "../../../components/record-page";
import { companyKey, getCompany, patchCompany } from "../api";
import { companyFormFields, companyFormValues, companyLabelPrefix, useCompanyHints } from "../form";
import { mayChangeCompany } from "../access";
import { GradeBadge } from "../columns";
import { candidatePath, saveUnlessDuplicate } from "../duplicates";
import { useDuplicateDialog } from "../components/Duplicates";

/** Overview: every field of the company, editable in place (If-Match, conflict dialog, duplicate check), and its record details. */
export function OverviewPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("companies");
  const format = useFormat();
  const canUpdate = mayChangeCompany(useMe(), record, "update");
  const hints = useCompanyHints();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const duplicates = useDuplicateDialog();
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
          onSubmit={(body, { version }) =>
            saveUnlessDuplicate(
              (ignoreDuplicates) => patchCompany(record.id, ignoreDuplicates ? { ...body, ignoreDuplicates: true } : body, version),
              duplicates.ask,
              (candidate) => void navigate(candidatePath(candidate) as never),
            )
          }
          loadCurrent={async () => {
            const current = await getCompany(record.id);
            return { ...companyFormValues(current), version: current.version };
          }}
          onSaved={(saved) => {
            queryClient.setQueryData(companyKey(saved.id), saved);
            void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
            void queryClient.invalidateQueries({ queryKey: ["companies", "record", saved.id, "stages"] });
            toast.success(t("overview.saved"));
          }}
          testId="company-form"
        />
        {duplicates.dialog}
      </Card>
      <Card withBorder padding="lg">
        <Title order={3} size="h5" mb="md">
          {t("overview.record")}
        </Title>
        <Stack gap="sm">
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
          <Detail label={t("field.createdAt")}>{format.dateTime(record.createdAt)}</Detail>
          <Detail label={t("field.updatedAt")}>
            {format.dateTime(record.updatedAt)}{" "}
            <Text span c="dimmed" size="sm">
              ({format.relative(record.updatedAt)})
            </Text>
          </Detail>
          <Detail label={t("overview.version")}>{format.number(record.version)}</Detail>
          <Detail label={t("overview.id")}>
            <Group gap={4} wrap="nowrap">
              <Text span size="xs" ff="monospace" style={{ overflowWrap: "anywhere" }}>
                {record.id}
              </Text>
              <CopyButton value={record.id}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t("overview.copied") : t("overview.copyId")} withArrow>
                    <ActionIcon
                      variant="subtle"
                      color={copied ? "teal" : "gray"}
                      size="sm"
                      onClick={copy}
                      aria-label={t("overview.copyId")}
                    >
                      {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          </Detail>
        </Stack>
      </Card>
    </SimpleGrid>
  );
}

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

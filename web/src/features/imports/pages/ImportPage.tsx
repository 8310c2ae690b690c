import { useMemo } from "react";
import { Group, Stack, Text } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat, useSession } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { useImport, useImportTargets } from "../api/imports";
import { ImportHeader } from "../components/ImportHeader";
import { StatusBadge } from "../components/StatusBadge";
import { WizardSteps } from "../components/WizardSteps";
import { MappingStep } from "../components/MappingStep";
import { OptionsStep } from "../components/OptionsStep";
import { PreviewStep } from "../components/PreviewStep";
import { RunPanel } from "../components/RunPanel";
import { ResultPanel } from "../components/ResultPanel";
import { fieldLabel } from "../lib/labels";
import { currentStep, editSteps, formatBytes, isEditable, type EditStep, type WizardStep } from "../lib/progress";

const route = getRouteApi("/app/imports/$importId");

/** One import, at the step its state allows: mapping, options and check while nothing is applied; then progress and result. */
export function ImportPage({ id }: { id: string }) {
  const { t } = useTranslation("imports");
  const job = useImport(id);

  if (job.isPending) {
    return (
      <Stack maw={1100}>
        <ImportHeader title={t("job.loading")} />
        <LoadingBlock rows={6} />
      </Stack>
    );
  }
  if (job.isError) {
    const missing = job.error instanceof ApiError && job.error.status === 404;
    return (
      <Stack maw={1100}>
        <ImportHeader title={t("job.title")} />
        {missing ? (
          <EmptyState title={t("job.notFound")} description={t("job.notFoundDescription")} />
        ) : (
          <ErrorState error={job.error} onRetry={() => void job.refetch()} />
        )}
      </Stack>
    );
  }
  return <ImportSteps job={job.data} />;
}

function ImportSteps({ job }: { job: ImportJob }) {
  const { t } = useTranslation("imports");
  const format = useFormat();
  const locale = useSession().me?.locale ?? "en";
  const { step: requested } = route.useSearch();
  const navigate = route.useNavigate();
  const targets = useImportTargets(job.object);
  const step = currentStep(job, requested);
  const editable = isEditable(job);

  const labels = useMemo(() => new Map((targets.data?.targets ?? []).map((target) => [target.field, target.label])), [targets.data]);
  const labelOf = (field: string) => fieldLabel(t, job.object, field, labels);
  const go = (next: EditStep) => void navigate({ search: { step: next } });
  const select = (next: WizardStep) => {
    if ((editSteps as readonly WizardStep[]).includes(next)) go(next as EditStep);
  };

  return (
    <Stack maw={1100} gap="md" data-testid="import-page" data-import-id={job.id}>
      <ImportHeader
        title={t(`job.heading.${job.object}`)}
        description={
          <Group gap="xs" component="span" wrap="wrap">
            <Text span size="sm" fw={600} c="var(--mantine-color-text)" data-testid="import-file-name">
              {job.fileName}
            </Text>
            <Text span size="sm" c="dimmed">
              {t("job.fileFacts", {
                size: formatBytes(job.fileSize, locale),
                rows: format.number(job.totalRows),
                count: job.totalRows,
              })}
            </Text>
          </Group>
        }
        extra={<StatusBadge job={job} />}
      />
      <WizardSteps current={step} selectable={editable ? editSteps : []} onSelect={select} />
      {step === "mapping" &&
        (targets.isPending ? (
          <LoadingBlock rows={6} />
        ) : targets.isError ? (
          <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
        ) : (
          <MappingStep job={job} targets={targets.data.targets} labelOf={labelOf} onNext={() => go("options")} />
        ))}
      {step === "options" && <OptionsStep job={job} onBack={() => go("mapping")} onNext={() => go("preview")} />}
      {step === "preview" && <PreviewStep job={job} labelOf={labelOf} onBack={() => go("options")} />}
      {step === "run" && <RunPanel job={job} />}
      {step === "result" && <ResultPanel job={job} labelOf={labelOf} />}
    </Stack>
  );
}

import { useRef, useState } from "react";
import { Alert, Button, Card, Group, Progress, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconDownload, IconLock, IconUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { importObjects, type ImportObject } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useCan, useSession } from "../../../lib/session";
import { errorMessageKey } from "../../../components/states";
import { importKey, useImportTargets } from "../api/imports";
import { uploadImport, type UploadProgress } from "../api/upload";
import { FileDrop, fileProblem } from "../components/FileDrop";
import { ImportHeader } from "../components/ImportHeader";
import { WizardSteps } from "../components/WizardSteps";
import { formatBytes } from "../lib/progress";
import { templateCsv, templateFileName } from "../lib/template";

const route = getRouteApi("/app/imports/new");

/** Step 1: what to import and from which file; the upload creates the import and the wizard goes on with it. */
export function NewImportPage() {
  const { t } = useTranslation("imports");
  const { object: asked } = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const locale = useSession().me?.locale ?? "en";
  const mayCompany = useCan("company", "create");
  const mayContact = useCan("contact", "create");
  const allowed = importObjects.filter((object) => (object === "company" ? mayCompany : mayContact));
  const [chosen, setChosen] = useState<ImportObject | undefined>(asked);
  const object = chosen && allowed.includes(chosen) ? chosen : allowed[0];
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef<AbortController | null>(null);
  const uploading = progress !== null;

  if (!object) {
    return (
      <Stack maw={880}>
        <ImportHeader title={t("new.title")} />
        <Alert color="yellow" icon={<IconLock size={18} />} title={t("common:error.forbidden")} data-testid="import-forbidden">
          <Text size="sm">{t("new.forbidden")}</Text>
        </Alert>
      </Stack>
    );
  }

  const send = async () => {
    if (!file || fileProblem(file)) return;
    setError(null);
    setProgress({ loaded: 0, total: file.size });
    controller.current = new AbortController();
    try {
      const job = await uploadImport({ object, file }, setProgress, controller.current.signal);
      queryClient.setQueryData(importKey(job.id), job);
      void queryClient.invalidateQueries({ queryKey: ["imports", "list"] });
      await navigate({ to: "/imports/$importId", params: { importId: job.id }, search: {} });
    } catch (failure) {
      if ((failure as Error).name !== "AbortError") setError(failure);
      setProgress(null);
    }
  };

  const percent = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;

  return (
    <Stack maw={960} gap="md">
      <ImportHeader title={t("new.title")} description={t("new.description")} />
      <WizardSteps current="file" />
      <Card withBorder padding="md">
        <Stack gap="md">
          <Stack gap={6}>
            <Text fw={600} id="import-object-label">
              {t("new.object")}
            </Text>
            <SegmentedControl
              value={object}
              onChange={(value) => setChosen(value as ImportObject)}
              data={allowed.map((value) => ({ value, label: t(`object.${value}.plural`) }))}
              disabled={uploading}
              aria-labelledby="import-object-label"
              data-testid="import-object"
              style={{ alignSelf: "flex-start" }}
            />
            <Text size="sm" c="dimmed">
              {t(`new.needs.${object}`)}
            </Text>
          </Stack>
          <FileDrop
            file={file}
            onFile={(next) => {
              setFile(next);
              setError(null);
            }}
            disabled={uploading}
          />
          {progress && (
            <Stack gap={4} data-testid="import-upload-progress">
              <Progress value={percent} size="lg" animated={percent >= 100} striped={percent >= 100} aria-label={t("new.uploading")} />
              <Text size="sm" c="dimmed">
                {percent >= 100
                  ? t("new.reading")
                  : t("new.uploaded", {
                      loaded: formatBytes(progress.loaded, locale),
                      total: formatBytes(progress.total, locale),
                      percent,
                    })}
              </Text>
            </Stack>
          )}
          {error !== null && (
            <Alert
              color="red"
              icon={<IconAlertTriangle size={18} />}
              title={t("new.failed")}
              role="alert"
              data-testid="import-upload-error"
            >
              <Text size="sm">{uploadErrorText(error, t)}</Text>
            </Alert>
          )}
          <Group justify="space-between" gap="xs" wrap="wrap">
            <TemplateButton object={object} />
            <Group gap="xs" wrap="wrap">
              {uploading && (
                <Button variant="default" onClick={() => controller.current?.abort()} data-testid="import-upload-cancel">
                  {t("new.cancelUpload")}
                </Button>
              )}
              <Button
                leftSection={<IconUpload size={16} />}
                onClick={() => void send()}
                disabled={!file || !!fileProblem(file)}
                loading={uploading}
                data-testid="import-upload"
              >
                {t("new.upload")}
              </Button>
            </Group>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}

/** The server's reasons for refusing a file that the catalogs word. */
const fileMessages: [RegExp, string][] = [
  [/^is empty$/, "file.problem.empty"],
  [/^has no rows below the header$/, "new.noRows"],
  [/UTF-8/, "new.notUtf8"],
  [/^is not a text file$/, "file.problem.notCsv"],
];

/** The server's reason for refusing a file, or the kind of failure in words. */
function uploadErrorText(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError) {
    if (error.status === 413) return t("new.tooLarge");
    if (error.status === 415) return t("file.problem.notCsv");
    const detail = error.details.find((item) => item.field === "file");
    if (error.status === 400 && detail) {
      const known = fileMessages.find(([pattern]) => pattern.test(detail.message));
      return known ? t(known[1]) : t("new.fileRefused", { reason: detail.message });
    }
    if (error.status >= 400 && error.status < 500 && error.message) return error.message;
  }
  return t(`common:${errorMessageKey(error)}`);
}

/** A CSV with a column for every field of this kind of record, to fill in a spreadsheet. */
function TemplateButton({ object }: { object: ImportObject }) {
  const { t } = useTranslation("imports");
  const targets = useImportTargets(object);
  const download = () => {
    const fields = targets.data?.targets.map((target) => target.field) ?? [];
    const url = URL.createObjectURL(new Blob([templateCsv(fields)], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = templateFileName(object);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  return (
    <Button
      variant="subtle"
      leftSection={<IconDownload size={16} />}
      onClick={download}
      disabled={!targets.data}
      data-testid="import-template"
    >
      {t("new.template")}
    </Button>
  );
}

import { useState } from "react";
import { ActionIcon, Alert, Badge, Button, Card, Grid, Group, Progress, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconX } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { documentKinds, documentLimits, type DocumentKind, type DocumentRecordType } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { FormDialog } from "../../../components/form-dialog";
import { storageQuery, uploadDocument } from "../api";
import { formatBytes, precheck, titleFromFileName, uploadProblem, type UploadProblem } from "../lib/documents";
import { DropZone } from "./DropZone";

type Entry = {
  key: string;
  file: File;
  title: string;
  kind: DocumentKind;
  note: string;
  state: "ready" | "uploading" | "done" | "failed";
  progress: number;
  problem: UploadProblem | null;
};

let serial = 0;
const entryOf = (file: File, kind: DocumentKind): Entry => ({
  key: `${++serial}`,
  file,
  title: titleFromFileName(file.name),
  kind,
  note: "",
  state: "ready",
  progress: 0,
  problem: null,
});

/** New documents from files: a title, kind and note each, uploaded one after another with their progress. */
export function UploadDialog({
  files,
  onClose,
  recordType,
  recordId,
  defaultKind,
}: {
  files: File[];
  onClose: () => void;
  recordType: DocumentRecordType;
  recordId: string;
  defaultKind: DocumentKind;
}) {
  const { t } = useTranslation("documents");
  return (
    <FormDialog opened={files.length > 0} onClose={onClose} title={t("upload.title")} testId="upload-dialog" size="lg">
      <UploadForm initial={files} onClose={onClose} recordType={recordType} recordId={recordId} defaultKind={defaultKind} />
    </FormDialog>
  );
}

function UploadForm({
  initial,
  onClose,
  recordType,
  recordId,
  defaultKind,
}: {
  initial: File[];
  onClose: () => void;
  recordType: DocumentRecordType;
  recordId: string;
  defaultKind: DocumentKind;
}) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  const queryClient = useQueryClient();
  const storage = useQuery(storageQuery());
  const [entries, setEntries] = useState<Entry[]>(() => initial.map((file) => entryOf(file, defaultKind)));
  const [busy, setBusy] = useState(false);
  const update = (key: string, change: Partial<Entry>) =>
    setEntries((list) => list.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));

  const pending = entries.filter((entry) => entry.state !== "done");
  // Each file is checked against the limits with the files before it that are still to go.
  const local = new Map<string, UploadProblem | null>();
  let queued = 0;
  for (const entry of pending) {
    const problem = precheck(entry.file, storage.data, queued);
    local.set(entry.key, problem);
    if (!problem) queued += entry.file.size;
  }
  const titleMissing = pending.some((entry) => entry.title.trim() === "");
  const sendable = pending.filter((entry) => !local.get(entry.key));

  async function submit() {
    setBusy(true);
    let done = 0;
    for (const entry of sendable) {
      update(entry.key, { state: "uploading", progress: 0, problem: null });
      try {
        await uploadDocument(
          { recordType, recordId, kind: entry.kind, title: entry.title.trim(), note: entry.note.trim() || undefined },
          entry.file,
          (progress) => update(entry.key, { progress: progress.total ? (progress.loaded / progress.total) * 100 : 0 }),
        );
        update(entry.key, { state: "done", progress: 100 });
        done += 1;
      } catch (error) {
        update(entry.key, { state: "failed", problem: uploadProblem(error) });
      }
    }
    setBusy(false);
    await queryClient.invalidateQueries({ queryKey: ["documents"] });
    if (done > 0) toast.success(t("upload.done", { count: done }));
    if (done === sendable.length && sendable.length === pending.length) onClose();
  }

  const problemText = (problem: UploadProblem) =>
    t(`problem.${problem}`, {
      limit: storage.data ? formatBytes(storage.data.maxFileBytes, format) : "",
      quota: storage.data ? formatBytes(storage.data.quotaBytes, format) : "",
    });

  return (
    <Stack gap="md">
      <DropZone
        compact
        onFiles={(added) => setEntries((list) => [...list, ...added.map((file) => entryOf(file, defaultKind))])}
        testId="upload-more"
      />
      {storage.data && (
        <Text size="xs" c="dimmed" data-testid="upload-limits">
          {t("upload.limits", {
            limit: formatBytes(storage.data.maxFileBytes, format),
            used: formatBytes(storage.data.usedBytes, format),
            quota: formatBytes(storage.data.quotaBytes, format),
          })}
        </Text>
      )}
      <Stack gap="sm">
        {entries.map((entry) => {
          const problem = entry.state === "failed" ? entry.problem : entry.state === "ready" ? (local.get(entry.key) ?? null) : null;
          const locked = busy || entry.state === "done" || entry.state === "uploading";
          return (
            <Card key={entry.key} withBorder padding="sm" data-testid="upload-entry" data-state={entry.state}>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600} style={{ overflowWrap: "anywhere", minWidth: 0 }}>
                    {entry.file.name}
                  </Text>
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {formatBytes(entry.file.size, format)}
                    </Text>
                    {entry.state === "done" ? (
                      <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />} style={{ textTransform: "none" }}>
                        {t("upload.uploaded")}
                      </Badge>
                    ) : (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        disabled={locked}
                        onClick={() => setEntries((list) => list.filter((other) => other.key !== entry.key))}
                        aria-label={t("upload.remove", { name: entry.file.name })}
                      >
                        <IconX size={14} />
                      </ActionIcon>
                    )}
                  </Group>
                </Group>
                {entry.state !== "done" && (
                  <Grid gap="xs">
                    <Grid.Col span={{ base: 12, xs: 8 }}>
                      <TextInput
                        label={t("field.title")}
                        value={entry.title}
                        maxLength={documentLimits.titleMax}
                        required
                        disabled={locked}
                        onChange={(event) => update(entry.key, { title: event.currentTarget.value })}
                        error={entry.title.trim() === "" ? t("upload.titleRequired") : undefined}
                        data-testid="upload-title"
                      />
                    </Grid.Col>
                    <Grid.Col span={{ base: 12, xs: 4 }}>
                      <Select
                        label={t("field.kind")}
                        value={entry.kind}
                        data={documentKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
                        allowDeselect={false}
                        disabled={locked}
                        onChange={(value) => value && update(entry.key, { kind: value as DocumentKind })}
                        data-testid="upload-kind"
                      />
                    </Grid.Col>
                  </Grid>
                )}
                {entry.state !== "done" && (
                  <TextInput
                    label={t("field.note")}
                    placeholder={t("upload.notePlaceholder")}
                    value={entry.note}
                    maxLength={documentLimits.noteMax}
                    disabled={locked}
                    onChange={(event) => update(entry.key, { note: event.currentTarget.value })}
                    data-testid="upload-note"
                  />
                )}
                {entry.state === "uploading" && (
                  <Progress value={entry.progress} animated aria-label={t("upload.progress", { name: entry.file.name })} />
                )}
                {problem && (
                  <Alert color="red" icon={<IconAlertTriangle size={16} />} p="xs" data-testid="upload-problem" data-problem={problem}>
                    <Text size="sm">{problemText(problem)}</Text>
                  </Alert>
                )}
              </Stack>
            </Card>
          );
        })}
      </Stack>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose} disabled={busy}>
          {t("common:action.cancel")}
        </Button>
        <Button onClick={() => void submit()} loading={busy} disabled={sendable.length === 0 || titleMissing} data-testid="upload-submit">
          {t("upload.submit", { count: sendable.length })}
        </Button>
      </Group>
    </Stack>
  );
}

import { useState } from "react";
import { Alert, Button, Group, Progress, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { documentLimits, type DocumentDetail } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { FormDialog } from "../../../components/form-dialog";
import { storageQuery, uploadRevision } from "../api";
import { formatBytes, precheck, uploadProblem, type UploadProblem } from "../lib/documents";
import { DropZone } from "./DropZone";

/** The next revision of a document: one file and a change note, with its progress. */
export function NewRevisionDialog({
  document,
  opened,
  onClose,
  onUploaded,
}: {
  document: DocumentDetail;
  opened: boolean;
  onClose: () => void;
  onUploaded: (revisionId: string) => void;
}) {
  const { t } = useTranslation("documents");
  return (
    <FormDialog
      opened={opened}
      onClose={onClose}
      title={t("revision.newTitle", { number: document.revisionCount + 1 })}
      testId="revision-dialog"
    >
      <RevisionForm document={document} onClose={onClose} onUploaded={onUploaded} />
    </FormDialog>
  );
}

function RevisionForm({
  document,
  onClose,
  onUploaded,
}: {
  document: DocumentDetail;
  onClose: () => void;
  onUploaded: (revisionId: string) => void;
}) {
  const { t } = useTranslation("documents");
  const format = useFormat();
  const queryClient = useQueryClient();
  const storage = useQuery(storageQuery());
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<UploadProblem | null>(null);
  const local = file ? precheck(file, storage.data) : null;
  const shown = problem ?? local;

  async function submit() {
    if (!file) return;
    setProblem(null);
    setProgress(0);
    try {
      const updated = await uploadRevision(document.id, document.version, note.trim(), file, (value) =>
        setProgress(value.total ? (value.loaded / value.total) * 100 : 0),
      );
      await queryClient.invalidateQueries({ queryKey: ["documents"] });
      toast.success(t("revision.uploaded", { number: updated.current.number }));
      onUploaded(updated.current.id);
      onClose();
    } catch (error) {
      setProblem(uploadProblem(error));
      if (uploadProblem(error) === "conflict") await queryClient.invalidateQueries({ queryKey: ["documents", "one", document.id] });
    } finally {
      setProgress(null);
    }
  }

  return (
    <Stack gap="sm">
      <DropZone
        multiple={false}
        compact
        onFiles={(files) => {
          setFile(files[0] ?? null);
          setProblem(null);
        }}
        testId="revision-drop"
      >
        {file && (
          <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }} data-testid="revision-file">
            {t("revision.chosen", { name: file.name, size: formatBytes(file.size, format) })}
          </Text>
        )}
      </DropZone>
      <TextInput
        label={t("field.changeNote")}
        placeholder={t("revision.notePlaceholder")}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        maxLength={documentLimits.noteMax}
        data-testid="revision-note"
      />
      {progress !== null && <Progress value={progress} animated aria-label={t("upload.progress", { name: file?.name ?? "" })} />}
      {shown && (
        <Alert color="red" icon={<IconAlertTriangle size={16} />} p="xs" data-testid="upload-problem" data-problem={shown}>
          <Text size="sm">
            {t(`problem.${shown}`, {
              limit: storage.data ? formatBytes(storage.data.maxFileBytes, format) : "",
              quota: storage.data ? formatBytes(storage.data.quotaBytes, format) : "",
            })}
          </Text>
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose} disabled={progress !== null}>
          {t("common:action.cancel")}
        </Button>
        <Button onClick={() => void submit()} disabled={!file || !!local} loading={progress !== null} data-testid="revision-submit">
          {t("revision.upload")}
        </Button>
      </Group>
    </Stack>
  );
}

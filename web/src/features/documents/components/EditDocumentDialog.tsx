import { useState } from "react";
import { Alert, Button, Group, Select, Stack, TextInput, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { documentKinds, documentLimits, type DocumentDetail, type DocumentKind } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { toast } from "../../../components/dialogs";
import { FormDialog } from "../../../components/form-dialog";
import { patchDocument } from "../api";

/** Title, kind and description of a document (If-Match: a change made elsewhere meanwhile is said, and the newest loads). */
export function EditDocumentDialog({ document, opened, onClose }: { document: DocumentDetail; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("documents");
  return (
    <FormDialog opened={opened} onClose={onClose} title={t("edit.title")} testId="edit-document-dialog">
      <EditForm document={document} onClose={onClose} />
    </FormDialog>
  );
}

function EditForm({ document, onClose }: { document: DocumentDetail; onClose: () => void }) {
  const { t } = useTranslation("documents");
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(document.title);
  const [kind, setKind] = useState<DocumentKind>(document.kind);
  const [description, setDescription] = useState(document.description ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    setErrors({});
    try {
      await patchDocument(document.id, document.version, { title: title.trim(), kind, description: description.trim() });
      await queryClient.invalidateQueries({ queryKey: ["documents"] });
      toast.success(t("edit.saved"));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
        await queryClient.invalidateQueries({ queryKey: ["documents", "one", document.id] });
      } else if (error instanceof ApiError && error.status === 400) {
        setErrors(Object.fromEntries(error.details.map((detail) => [detail.field, detail.message])));
      } else toast.error(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap="sm">
      {stale && (
        <Alert color="yellow" data-testid="edit-stale">
          {t("edit.stale")}
        </Alert>
      )}
      <TextInput
        label={t("field.title")}
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
        maxLength={documentLimits.titleMax}
        required
        error={errors.title}
        data-testid="edit-title"
      />
      <Select
        label={t("field.kind")}
        data={documentKinds.map((value) => ({ value, label: t(`kind.${value}`) }))}
        value={kind}
        onChange={(value) => value && setKind(value as DocumentKind)}
        allowDeselect={false}
        error={errors.kind}
      />
      <Textarea
        label={t("field.description")}
        value={description}
        onChange={(event) => setDescription(event.currentTarget.value)}
        maxLength={documentLimits.descriptionMax}
        autosize
        minRows={2}
        error={errors.description}
      />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {t("common:action.cancel")}
        </Button>
        <Button onClick={() => void save()} loading={saving} disabled={title.trim() === ""} data-testid="edit-save">
          {t("common:action.save")}
        </Button>
      </Group>
    </Stack>
  );
}

import { useCallback, useRef, useState } from "react";
import { Button, Card, Checkbox, Group, Stack } from "@mantine/core";
import { IconNote } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import type { Editor } from "@tiptap/react";
import { useTranslation } from "react-i18next";
import { newIdempotencyKey } from "../../../lib/api";
import { toast } from "../../../components/dialogs";
import { createEntry, timelineKey } from "../api";
import { serverProblems } from "../lib/form";
import { RichTextInput } from "./RichTextInput";

/** Writes a note (with @mentions) straight on the timeline; it can be pinned to the top of the card. */
export function NoteComposer({ companyId, contactIds = [] }: { companyId: string; contactIds?: string[] }) {
  const { t } = useTranslation("timeline");
  const queryClient = useQueryClient();
  const [html, setHtml] = useState("");
  const [empty, setEmpty] = useState(true);
  const [pinned, setPinned] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [key, setKey] = useState(newIdempotencyKey);
  const editor = useRef<Editor | null>(null);
  const keepEditor = useCallback((instance: Editor | null) => {
    editor.current = instance;
  }, []);

  async function save() {
    if (empty) {
      setError(t("form.noteNeedsText"));
      return;
    }
    setSaving(true);
    try {
      await createEntry({ companyId, kind: "note", body: html, pinned, contactIds }, key);
      editor.current?.commands.clearContent(true);
      setPinned(false);
      setError(undefined);
      setKey(newIdempotencyKey());
      toast.success(pinned ? t("composer.addedPinned") : t("composer.added"));
      await queryClient.invalidateQueries({ queryKey: timelineKey });
    } catch (failure) {
      const problems = serverProblems(failure);
      if (problems.body) setError(problems.body);
      else toast.error(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card withBorder padding="sm" data-testid="note-composer">
      <Stack gap="xs">
        <RichTextInput
          label={t("composer.label")}
          description={t("form.mentionHint")}
          onChange={(next, isEmpty) => {
            setHtml(next);
            setEmpty(isEmpty);
            if (!isEmpty) setError(undefined);
          }}
          error={error}
          editorRef={keepEditor}
          testId="note-editor"
        />
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Checkbox
            label={t("composer.pin")}
            checked={pinned}
            onChange={(event) => setPinned(event.currentTarget.checked)}
            data-testid="note-pin"
          />
          <Button leftSection={<IconNote size={16} />} loading={saving} onClick={() => void save()} data-testid="note-add">
            {t("composer.add")}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

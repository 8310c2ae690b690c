import { useEffect, useState } from "react";
import { Alert, Button, Group, Text } from "@mantine/core";
import { IconRestore } from "@tabler/icons-react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../lib/api";
import { notifyDone, notifyFailure } from "../lib/feedback";
import { problemsByField } from "../lib/problems";

type Versioned = { version: number };

/**
 * A settings form over one versioned record: drafts start from the stored version and saving sends
 * it (If-Match), so a change saved elsewhere meanwhile answers 412 — then the newest is loaded and
 * the reader chooses to keep their edits (saved over it) or take the newest. A newer version that
 * arrives while nothing is edited is shown at once. 400 problems land on the fields they name.
 */
export function useVersionedForm<R extends Versioned, D>({
  stored,
  queryKey,
  toDraft,
  same,
  save,
  savedMessage,
}: {
  stored: R;
  queryKey: QueryKey;
  toDraft: (record: R) => D;
  same: (draft: D, record: R) => boolean;
  save: (draft: D, version: number) => Promise<R>;
  savedMessage: string;
}) {
  const { t } = useTranslation("settings");
  const queryClient = useQueryClient();
  const [base, setBase] = useState(stored);
  const [draft, setDraft] = useState<D>(() => toDraft(stored));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);
  const dirty = !same(draft, base);

  useEffect(() => {
    if (stored.version === base.version) return;
    if (!dirty) {
      setBase(stored);
      setDraft(toDraft(stored));
      setStale(false);
    } else setStale(true);
  }, [stored, base.version, dirty, toDraft]);

  const change = (next: D, ...fields: string[]) => {
    setDraft(next);
    if (fields.some((field) => errors[field])) {
      const rest = { ...errors };
      for (const field of fields) delete rest[field];
      setErrors(rest);
    }
  };

  const loadNewest = () => {
    setBase(stored);
    setDraft(toDraft(stored));
    setErrors({});
    setStale(false);
  };
  const keepMine = () => {
    setBase(stored);
    setStale(false);
  };

  async function submit(localProblems: Record<string, string> = {}) {
    if (Object.keys(localProblems).length > 0) {
      setErrors(localProblems);
      return;
    }
    setSaving(true);
    try {
      const saved = await save(draft, base.version);
      queryClient.setQueryData(queryKey, saved);
      setBase(saved);
      setDraft(toDraft(saved));
      setErrors({});
      setStale(false);
      notifyDone(savedMessage);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
        await queryClient.invalidateQueries({ queryKey });
      } else if (error instanceof ApiError && error.status === 400 && error.details.length > 0) {
        setErrors(problemsByField(error.details, (key, options) => t(key, options ?? {}) as string));
      } else notifyFailure(error);
    } finally {
      setSaving(false);
    }
  }

  const staleAlert = stale ? (
    <Alert color="orange" data-testid="settings-stale">
      <Group justify="space-between" gap="xs">
        <Text size="sm">{t("versioned.stale")}</Text>
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconRestore size={14} />} onClick={loadNewest} data-testid="settings-load-newest">
            {t("versioned.loadNewest")}
          </Button>
          <Button size="xs" variant="default" onClick={keepMine} data-testid="settings-keep-mine">
            {t("versioned.keepMine")}
          </Button>
        </Group>
      </Group>
    </Alert>
  ) : null;

  return { draft, change, errors, saving, dirty, stale, staleAlert, submit, loadNewest };
}

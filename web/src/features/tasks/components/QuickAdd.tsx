import { useState, type FormEvent } from "react";
import { ActionIcon, Group, Select, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { limits } from "@relata/contracts";
import { newIdempotencyKey } from "../../../lib/api";
import { useMe } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { createTask, tasksKey } from "../api";
import { duePresets, duePresetTime, type DuePreset } from "../lib/tasks";

/** Type a title, pick when (none, today, tomorrow, next week), Enter: a task for oneself (optionally on a company). */
export function QuickAdd({ companyId }: { companyId?: string }) {
  const { t } = useTranslation("tasks");
  const me = useMe();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [due, setDue] = useState<DuePreset>("today");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [key, setKey] = useState(newIdempotencyKey);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) {
      setError(t("form.titleRequired"));
      return;
    }
    setSaving(true);
    try {
      await createTask(
        { title: title.trim(), dueAt: duePresetTime(due, new Date(), me.timeZone), ...(companyId ? { companyId } : {}) },
        key,
      );
      toast.success(t("form.created"));
      setTitle("");
      setError(undefined);
      setKey(newIdempotencyKey());
    } catch (failure) {
      toast.error(failure);
    } finally {
      setSaving(false);
      await queryClient.invalidateQueries({ queryKey: tasksKey });
    }
  }

  return (
    <form onSubmit={(event) => void add(event)} noValidate data-testid="quick-add">
      <Group gap="xs" wrap="wrap" align="flex-start">
        <TextInput
          style={{ flex: "1 1 220px" }}
          placeholder={t("quickAdd.placeholder")}
          aria-label={t("quickAdd.label")}
          value={title}
          onChange={(event) => {
            setTitle(event.currentTarget.value);
            setError(undefined);
          }}
          maxLength={limits.nameMax}
          error={error}
          data-testid="quick-add-title"
        />
        <Group gap="xs" wrap="nowrap" style={{ flex: "0 1 auto" }}>
          <Select
            w={150}
            aria-label={t("quickAdd.when")}
            data={duePresets.map((value) => ({ value, label: t(`quickAdd.due.${value}`) }))}
            value={due}
            onChange={(next) => next && setDue(next as DuePreset)}
            allowDeselect={false}
            data-testid="quick-add-due"
          />
          <ActionIcon
            type="submit"
            size="lg"
            variant="filled"
            loading={saving}
            aria-label={t("quickAdd.add")}
            data-testid="quick-add-submit"
          >
            <IconPlus size={18} />
          </ActionIcon>
        </Group>
      </Group>
    </form>
  );
}

import { useState } from "react";
import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { limits, taskPriorities, taskStatuses, type Task, type TaskPriority, type TaskStatus } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useMe } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { DialogForm, FormDialog, useDialogForm } from "../../../components/form-dialog";
import { ReferencePicker, UserPicker } from "../../../components/record-form";
import { isoToLocalInput, localInputToIso } from "../../../components/record-form/datetime";
import { companyReferenceLoader } from "../../companies/api";
import { createTask, deleteTask, patchTask, taskQuery, tasksKey } from "../api";
import { changedFields, reminderChoices, reminderLabel } from "../lib/tasks";

/** What a new task starts with (the company's card fills in its company). */
export type TaskDraft = { companyId?: string | null; assigneeId?: string; title?: string };

type Fields = {
  title: string;
  description: string | null;
  assigneeId: string;
  dueAt: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  companyId: string | null;
  remindMinutesBefore: number | null;
};

const fieldsOf = (task: Task): Fields => ({
  title: task.title,
  description: task.description,
  assigneeId: task.assigneeId,
  dueAt: task.dueAt,
  priority: task.priority,
  status: task.status,
  companyId: task.companyId,
  remindMinutesBefore: task.remindMinutesBefore,
});

/** The task dialog: a new task (with `draft`), or an existing one to edit (`task`) — or to read only, for those who may not change it. */
export function TaskDialog({
  opened,
  onClose,
  task,
  draft,
}: {
  opened: boolean;
  onClose: () => void;
  task?: Task | undefined;
  draft?: TaskDraft;
}) {
  const { t } = useTranslation("tasks");
  return (
    <FormDialog opened={opened} onClose={onClose} title={task ? t("form.editTitle") : t("form.newTitle")} testId="task-dialog" size="lg">
      <TaskForm task={task} draft={draft ?? {}} onClose={onClose} />
    </FormDialog>
  );
}

function TaskForm({ task, draft, onClose }: { task: Task | undefined; draft: TaskDraft; onClose: () => void }) {
  const { t } = useTranslation("tasks");
  const me = useMe();
  const queryClient = useQueryClient();
  const initial: Fields = task
    ? fieldsOf(task)
    : {
        title: draft.title ?? "",
        description: null,
        assigneeId: draft.assigneeId ?? me.id,
        dueAt: null,
        priority: "normal",
        status: "open",
        companyId: draft.companyId ?? null,
        remindMinutesBefore: 0,
      };
  const [fields, setFields] = useState<Fields>(initial);
  const [version, setVersion] = useState(task?.version ?? 0);
  const readOnly = task !== undefined && !task.canChange;
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((current) => ({ ...current, [key]: value }));
    form.clear(key);
  };
  const translated: Record<string, string> = {
    title: t("form.titleInvalid"),
    assigneeId: t("form.assigneeInvalid"),
    companyId: t("form.companyInvalid"),
    dueAt: t("form.dueInvalid"),
  };
  const form = useDialogForm({
    reload: tasksKey,
    notify: (error) => toast.error(error, error instanceof ApiError && error.status === 403 ? t("form.notYours") : undefined),
    fieldProblems: (error) => {
      if (!(error instanceof ApiError) || error.status !== 400) return {};
      return Object.fromEntries(error.details.map((detail) => [detail.field, translated[detail.field] ?? detail.message]));
    },
    onReloaded: () => {
      const newest = task && queryClient.getQueryData<Task>(taskQuery(me.id, task.id).queryKey);
      if (newest) setVersion(newest.version);
    },
  });

  async function submit() {
    const problems = {
      title: fields.title.trim() ? undefined : t("form.titleRequired"),
      assigneeId: fields.assigneeId ? undefined : t("form.assigneeRequired"),
    };
    if (!form.validate(problems)) return;
    const body = { ...fields, title: fields.title.trim(), description: fields.description?.trim() || null };
    const ok = await form.save(async () => {
      if (task) {
        const changed = changedFields(fieldsOf(task), body);
        if (Object.keys(changed).length > 0) await patchTask(task.id, version, changed);
      } else {
        const { status: _open, ...create } = body;
        await createTask(create, form.idempotencyKey);
      }
    });
    if (ok) {
      toast.success(task ? t("form.saved") : t("form.created"));
      onClose();
    }
  }

  async function remove() {
    if (!task) return;
    const sure = await confirm({
      title: t("form.deleteTitle"),
      message: t("form.deleteMessage", { title: task.title }),
      confirmLabel: t("form.delete"),
      danger: true,
    });
    if (!sure) return;
    try {
      await deleteTask({ id: task.id, version });
      toast.success(t("form.deleted", { title: task.title }));
      onClose();
    } catch (error) {
      toast.error(error, error instanceof ApiError && error.status === 412 ? t("row.changedElsewhere") : undefined);
    } finally {
      await queryClient.invalidateQueries({ queryKey: tasksKey });
    }
  }

  const reminderData = reminderChoices(fields.remindMinutesBefore).map((minutes) => {
    const label = reminderLabel(minutes);
    return {
      value: minutes === null ? "none" : String(minutes),
      label: t(label.key, label.count === undefined ? {} : { count: label.count }),
    };
  });
  const content = (
    <>
      {readOnly && (
        <Text size="sm" c="dimmed" data-testid="task-read-only">
          {t("form.readOnly")}
        </Text>
      )}
      <TextInput
        label={t("form.title")}
        required
        value={fields.title}
        onChange={(event) => set("title", event.currentTarget.value)}
        maxLength={limits.nameMax}
        error={form.errors.title}
        readOnly={readOnly}
        autoFocus={!task}
        data-testid="task-title"
      />
      <Textarea
        label={t("form.description")}
        value={fields.description ?? ""}
        onChange={(event) => set("description", event.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={8}
        maxLength={limits.textMax}
        error={form.errors.description}
        readOnly={readOnly}
        data-testid="task-description"
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <UserPicker
          label={t("form.assignee")}
          required
          value={fields.assigneeId}
          onChange={(next) => next && set("assigneeId", next)}
          error={form.errors.assigneeId}
          readOnly={readOnly}
          comboboxProps={{ withinPortal: true }}
          data-testid="task-assignee"
        />
        <TextInput
          type="datetime-local"
          label={t("form.due")}
          description={t("form.dueHint", { zone: me.timeZone })}
          value={isoToLocalInput(fields.dueAt, me.timeZone)}
          onChange={(event) =>
            set("dueAt", event.currentTarget.value ? (localInputToIso(event.currentTarget.value, me.timeZone) ?? null) : null)
          }
          error={form.errors.dueAt}
          readOnly={readOnly}
          data-testid="task-due-input"
        />
        <Select
          label={t("form.priority")}
          data={taskPriorities.map((value) => ({ value, label: t(`priority.${value}`) }))}
          value={fields.priority}
          onChange={(next) => next && set("priority", next as TaskPriority)}
          allowDeselect={false}
          readOnly={readOnly}
          comboboxProps={{ withinPortal: true }}
          data-testid="task-priority-input"
        />
        <Select
          label={t("form.reminder")}
          description={fields.dueAt ? undefined : t("form.reminderNeedsDue")}
          data={reminderData}
          value={fields.remindMinutesBefore === null ? "none" : String(fields.remindMinutesBefore)}
          onChange={(next) => next && set("remindMinutesBefore", next === "none" ? null : Number(next))}
          allowDeselect={false}
          disabled={!fields.dueAt}
          readOnly={readOnly}
          error={form.errors.remindMinutesBefore}
          comboboxProps={{ withinPortal: true }}
          data-testid="task-reminder"
        />
        <ReferencePicker
          loader={companyReferenceLoader}
          label={t("form.company")}
          value={fields.companyId}
          onChange={(next) => set("companyId", next)}
          clearable
          error={form.errors.companyId}
          readOnly={readOnly}
          comboboxProps={{ withinPortal: true }}
          data-testid="task-company"
        />
        {task && (
          <Select
            label={t("form.status")}
            data={taskStatuses.map((value) => ({ value, label: t(`status.${value}`) }))}
            value={fields.status}
            onChange={(next) => next && set("status", next as TaskStatus)}
            allowDeselect={false}
            readOnly={readOnly}
            comboboxProps={{ withinPortal: true }}
            data-testid="task-status"
          />
        )}
      </SimpleGrid>
      {task && (
        <Text size="xs" c="dimmed">
          {task.creatorName ? t("form.createdBy", { name: task.creatorName }) : t("form.createdBySystem")}
        </Text>
      )}
    </>
  );

  if (readOnly)
    return (
      <Stack gap="sm">
        {content}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-testid="task-dialog-close">
            {t("common:action.close")}
          </Button>
        </Group>
      </Stack>
    );
  return (
    <DialogForm
      form={form}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={task ? t("common:action.save") : t("form.create")}
      testId="task-form"
    >
      {content}
      {task && (
        <Group>
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => void remove()}
            data-testid="task-delete"
          >
            {t("form.delete")}
          </Button>
        </Group>
      )}
    </DialogForm>
  );
}

import { useMemo, useState } from "react";
import {
  Alert,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { isInteractionKind, isoDateTime, type TimelineEntry, type TimelineWritableKind } from "@relata/contracts";
import { DialogForm, useDialogForm } from "../../../components/form-dialog";
import { FieldInput, UserPicker, fieldSpec } from "../../../components/record-form";
import { toast } from "../../../components/dialogs";
import { useMe } from "../../../lib/session";
import { companyPeopleQuery, createEntry, patchEntry, timelineKey } from "../api";
import {
  createBody,
  entryForm,
  formFields,
  formProblems,
  newEntryForm,
  patchBody,
  serverProblems,
  type EntryForm as FormState,
} from "../lib/form";
import { kindIcons } from "./EntryCard";
import { RichTextInput } from "./RichTextInput";

const writableKinds: TimelineWritableKind[] = ["call", "meeting", "visit", "email", "sms", "chat", "event", "action", "decision", "note"];

/** Logs an interaction (or event, action, decision, note) on a company, or changes an entry. */
export function EntryForm({
  companyId,
  entry,
  initialKind = "call",
  initialContacts = [],
  onClose,
}: {
  companyId: string;
  entry?: TimelineEntry;
  initialKind?: TimelineWritableKind;
  /** Contacts chosen up front (a contact's page logs with that contact). */
  initialContacts?: { id: string; name: string }[];
  onClose: () => void;
}) {
  const { t } = useTranslation("timeline");
  const me = useMe();
  const [initial] = useState<FormState>(() =>
    entry
      ? entryForm(entry, me.id)
      : newEntryForm(
          initialKind,
          new Date(),
          me.id,
          initialContacts.map((contact) => contact.id),
        ),
  );
  const [form, setForm] = useState<FormState>(initial);
  const [version, setVersion] = useState(entry?.version ?? 0);
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search, 250);
  const people = useQuery(companyPeopleQuery(companyId, query));
  // Names of contacts chosen earlier stay known while the search shows others.
  const [known, setKnown] = useState(
    () => new Map([...(entry?.contacts ?? []), ...initialContacts].map((contact) => [contact.id, contact.name])),
  );
  const dateTime = useMemo(() => fieldSpec("occurredAt", isoDateTime, { widget: "dateTime" }), []);
  const dueSpec = useMemo(() => fieldSpec("nextStepDueAt", isoDateTime.nullable(), { widget: "dateTime" }), []);
  const hasTask = !!entry?.nextStep?.taskId;
  const dialog = useDialogForm({
    reload: timelineKey,
    notify: (error) => toast.error(error),
    fieldProblems: serverProblems,
    shows: (field) => formFields.has(field),
    onReloaded: () => {
      // The newest version is what the next save builds on.
      const newest = dialog.queryClient
        .getQueriesData<{ pages?: { items: TimelineEntry[] }[] }>({ queryKey: timelineKey })
        .flatMap(([, data]) => data?.pages?.flatMap((page) => page.items) ?? [])
        .find((item) => item.id === entry?.id);
      if (newest) setVersion(newest.version);
    },
  });
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    dialog.clear(key);
  };

  const options = useMemo(() => {
    const list = new Map(known);
    for (const person of people.data ?? []) list.set(person.id, person.title ? `${person.name} · ${person.title}` : person.name);
    for (const id of form.contactIds) if (!list.has(id)) list.set(id, known.get(id) ?? id);
    return [...list].map(([value, label]) => ({ value, label }));
  }, [known, people.data, form.contactIds]);

  async function submit() {
    const found = Object.fromEntries(Object.entries(formProblems(form)).map(([field, key]) => [field, key ? t(key) : undefined]));
    if (!dialog.validate(found)) return;
    const ok = await dialog.save(() =>
      entry
        ? patchEntry(entry.id, version, patchBody(form, entry, initial))
        : createEntry(createBody(form, companyId), dialog.idempotencyKey),
    );
    if (ok) {
      toast.success(entry ? t("form.saved") : form.withNextStep ? t("form.loggedWithTask") : t("form.logged"));
      onClose();
    }
  }

  const interaction = isInteractionKind(form.kind);
  return (
    <DialogForm
      form={dialog}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={entry ? t("common:action.save") : t("form.log")}
      testId="entry-form"
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t("form.kind")}
          required
          data={writableKinds.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
          value={form.kind}
          onChange={(next) => next && set("kind", next as TimelineWritableKind)}
          allowDeselect={false}
          renderOption={({ option }) => {
            const Icon = kindIcons[option.value as TimelineWritableKind];
            return (
              <Group gap="xs" wrap="nowrap">
                <Icon size={16} />
                <Text size="sm">{option.label}</Text>
              </Group>
            );
          }}
          error={dialog.errors.kind}
          data-testid="entry-kind"
        />
        <FieldInput
          field={dateTime}
          value={form.occurredAt}
          onChange={(next) => typeof next === "string" && set("occurredAt", next)}
          label={t("form.when")}
          required
          error={dialog.errors.occurredAt}
          testId="entry-when"
        />
      </SimpleGrid>
      {interaction && (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="entry-direction-label">
              {t("form.direction")}
            </Text>
            <SegmentedControl
              aria-labelledby="entry-direction-label"
              data={[
                { value: "out", label: t("direction.out") },
                { value: "in", label: t("direction.in") },
              ]}
              value={form.direction ?? "out"}
              onChange={(next) => set("direction", next as "in" | "out")}
              data-testid="entry-direction"
            />
          </Stack>
          <NumberInput
            label={t("form.duration")}
            suffix={` ${t("form.minutesSuffix")}`}
            min={0}
            max={1440}
            allowDecimal={false}
            value={form.durationMinutes ?? ""}
            onChange={(next) => set("durationMinutes", typeof next === "number" ? next : null)}
            error={dialog.errors.durationMinutes}
            data-testid="entry-duration"
          />
        </SimpleGrid>
      )}
      <MultiSelect
        label={t("form.contacts")}
        placeholder={form.contactIds.length === 0 ? t("form.contactsPlaceholder") : undefined}
        data={options}
        value={form.contactIds}
        onChange={(next) => {
          setKnown((current) => {
            const names = new Map(current);
            for (const option of options) if (next.includes(option.value)) names.set(option.value, option.label.split(" · ")[0]!);
            return names;
          });
          set("contactIds", next);
        }}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: all }) => all}
        nothingFoundMessage={people.isFetching ? t("form.searching") : t("form.noPeople")}
        maxValues={50}
        error={dialog.errors.contactIds}
        comboboxProps={{ withinPortal: true }}
        data-testid="entry-contacts"
      />
      <TextInput
        label={t("form.subject")}
        maxLength={300}
        value={form.subject}
        onChange={(event) => set("subject", event.currentTarget.value)}
        error={dialog.errors.subject}
        data-testid="entry-subject-input"
      />
      <RichTextInput
        label={form.kind === "note" ? t("form.note") : t("form.details")}
        description={t("form.mentionHint")}
        required={form.kind === "note"}
        initialHtml={entry?.bodyHtml ?? null}
        onChange={(html, empty) => {
          setForm((current) => ({ ...current, body: html, bodyEmpty: empty, bodyChanged: true }));
          dialog.clearWhere((field) => field === "body" || field === "subject");
        }}
        error={dialog.errors.body}
        testId="entry-body-editor"
      />
      <Textarea
        label={t("form.outcome")}
        autosize
        minRows={1}
        maxRows={4}
        maxLength={2000}
        value={form.outcome}
        onChange={(event) => set("outcome", event.currentTarget.value)}
        error={dialog.errors.outcome}
        data-testid="entry-outcome-input"
      />
      {hasTask ? (
        <Alert color="blue" variant="light" data-testid="entry-next-step-task">
          {t("form.nextStepIsTask", { text: entry!.nextStep!.text, name: entry!.nextStep!.assigneeName })}
        </Alert>
      ) : (
        <Stack gap="xs">
          <Checkbox
            label={t("form.withNextStep")}
            description={t("form.withNextStepHint")}
            checked={form.withNextStep}
            onChange={(event) => set("withNextStep", event.currentTarget.checked)}
            data-testid="entry-with-next-step"
          />
          {form.withNextStep && (
            <>
              <TextInput
                label={t("form.nextStep")}
                required
                maxLength={500}
                value={form.nextStepText}
                onChange={(event) => set("nextStepText", event.currentTarget.value)}
                error={dialog.errors.nextStepText}
                data-testid="entry-next-step-text"
              />
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <FieldInput
                  field={dueSpec}
                  value={form.nextStepDueAt}
                  onChange={(next) => set("nextStepDueAt", typeof next === "string" ? next : null)}
                  label={t("form.nextStepDue")}
                  required={false}
                  error={dialog.errors.nextStepDueAt}
                  testId="entry-next-step-due"
                />
                <UserPicker
                  label={t("form.nextStepAssignee")}
                  required
                  value={form.nextStepAssigneeId}
                  onChange={(next) => set("nextStepAssigneeId", next)}
                  error={dialog.errors.nextStepAssigneeId}
                  comboboxProps={{ withinPortal: true }}
                  data-testid="entry-next-step-assignee"
                />
              </SimpleGrid>
            </>
          )}
        </Stack>
      )}
    </DialogForm>
  );
}

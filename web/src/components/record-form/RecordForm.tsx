import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { Alert, Button, Code, Group, Kbd, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useOs } from "@mantine/hooks";
import { IconAlertTriangle, IconInfoCircle } from "@tabler/icons-react";
import { useBlocker } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ApiError, newIdempotencyKey } from "../../lib/api";
import { useFormat } from "../../lib/session";
import { confirm, toast } from "../dialogs";
import { errorMessageKey } from "../states";
import { ConflictDialog } from "./ConflictDialog";
import { changedValues, conflictRows, isDirty, rebase, type Values } from "./diff";
import { createPayload, initialValues, patchPayload } from "./payload";
import { FieldInput, FieldValue, useFieldLabel } from "./renderers";
import { fieldsFromSchema, groupBySection, isRequired, type FieldHints, type FieldSpec, type ObjectSchemaLike } from "./schema-fields";
import { issuesToErrors, missingRequired, serverErrorsToFields, type FieldErrors, type IssueLike } from "./validation";

/** A zod object schema (contracts): its shape is read for the fields, safeParse validates. */
export type FormSchema = ObjectSchemaLike & {
  safeParse: (value: unknown) => { success: boolean; error?: { issues: readonly unknown[] } };
};

export type SubmitContext = {
  /** edit: the version the change is based on (send as If-Match) */
  version?: number;
  /** create: a key to send as Idempotency-Key (the same while the body stays the same) */
  idempotencyKey?: string;
};

export type RecordFormProps<R> = {
  schema: FormSchema;
  mode: "create" | "edit";
  /** create: starting values; edit: the record (field values are read by name) */
  initial?: Values;
  /** edit: the record's version (If-Match); when it changes the form follows, unless the user is editing */
  version?: number;
  hints?: FieldHints;
  /** Which fields of the schema, in this order (default: all) */
  fields?: readonly string[];
  /** Prefix of default label keys: `<prefix><field>` (e.g. "companies:field.") */
  labelPrefix?: string;
  /** create: the whole body; edit: only the changed fields. Resolve with the saved record. */
  onSubmit: (body: Values, context: SubmitContext) => Promise<R>;
  /** edit: the record as it is now (for the conflict dialog after a 412) */
  loadCurrent?: () => Promise<Values & { version: number }>;
  onSaved?: (result: R) => void;
  onCancel?: () => void;
  onDirtyChange?: (dirty: boolean) => void;
  /** Every change of the values (e.g. to look for duplicates while the user types) */
  onValuesChange?: (values: Values) => void;
  /** translated label of the submit button */
  submitLabel?: string;
  /** Show values only (no permission to change) */
  readOnly?: boolean;
  /** Ask before leaving the page with unsaved changes (default true) */
  guard?: boolean;
  /** Focus the first field on open */
  autoFocus?: boolean;
  /** Columns of the field grid on wider screens (default 2) */
  columns?: 1 | 2;
  /** Extra content beside the buttons */
  footer?: ReactNode;
  /** data-testid of the form (default "record-form"); fields are `field-<name>` */
  testId?: string;
};

const wideTypes = new Set(["longText", "multiChoice", "money"]);

/**
 * A form generated from a contract schema: one renderer per field type (registry), client-side
 * validation with the same schema, server errors on their field, PATCH of changed fields only,
 * If-Match with a conflict dialog on 412, Idempotency-Key on create, Ctrl+Enter to submit and a
 * "leave without saving?" guard.
 */
export function RecordForm<R>(props: RecordFormProps<R>) {
  const {
    schema,
    mode,
    initial,
    version,
    hints,
    labelPrefix,
    onSubmit,
    loadCurrent,
    onSaved,
    onCancel,
    onDirtyChange,
    onValuesChange,
    readOnly = false,
    guard = true,
    columns = 2,
    testId = "record-form",
  } = props;
  const { t } = useTranslation("components");
  const format = useFormat();
  const os = useOs();
  const label = useFieldLabel();
  const onlyKey = props.fields?.join("|");
  const fields = useMemo(
    () => fieldsFromSchema(schema, hints, { labelPrefix, only: onlyKey ? onlyKey.split("|") : undefined }),
    [schema, hints, labelPrefix, onlyKey],
  );
  const editable = fields.filter((field) => !field.hint.readOnly);
  const editableNames = editable.map((field) => field.name);
  const fieldNames = fields.map((field) => field.name);

  const [base, setBase] = useState<Values>(() => initialValues(fields, initial, mode));
  const [values, setValues] = useState<Values>(base);
  const [baseVersion, setBaseVersion] = useState(version);
  const [seenVersion, setSeenVersion] = useState(version);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formMessages, setFormMessages] = useState<string[]>([]);
  const [formError, setFormError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<{ theirs: Values; version: number; changedAt?: string } | null>(null);
  const dirty = !readOnly && isDirty(base, values, editableNames);

  // The record changed (live refresh, or our own save coming back): follow it unless the user is editing.
  if (version !== seenVersion) {
    setSeenVersion(version);
    if (!dirty || version === baseVersion) {
      const next = initialValues(fields, initial, mode);
      setBase(next);
      setValues(next);
      setBaseVersion(version);
      setChangedElsewhere(false);
    } else {
      setChangedElsewhere(true);
    }
  }

  useEffect(() => {
    onValuesChange?.(values);
  }, [values, onValuesChange]);

  const guardState = useRef({ dirty });
  useEffect(() => {
    guardState.current.dirty = dirty;
    onDirtyChange?.(dirty);
  }, [dirty, onDirtyChange]);
  useBlocker({
    shouldBlockFn: async ({ current, next }) => {
      if (!guardState.current.dirty || current.pathname === next.pathname) return false;
      const leave = await confirm({
        title: t("form.leaveTitle"),
        message: t("form.leaveMessage"),
        confirmLabel: t("form.leave"),
        danger: true,
      });
      return !leave;
    },
    enableBeforeUnload: () => guardState.current.dirty,
    disabled: !guard || readOnly,
  });

  const idempotency = useRef<{ body: string; key: string } | undefined>(undefined);
  const keyFor = (body: Values) => {
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) idempotency.current = { body: text, key: newIdempotencyKey() };
    return idempotency.current.key;
  };

  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstError = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error="true"] input')?.focus());

  const setValue = (name: string, value: unknown) => {
    setValues((previous) => ({ ...previous, [name]: value }));
    if (fieldErrors[name]) setFieldErrors(({ [name]: _removed, ...rest }) => rest);
  };

  async function send(body: Values, basedOn: number | undefined, savedValues: Values) {
    setSaving(true);
    setFormError(null);
    setFormMessages([]);
    try {
      const result = await onSubmit(body, mode === "create" ? { idempotencyKey: keyFor(body) } : { version: basedOn });
      const savedVersion = (result as { version?: number } | undefined)?.version;
      guardState.current.dirty = false;
      setBase(savedValues);
      setValues(savedValues);
      setBaseVersion(savedVersion ?? basedOn);
      setChangedElsewhere(false);
      setConflict(null);
      setFieldErrors({});
      onSaved?.(result);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412 && mode === "edit" && loadCurrent) {
        await openConflict();
      } else if (error instanceof ApiError && error.details.length) {
        const mapped = serverErrorsToFields(error.details, fieldNames);
        setFieldErrors(mapped.fields);
        setFormMessages(mapped.rest.map((detail) => (detail.field ? `${detail.field}: ${detail.message}` : detail.message)));
        if (mapped.rest.length === 0 && Object.keys(mapped.fields).length) focusFirstError();
        else setFormError(error);
      } else {
        setFormError(error);
        setConflict(null);
      }
    } finally {
      setSaving(false);
    }
  }

  async function openConflict() {
    try {
      const current = await loadCurrent!();
      const updatedAt = typeof current.updatedAt === "string" ? current.updatedAt : undefined;
      setConflict({
        theirs: initialValues(fields, current, "edit"),
        version: current.version,
        changedAt: updatedAt ? format.relative(updatedAt) : undefined,
      });
    } catch (error) {
      setConflict(null);
      setFormError(error);
    }
  }

  async function submit() {
    if (saving || readOnly) return;
    const body = mode === "create" ? createPayload(fields, values) : patchPayload(fields, base, values);
    if (mode === "edit" && Object.keys(body).length === 0) return;
    const required = missingRequired(editable, values, (field) => isRequired(field, mode), t);
    const parsed = schema.safeParse(body);
    const checked = parsed.success ? { fields: {}, form: [] } : issuesToErrors((parsed.error?.issues ?? []) as IssueLike[], fieldNames, t);
    const errors = { ...checked.fields, ...required };
    if (Object.keys(errors).length || checked.form.length) {
      setFieldErrors(errors);
      setFormMessages(checked.form);
      setFormError(null);
      focusFirstError();
      return;
    }
    setFieldErrors({});
    await send(body, baseVersion, values);
  }

  function reloadTheirs() {
    if (!conflict) return;
    setBase(conflict.theirs);
    setValues(conflict.theirs);
    setBaseVersion(conflict.version);
    setChangedElsewhere(false);
    setConflict(null);
    setFieldErrors({});
    toast.info(t("conflict.reloaded"));
  }

  async function keepMine() {
    if (!conflict) return;
    const mine = changedValues(base, values, editableNames);
    const merged = rebase(conflict.theirs, mine);
    setBase(conflict.theirs);
    setValues(merged);
    setBaseVersion(conflict.version);
    await send(patchPayload(fields, conflict.theirs, merged), conflict.version, merged);
  }

  function discard() {
    setValues(base);
    setFieldErrors({});
    setFormMessages([]);
    setFormError(null);
  }

  // Capture phase: a focused select or textarea must not also act on Ctrl+Enter.
  const onKeyDownCapture = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.stopPropagation();
      void submit();
    }
  };

  const groups = groupBySection(fields);
  const renderField = (field: FieldSpec, index: number) => {
    const wide = field.hint.wide ?? wideTypes.has(field.type);
    const style = wide && columns > 1 ? { gridColumn: "1 / -1" } : undefined;
    if (readOnly || (field.hint.readOnly && mode === "edit")) {
      return (
        <Stack key={field.name} gap={2} style={style} data-testid={`value-${field.name}`}>
          <Text size="sm" c="dimmed">
            {label(field)}
          </Text>
          <div>
            <FieldValue field={field} value={values[field.name]} />
          </div>
        </Stack>
      );
    }
    return (
      <div key={field.name} style={style} data-error={fieldErrors[field.name] ? "true" : undefined}>
        <FieldInput
          field={field}
          value={values[field.name]}
          onChange={(value) => setValue(field.name, value)}
          label={label(field)}
          description={field.hint.description ? t(field.hint.description) : undefined}
          placeholder={field.hint.placeholder ? t(field.hint.placeholder) : undefined}
          error={fieldErrors[field.name]}
          required={isRequired(field, mode)}
          disabled={saving || !!field.hint.readOnly}
          autoFocus={props.autoFocus && index === 0}
          testId={`field-${field.name}`}
        />
      </div>
    );
  };

  const mine = conflict ? conflictRows(editableNames, base, values, conflict.theirs) : [];
  const showAlert = !!formError || formMessages.length > 0;

  return (
    <form
      ref={formRef}
      onSubmit={(event: FormEvent) => (event.preventDefault(), void submit())}
      onKeyDownCapture={onKeyDownCapture}
      noValidate
      data-testid={testId}
      data-dirty={dirty || undefined}
    >
      <Stack gap="md">
        {showAlert && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            title={formError ? t(`common:${errorMessageKey(formError)}`) : t("form.checkFields")}
            role="alert"
            data-testid={`${testId}-error`}
          >
            <Stack gap={4}>
              {formError instanceof ApiError &&
                formError.status >= 400 &&
                formError.status < 500 &&
                formError.message &&
                formError.details.length === 0 && <Text size="sm">{formError.message}</Text>}
              {formMessages.length > 0 && (
                <List size="sm">
                  {formMessages.map((message) => (
                    <List.Item key={message}>{message}</List.Item>
                  ))}
                </List>
              )}
              {formError instanceof ApiError && formError.requestId && (
                <Text size="xs" c="dimmed">
                  {t("common:error.reference")} <Code>{formError.requestId}</Code>
                </Text>
              )}
            </Stack>
          </Alert>
        )}
        {changedElsewhere && (
          <Alert color="yellow" icon={<IconInfoCircle size={18} />} data-testid={`${testId}-stale`}>
            <Text size="sm">{t("form.changedElsewhere")}</Text>
          </Alert>
        )}
        {groups.map((group) => (
          <Stack key={group.section ?? "_"} gap="sm">
            {group.section && (
              <Title order={3} size="h5" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: "0.03em" }}>
                {t(group.section)}
              </Title>
            )}
            <SimpleGrid cols={{ base: 1, sm: columns }} spacing="md" verticalSpacing="sm">
              {group.fields.map((field) => renderField(field, fields.indexOf(field)))}
            </SimpleGrid>
          </Stack>
        ))}
        {!readOnly && (
          <Group justify="space-between" gap="sm" wrap="wrap-reverse">
            <Group gap="xs" visibleFrom="sm">
              <Text size="xs" c="dimmed">
                {t("form.shortcut")}
              </Text>
              <Kbd size="xs">{os === "macos" ? "⌘" : "Ctrl"}</Kbd>
              <Text size="xs" c="dimmed">
                +
              </Text>
              <Kbd size="xs">↵</Kbd>
              {props.footer}
            </Group>
            <Group gap="sm" justify="flex-end" style={{ flex: 1 }}>
              {mode === "create" && onCancel && (
                <Button variant="default" onClick={onCancel} disabled={saving} data-testid={`${testId}-cancel`}>
                  {t("common:action.cancel")}
                </Button>
              )}
              {mode === "edit" && dirty && (
                <Button variant="default" onClick={discard} disabled={saving} data-testid={`${testId}-discard`}>
                  {t("form.discard")}
                </Button>
              )}
              <Button type="submit" loading={saving} disabled={mode === "edit" && !dirty} data-testid={`${testId}-submit`}>
                {props.submitLabel ?? (mode === "create" ? t("common:action.create") : t("common:action.save"))}
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
      <ConflictDialog
        opened={!!conflict}
        rows={mine}
        fields={fields}
        changedAt={conflict?.changedAt}
        busy={saving}
        onReloadTheirs={reloadTheirs}
        onKeepMine={() => void keepMine()}
        onClose={() => setConflict(null)}
      />
    </form>
  );
}

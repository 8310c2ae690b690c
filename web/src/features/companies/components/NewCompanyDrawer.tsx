import { useCallback, useMemo, useRef, useState } from "react";
import { Button, Group, Stack, Text } from "@mantine/core";
import { IconChevronDown, IconChevronUp } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import { useMe } from "../../../lib/session";
import { newIdempotencyKey } from "../../../lib/api";
import { toast } from "../../../components/dialogs";
import {
  DuplicateHints,
  FormDrawer,
  RecordForm,
  renameErrorFields,
  useDuplicateGuard,
  type FieldHints,
  type FormSchema,
} from "../../../components/record-form";
import { customFormParts, useCustomFields } from "../../../components/custom-fields";
import { checkCompanyDuplicates, companyKey, createCompany, type DuplicateCheckInput } from "../api";
import {
  allCompanyFields,
  createBase,
  createBody,
  defaults,
  duplicateInput,
  essentialFields,
  formField,
  hasInput,
  hasText,
  responsibilityFields,
} from "../create-form";
import { companyCandidateLink, companyLabelPrefix, useCompanyHints } from "../form";

/** "New company": the create form in a side drawer (full screen on phones); opens the new record when saved. */
export function NewCompanyDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("companies");
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t("create.title")}
      discard={{ title: t("create.discardTitle"), message: t("create.discardMessage"), confirmLabel: t("create.discard") }}
      testId="company-create-drawer"
    >
      {({ close, setDirty }) => <NewCompanyForm onCancel={close} onDone={onClose} setDirty={setDirty} />}
    </FormDrawer>
  );
}

/** The essentials of a lead first (a name and a contact name); "all fields" shows everything a company has. */
function NewCompanyForm({ onCancel, onDone, setDirty }: { onCancel: () => void; onDone: () => void; setDirty: (dirty: boolean) => void }) {
  const { t, i18n } = useTranslation("companies");
  const language = i18n.language;
  const me = useMe();
  const baseHints = useCompanyHints();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const custom = useCustomFields("company");
  const [full, setFull] = useState(false);
  // What was typed so far: carried over when the form switches between essentials and all fields.
  const typed = useRef<Record<string, unknown>>({});
  // Opening a likely duplicate leaves the form: the drawer closes without asking.
  const duplicates = useDuplicateGuard({ kind: "company", linkTo: companyCandidateLink, onOpen: onDone });
  const [checkInput, setCheckInput] = useState<DuplicateCheckInput>();
  const onValuesChange = useCallback(
    (values: Record<string, unknown>) => {
      typed.current = { ...typed.current, ...values };
      setDirty(hasInput(typed.current));
      setCheckInput(duplicateInput(values));
    },
    [setDirty],
  );

  const { schema, hints, fields } = useMemo(() => {
    const parts = customFormParts("company", custom.activeFields, { language, mode: "create", sections: true });
    const withCustom = createBase.extend(parts.shape).superRefine((value, ctx) => {
      const someContact = ["contactFirstName", "contactTitle", "contactEmail", "contactPhone"].some((name) =>
        hasText((value as Record<string, unknown>)[name]),
      );
      if (someContact && !hasText(value.contactLastName))
        ctx.addIssue({ code: "too_small", origin: "string", minimum: 1, inclusive: true, path: ["contactLastName"], input: "" });
    });
    const contactSection = "companies:section.firstContact";
    const formHints: FieldHints = {
      ...baseHints,
      ...parts.hints,
      name: { ...baseHints.name, description: "companies:create.nameHint" },
      contactFirstName: { section: contactSection, label: "companies:contact.firstName" },
      contactLastName: { section: contactSection, label: "companies:contact.lastName", description: "companies:create.contactHint" },
      contactTitle: { section: contactSection, label: "companies:contact.title" },
      contactEmail: { section: contactSection, label: "companies:contact.email" },
      contactPhone: { section: contactSection, label: "companies:contact.phone" },
    };
    // A required custom field is asked for up front; the rest wait for "all fields".
    const requiredCustom = parts.names.filter((_, index) => custom.activeFields[index]!.required);
    const list = full ? [...allCompanyFields, ...parts.names, ...responsibilityFields] : [...essentialFields, ...requiredCustom];
    return { schema: withCustom as unknown as FormSchema, hints: formHints, fields: list };
  }, [custom.activeFields, language, baseHints, full]);

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {full ? t("create.allFieldsText") : t("create.essentialsText")}
        </Text>
        <Button
          variant="subtle"
          size="compact-sm"
          rightSection={full ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
          onClick={() => setFull((value) => !value)}
          style={{ flexShrink: 0 }}
          data-testid="company-create-more"
        >
          {full ? t("create.fewerFields") : t("create.allFields")}
        </Button>
      </Group>
      <DuplicateHints kind="company" input={checkInput} check={checkCompanyDuplicates} linkTo={companyCandidateLink} onOpen={onDone} />
      <RecordForm<Company>
        key={String(full)}
        schema={schema}
        mode="create"
        fields={fields}
        labelPrefix={companyLabelPrefix}
        hints={hints}
        initial={{ ...defaults(me), ...typed.current }}
        onSubmit={(values, { idempotencyKey }) =>
          duplicates.save((override) =>
            // "Save anyway" sends another body: a new key.
            createCompany({ ...createBody(values), ...override }, override.ignoreDuplicates ? newIdempotencyKey() : idempotencyKey).catch(
              (error: unknown) => {
                throw renameErrorFields(error, formField);
              },
            ),
          )
        }
        onSaved={(company) => {
          queryClient.setQueryData(companyKey(company.id), company);
          void queryClient.invalidateQueries({ queryKey: ["companies", "list"] });
          toast.success(t("create.done", { name: company.name }));
          onDone();
          void navigate({ to: "/companies/$id", params: { id: company.id } });
        }}
        onCancel={onCancel}
        onValuesChange={onValuesChange}
        submitLabel={t("create.submit")}
        columns={full ? 2 : 1}
        autoFocus
        guard={false}
        testId="company-create-form"
      />
      {duplicates.dialog}
    </Stack>
  );
}

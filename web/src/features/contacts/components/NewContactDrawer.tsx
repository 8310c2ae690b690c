import { useCallback, useMemo, useState } from "react";
import { Button, Stack } from "@mantine/core";
import { IconUserPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { contactCreate, type Contact } from "@relata/contracts";
import { newIdempotencyKey } from "../../../lib/api";
import { useCan } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { DuplicateHints, FormDrawer, RecordForm, useDuplicateGuard, type Values } from "../../../components/record-form";
import { LoadingBlock } from "../../../components/states";
import { customFormParts, useCustomFields, withCustomFormFields } from "../../../components/custom-fields";
import { contactKey, createContact, findDuplicates } from "../api";
import {
  contactCandidateLink,
  contactFormFields,
  contactFormSchema,
  contactLabelPrefix,
  duplicateQuery,
  toApiBody,
  useContactHints,
} from "../form";
import { ContactFormContext } from "../widgets";

type Props = {
  opened: boolean;
  onClose: () => void;
  /** A company chosen beforehand (from its client card) */
  companyId?: string;
  /** Open the new contact's page when saved (default true) */
  openAfter?: boolean;
};

/** "New contact": the create form in a side drawer (full screen on phones), with likely duplicates shown while typing. */
export function NewContactDrawer({ opened, onClose, companyId, openAfter = true }: Props) {
  const { t } = useTranslation("contacts");
  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={t("create.title")}
      discard={{ title: t("create.discardTitle"), message: t("create.discardMessage"), confirmLabel: t("create.discard") }}
      size="xl"
      testId="contact-create-drawer"
    >
      {({ close, setDirty }) => (
        <NewContactForm companyId={companyId} openAfter={openAfter} onCancel={close} onDone={onClose} setDirty={setDirty} />
      )}
    </FormDrawer>
  );
}

function NewContactForm({
  companyId,
  openAfter,
  onCancel,
  onDone,
  setDirty,
}: {
  companyId?: string;
  openAfter: boolean;
  onCancel: () => void;
  onDone: () => void;
  setDirty: (dirty: boolean) => void;
}) {
  const { t, i18n } = useTranslation("contacts");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const custom = useCustomFields("contact");
  const parts = useMemo(
    () => customFormParts("contact", custom.activeFields, { language: i18n.language, mode: "create", sections: true }),
    [custom.activeFields, i18n.language],
  );
  const hints = useContactHints(parts.hints);
  const schema = useMemo(() => contactFormSchema(contactCreate, parts.shape), [parts.shape]);
  const fields = useMemo(() => [...contactFormFields, ...parts.names], [parts.names]);
  // Opening a likely duplicate leaves the form: the drawer closes without asking.
  const duplicates = useDuplicateGuard({ kind: "contact", linkTo: contactCandidateLink, onOpen: onDone });
  const [values, setValues] = useState<Values>({});
  const onValuesChange = useCallback((next: Values) => setValues(next), []);

  const initial = useMemo(
    () => ({
      companyId: companyId ?? null,
      emails: [{ type: "work", address: "" }],
      phones: [{ type: "work", number: "" }],
      messaging: [],
      consentEmail: false,
      consentSms: false,
      consentCalls: false,
    }),
    [companyId],
  );

  const submit = (body: Values, idempotencyKey: string | undefined): Promise<Contact> =>
    duplicates.save((override) =>
      // "Save anyway" sends another body: a new key.
      createContact({ ...toApiBody(body), ...override }, override.ignoreDuplicates ? newIdempotencyKey() : idempotencyKey).catch(
        (error: unknown) => {
          throw withCustomFormFields(error);
        },
      ),
    );

  if (custom.query.isPending) return <LoadingBlock rows={8} />;
  return (
    <Stack gap="md">
      {/* Above the form, like the company's: in sight while the name is typed. */}
      <DuplicateHints kind="contact" input={duplicateQuery(values)} check={findDuplicates} linkTo={contactCandidateLink} onOpen={onDone} />
      <ContactFormContext.Provider value={{ companyId: typeof values.companyId === "string" ? values.companyId : null }}>
        <RecordForm<Contact>
          schema={schema}
          mode="create"
          fields={fields}
          labelPrefix={contactLabelPrefix}
          hints={hints}
          initial={initial}
          onSubmit={(body, { idempotencyKey }) => submit(body, idempotencyKey)}
          onSaved={(contact) => {
            queryClient.setQueryData(contactKey(contact.id), contact);
            void queryClient.invalidateQueries({ queryKey: ["contacts", "list"] });
            toast.success(t("create.done", { name: contact.fullName }));
            onDone();
            if (openAfter) void navigate({ to: "/contacts/$contactId", params: { contactId: contact.id } });
          }}
          onCancel={onCancel}
          onDirtyChange={setDirty}
          onValuesChange={onValuesChange}
          submitLabel={t("create.submit")}
          autoFocus={!companyId}
          guard={false}
          testId="contact-create-form"
        />
      </ContactFormContext.Provider>
      {duplicates.dialog}
    </Stack>
  );
}

/** A "New contact" button that opens the create form, optionally for one company (the client card places it). */
export function NewContactButton({ companyId, openAfter = true }: { companyId?: string; openAfter?: boolean }) {
  const { t } = useTranslation("contacts");
  const canCreate = useCan("contact", "create");
  const [open, setOpen] = useState(false);
  if (!canCreate) return null;
  return (
    <>
      <Button leftSection={<IconUserPlus size={16} />} onClick={() => setOpen(true)} data-testid="contact-new">
        {t("new")}
      </Button>
      <NewContactDrawer opened={open} onClose={() => setOpen(false)} companyId={companyId} openAfter={openAfter} />
    </>
  );
}

import { useCallback, useMemo, useState } from "react";
import { Button, Drawer, Stack } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconUserPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { contactCreate, type Contact } from "@relata/contracts";
import { newIdempotencyKey } from "../../../lib/api";
import { useCan } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { RecordForm, type Values } from "../../../components/record-form";
import { LoadingBlock } from "../../../components/states";
import { contactKey, createContact } from "../api";
import { useCustomFields } from "../custom-fields";
import {
  contactFormFields,
  contactFormSchema,
  contactLabelPrefix,
  duplicateQuery,
  formFieldNames,
  toApiBody,
  useContactHints,
  withFormFieldNames,
} from "../form";
import { ContactFormContext } from "../widgets";
import { DuplicateHints, duplicateCandidatesOf, useDuplicateConfirm } from "./Duplicates";

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
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const custom = useCustomFields("contact");
  const hints = useContactHints(custom.active, custom.language);
  const schema = useMemo(() => contactFormSchema(contactCreate, custom.active, "create"), [custom.active]);
  const fields = useMemo(() => formFieldNames(contactFormFields, custom.active), [custom.active]);
  const duplicates = useDuplicateConfirm();
  const [dirty, setDirty] = useState(false);
  const [values, setValues] = useState<Values>({});
  // A fresh form each time the drawer opens.
  const [session, setSession] = useState(0);
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

  const close = async () => {
    if (
      dirty &&
      !(await confirm({
        title: t("create.discardTitle"),
        message: t("create.discardMessage"),
        confirmLabel: t("create.discard"),
        danger: true,
      }))
    )
      return;
    setDirty(false);
    setSession((value) => value + 1);
    onClose();
  };

  const submit = async (body: Values, idempotencyKey: string | undefined): Promise<Contact> => {
    const payload = toApiBody(body);
    try {
      return await createContact(payload, idempotencyKey);
    } catch (error) {
      const candidates = await duplicateCandidatesOf(error, duplicateQuery(body));
      if (!candidates || !(await duplicates.ask(candidates))) throw withFormFieldNames(error);
      // A new key: the body differs from the refused one.
      return createContact({ ...payload, ignoreDuplicates: true }, newIdempotencyKey()).catch((again: unknown) => {
        throw withFormFieldNames(again);
      });
    }
  };

  return (
    <Drawer
      opened={opened}
      onClose={() => void close()}
      position="right"
      size={phone ? "100%" : "xl"}
      title={t("create.title")}
      closeButtonProps={{ "aria-label": t("common:action.close") }}
      data-testid="contact-create-drawer"
    >
      {opened &&
        (custom.ready ? (
          <Stack gap="md">
            <ContactFormContext.Provider value={{ companyId: typeof values.companyId === "string" ? values.companyId : null }}>
              <RecordForm<Contact>
                key={session}
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
                  setDirty(false);
                  setSession((value) => value + 1);
                  onClose();
                  if (openAfter) void navigate({ to: "/contacts/$contactId", params: { contactId: contact.id } });
                }}
                onCancel={() => void close()}
                onDirtyChange={setDirty}
                onValuesChange={onValuesChange}
                submitLabel={t("create.submit")}
                autoFocus={!companyId}
                guard={false}
                testId="contact-create-form"
              />
            </ContactFormContext.Provider>
            <DuplicateHints query={duplicateQuery(values)} />
            {duplicates.dialog}
          </Stack>
        ) : (
          <LoadingBlock rows={8} />
        ))}
    </Drawer>
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

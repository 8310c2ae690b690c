import { useCallback, useMemo, useState } from "react";
import { Card, SimpleGrid, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { contactPatch, type Contact } from "@relata/contracts";
import { useCan } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { RecordForm, useDuplicateGuard, type Values } from "../../../components/record-form";
import { RecordDetails, type PanelProps } from "../../../components/record-page";
import { withCustomFormFields } from "../../../components/custom-fields";
import { contactKey, getContact, patchContact } from "../api";
import {
  contactCandidateLink,
  contactFormFields,
  contactFormSchema,
  contactLabelPrefix,
  toApiBody,
  toFormValues,
  useContactHints,
} from "../form";
import { ContactFormContext } from "../widgets";

const schema = contactFormSchema(contactPatch);

/**
 * Saves a change of a contact; when the server finds likely duplicates (409) the user may save
 * anyway. Shared by the overview and the custom-fields panel.
 */
export function useContactSave(record: Contact) {
  const duplicates = useDuplicateGuard({ kind: "contact", linkTo: contactCandidateLink });
  const queryClient = useQueryClient();
  const save = (body: Values, version: number | undefined): Promise<Contact> =>
    duplicates.save((override) =>
      patchContact(record.id, { ...toApiBody(body), ...override }, version).catch((error: unknown) => {
        throw withCustomFormFields(error);
      }),
    );
  const saved = (contact: Contact) => {
    queryClient.setQueryData(contactKey(contact.id), contact);
    void queryClient.invalidateQueries({ queryKey: ["contacts", "list"] });
  };
  return { save, saved, dialog: duplicates.dialog };
}

/** Overview: the contact's fields, editable in place (If-Match, conflict dialog, duplicate check), and its record details. */
export function OverviewPanel({ record }: PanelProps<Contact>) {
  const { t } = useTranslation("contacts");
  const canUpdate = useCan("contact", "update");
  const hints = useContactHints(undefined, record);
  const { save, saved, dialog } = useContactSave(record);
  const [companyId, setCompanyId] = useState<string | null>(record.companyId);
  const onValuesChange = useCallback((values: Values) => setCompanyId(typeof values.companyId === "string" ? values.companyId : null), []);
  const initial = useMemo(() => toFormValues(record), [record]);

  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
      <Card withBorder padding="lg" style={{ gridColumn: "span 2" }} className="contact-overview-form">
        <Title order={3} size="h5" mb="md">
          {t("overview.details")}
        </Title>
        <ContactFormContext.Provider value={{ companyId, contactId: record.id }}>
          <RecordForm<Contact>
            schema={schema}
            mode="edit"
            initial={initial}
            version={record.version}
            fields={contactFormFields}
            labelPrefix={contactLabelPrefix}
            hints={hints}
            readOnly={!canUpdate}
            onSubmit={(body, { version }) => save(body, version)}
            loadCurrent={async () => toFormValues(await getContact(record.id))}
            onSaved={(contact) => {
              saved(contact);
              toast.success(t("overview.saved"));
            }}
            onValuesChange={onValuesChange}
            testId="contact-form"
          />
        </ContactFormContext.Provider>
        {dialog}
      </Card>
      <RecordDetails record={record} />
    </SimpleGrid>
  );
}

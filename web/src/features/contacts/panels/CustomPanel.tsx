import { useMemo } from "react";
import { Card } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { contactPatch, type Contact } from "@relata/contracts";
import { useCan } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { RecordForm } from "../../../components/record-form";
import type { PanelProps } from "../../../components/record-page";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { customFormParts, useCustomFields } from "../../../components/custom-fields";
import { getContact } from "../api";
import { contactFormSchema, toFormValues } from "../form";
import { useContactSave } from "./OverviewPanel";

/** The fields administrators defined for contacts, in their sections, editable like the overview. */
export function CustomPanel({ record }: PanelProps<Contact>) {
  const { t, i18n } = useTranslation("contacts");
  const canUpdate = useCan("contact", "update");
  const custom = useCustomFields("contact");
  const fields = custom.activeFields;
  const parts = useMemo(
    () => customFormParts("contact", fields, { language: i18n.language, mode: "edit", sections: true }),
    [fields, i18n.language],
  );
  const schema = useMemo(() => contactFormSchema(contactPatch, parts.shape), [parts.shape]);
  const initial = useMemo(() => toFormValues(record, fields), [record, fields]);
  const { save, saved, dialog } = useContactSave(record);

  if (custom.query.isPending) return <LoadingBlock rows={4} />;
  if (custom.query.isError) return <ErrorState error={custom.query.error} onRetry={() => void custom.query.refetch()} />;
  if (fields.length === 0) return <EmptyState title={t("custom.empty")} description={t("custom.emptyHint")} />;

  return (
    <Card withBorder padding="lg" maw={960}>
      <RecordForm<Contact>
        schema={schema}
        mode="edit"
        initial={initial}
        version={record.version}
        fields={parts.names}
        hints={parts.hints}
        readOnly={!canUpdate}
        onSubmit={(body, { version }) => save(body, version)}
        loadCurrent={async () => toFormValues(await getContact(record.id), fields)}
        onSaved={(contact) => {
          saved(contact);
          toast.success(t("overview.saved"));
        }}
        testId="contact-custom-form"
      />
      {dialog}
    </Card>
  );
}

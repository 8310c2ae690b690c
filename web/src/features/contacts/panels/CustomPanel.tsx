import { useMemo } from "react";
import { Card } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { contactPatch, type Contact } from "@relata/contracts";
import { useCan } from "../../../lib/session";
import { toast } from "../../../components/dialogs";
import { RecordForm } from "../../../components/record-form";
import type { PanelProps } from "../../../components/record-page";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { getContact } from "../api";
import { useCustomFields } from "../custom-fields";
import { contactFormSchema, formFieldNames, toFormValues, useContactHints } from "../form";
import { useContactSave } from "./OverviewPanel";

/** The fields administrators defined for contacts, in their sections, editable like the overview. */
export function CustomPanel({ record }: PanelProps<Contact>) {
  const { t } = useTranslation("contacts");
  const canUpdate = useCan("contact", "update");
  const custom = useCustomFields("contact");
  const hints = useContactHints(custom.active, custom.language, { customOnly: true });
  const schema = useMemo(() => contactFormSchema(contactPatch, custom.active, "edit"), [custom.active]);
  const fields = useMemo(() => formFieldNames([], custom.active), [custom.active]);
  const initial = useMemo(() => toFormValues(record, custom.active), [record, custom.active]);
  const { save, saved, dialog } = useContactSave(record);

  if (custom.query.isPending) return <LoadingBlock rows={4} />;
  if (custom.query.isError) return <ErrorState error={custom.query.error} onRetry={() => void custom.query.refetch()} />;
  if (custom.active.length === 0) return <EmptyState title={t("custom.empty")} description={t("custom.emptyHint")} />;

  return (
    <Card withBorder padding="lg" maw={960}>
      <RecordForm<Contact>
        schema={schema}
        mode="edit"
        initial={initial}
        version={record.version}
        fields={fields}
        hints={hints}
        readOnly={!canUpdate}
        onSubmit={(body, { version }) => save(body, version)}
        loadCurrent={async () => toFormValues(await getContact(record.id), custom.active)}
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

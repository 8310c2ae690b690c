/**
 * Field types of the contact forms, added to the shared field registry: the reports-to picker
 * that only offers people of the contact's own company, and a contact's name linked to its page.
 */
import { createContext, useContext, useEffect, useRef } from "react";
import { Anchor, Select } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import {
  EmptyValue,
  ReferencePicker,
  commonInputProps,
  referenceOptionQuery,
  registerFieldType,
  type FieldInputProps,
} from "../../components/record-form";
import { colleagueLoader, contactLoader } from "./api";

/** What the fields of one contact form share: the company chosen in the form, and the contact itself. */
export const ContactFormContext = createContext<{ companyId: string | null; contactId?: string }>({ companyId: null });

// ── reports to ──
function ReportsToField(props: FieldInputProps) {
  const { t } = useTranslation("contacts");
  const { companyId, contactId } = useContext(ContactFormContext);
  const { onChange, value } = props;
  // A new company means new colleagues: the old manager no longer fits.
  const previous = useRef(companyId);
  useEffect(() => {
    if (previous.current !== companyId && value) onChange(null);
    previous.current = companyId;
  }, [companyId, value, onChange]);
  const common = commonInputProps(props);
  if (!companyId) return <Select {...common} data={[]} value={null} disabled description={t("field.reportsToNeedsCompany")} />;
  return (
    <ReferencePicker
      {...common}
      placeholder={props.placeholder ?? t("field.reportsToPlaceholder")}
      loader={colleagueLoader(companyId, contactId)}
      value={typeof value === "string" && value ? value : null}
      onChange={(next) => onChange(next)}
      clearable
    />
  );
}

/** A contact's name, linked to its page. */
export function ContactLink({ id, name }: { id: string | null | undefined; name?: string | null }) {
  // The name given (the list and the card have it) saves the lookup.
  const resolved = useQuery({ ...referenceOptionQuery(contactLoader, id), enabled: !!id && !name });
  if (!id) return <EmptyValue />;
  return (
    <Anchor renderRoot={(rootProps) => <Link to="/contacts/$contactId" params={{ contactId: id }} {...rootProps} />} inherit>
      {name ?? resolved.data?.label ?? "…"}
    </Anchor>
  );
}

registerFieldType("contactReportsTo", {
  input: ReportsToField,
  display: ({ value }) => <ContactLink id={typeof value === "string" ? value : null} />,
});

import type { Company, Contact } from "@relata/contracts";
import { can, useMe } from "../../../lib/session";
import type { PanelProps } from "../../../components/record-page";
import { mayChangeCompany } from "../../companies/access";
import { DocumentList } from "../components/DocumentList";

/** The client card's Documents tab: the company's documents and its contacts'. */
export function CompanyDocumentsPanel({ record }: PanelProps<Company>) {
  const canUpload = mayChangeCompany(useMe(), record, "update");
  return <DocumentList recordType="company" recordId={record.id} canUpload={canUpload} />;
}

/** The contact page's Documents tab (the server decides on its company whether an upload is allowed). */
export function ContactDocumentsPanel({ record }: PanelProps<Contact>) {
  const canUpload = can(useMe(), "company", "update");
  return <DocumentList recordType="contact" recordId={record.id} canUpload={canUpload} />;
}

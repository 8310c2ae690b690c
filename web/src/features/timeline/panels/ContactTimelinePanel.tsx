import type { Contact } from "@relata/contracts";
import type { PanelProps } from "../../../components/record-page";
import { TimelinePanel } from "../components/TimelinePanel";

/** A contact's timeline: the entries that involve them; new ones are logged on their company, with them. */
export function ContactTimelinePanel({ record }: PanelProps<Contact>) {
  return <TimelinePanel companyId={record.companyId} contact={{ id: record.id, name: record.fullName }} groupToggle={false} />;
}

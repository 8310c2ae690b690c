import type { Company } from "@relata/contracts";
import type { PanelProps } from "../../../components/record-page";
import { TimelinePanel } from "../components/TimelinePanel";

/** The client card's timeline, with the whole group's a toggle away. */
export function CompanyTimelinePanel({ record }: PanelProps<Company>) {
  return <TimelinePanel companyId={record.id} groupToggle />;
}

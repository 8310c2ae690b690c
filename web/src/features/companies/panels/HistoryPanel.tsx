import { useTranslation } from "react-i18next";
import type { Company } from "@relata/contracts";
import { HistoryTimeline, type PanelProps } from "../../../components/record-page";
import { companyHistory, companyHistoryKey, companyTopic } from "../api";
import { useCompanyFieldSpecs } from "../form";

/** Columns derived from others the history shows instead (the name, the website, the stage). */
const derived = ["domain", "stage_changed_at"];

/** History: who changed what and when, newest first, each field from → to in the user's formats. */
export function HistoryPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("companies");
  const specs = useCompanyFieldSpecs();
  return (
    <HistoryTimeline
      queryKey={companyHistoryKey(record.id)}
      fetchPage={(cursor, signal) => companyHistory(record.id, cursor, signal)}
      topics={[companyTopic(record.id)]}
      specs={specs}
      options={{ ignore: derived }}
      summary={(item, who) =>
        item.kind === "created" ? t("history.created", { who }) : item.kind === "deleted" ? t("history.deleted", { who }) : undefined
      }
      testId="company-history"
    />
  );
}

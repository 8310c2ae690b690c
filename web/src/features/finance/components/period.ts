import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { FinancialStatement } from "@relata/contracts";

/** "FY 2024", "Q3 2024" in the reader's language. */
export function usePeriodLabel(): (statement: Pick<FinancialStatement, "fiscalYear" | "quarter">) => string {
  const { t } = useTranslation("finance");
  return useCallback(
    (statement) =>
      statement.quarter
        ? t("period.quarter", { quarter: statement.quarter, year: statement.fiscalYear })
        : t("period.year", { year: statement.fiscalYear }),
    [t],
  );
}

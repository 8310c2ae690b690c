/** How the group screens word things: figures, ownership links, dimension values. */
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { CompanyRelation, FigureKind, GroupEdge } from "@relata/contracts";
import { useFormat } from "../../lib/session";

/** Figure labels (`groups:figures.<key>`, `groups:figures.<base>In` for per-currency money, else the key), figure values and link wording in the reader's language. */
export function useGroupWords() {
  const { t, i18n } = useTranslation("groups");
  const format = useFormat();
  const figureLabel = useCallback(
    (key: string) => {
      // Money figures kept per currency: `revenue.EUR` → "Revenue, lifetime (EUR)".
      const perCurrency = /^(\w+)\.([A-Z]{3})$/.exec(key);
      if (perCurrency) return t(`figures.${perCurrency[1]}In`, { currency: perCurrency[2], defaultValue: key });
      return t(`figures.${key}`, { defaultValue: key });
    },
    [t],
  );
  const figureValue = useCallback(
    (kind: FigureKind, value: number) => (kind === "money" ? format.number(value, 0) : format.number(value)),
    [format],
  );
  const relation = useCallback((value: CompanyRelation) => t(`relation.${value}`), [t]);
  const share = useCallback((value: number) => format.percent(value / 100), [format]);
  /** "Subsidiary · 60 %" on the line between two companies; "indirect" when hidden companies lie between. */
  const edgeLabel = useCallback(
    (edge: Pick<GroupEdge, "relation" | "share" | "indirect">) => {
      if (edge.indirect || !edge.relation) return t("chart.indirect");
      return edge.share === null ? relation(edge.relation) : `${relation(edge.relation)} · ${share(edge.share)}`;
    },
    [t, relation, share],
  );
  return { language: i18n.language, format, figureLabel, figureValue, relation, share, edgeLabel };
}

/**
 * RecordPage — the page of one record, and the panel registry modules use to add tabs to it.
 *
 * ```tsx
 * registerPanel<Company>("company", { id: "overview", labelKey: "companies:tab.overview", order: 0, component: OverviewPanel });
 * registerPanel<Company>("company", { id: "contacts", labelKey: "contacts:tab", order: 20,
 *   component: lazy(() => import("./ContactsPanel")), visible: (me) => can(me, "contact", "read") });
 *
 * <RecordPage<Company>
 *   objectKind="company" recordId={id}
 *   query={companyQuery(id)}                       // the record's one query-options factory (key, fetch, meta.topics)
 *   title={(c) => c.name} documentTitle={(c) => c.name} eyebrow={t(object)} icon={<ThemeIcon/>}
 *   facts={(c) => [{ label: t(field.ownerId), value: <UserName id={c.ownerId}/> }]}
 *   actions={(c) => <Button>…</Button>}
 *   back={{ to: "/companies", label: t(backToList) }}
 * />
 * ```
 *
 * - registerPanel(objectKind, { id, labelKey (i18n key), order, component (receives { record, objectKind, recordId };
 *   may be React.lazy), visible?(me, record), icon? }) — same id again replaces.
 * - registerFigure(objectKind, { id, order, component (receives { record }), visible? }) — a live figure in the header
 *   (revenue, open deals…), shown under the facts; nothing is shown while none is registered.
 * - `summary?(record)` — more header content under the facts (e.g. a stage stepper).
 * - The open tab is `?tab=<panel id>` (Back works); a panel renders when its tab is first opened and stays mounted.
 * - 404 → "not found" (or "no longer exists" when it was on screen: deleted elsewhere), 403 → "no access", other
 *   errors → error state with retry; the record refetches by itself on its live topics.
 * - `<RecordDetails record={r}>…</RecordDetails>` — the "Record" card (created, updated, version, id) beside an overview;
 *   `<Detail label>` one labelled value in it.
 * - `<HistoryTimeline queryKey fetchPage topics specs options? summary? testId />` — a History panel from the audit
 *   entries (`historyItem` / `newestFirst` in history.ts turn entries into field changes).
 * - Test ids (prefix `testId`, default "record"): `<p>-page`, `<p>-title`, `<p>-facts`, `<p>-actions`, `<p>-back`,
 *   `<p>-loading`, `<p>-not-found`, `<p>-forbidden`, `<p>-figures`, `figure-<figureId>`, `tab-<panelId>`, `panel-<panelId>`.
 */
export { RecordPage, type RecordPageProps, type RecordFact } from "./RecordPage";
export { RecordDetails, Detail } from "./RecordDetails";
export { HistoryTimeline, type HistoryTimelineProps } from "./HistoryTimeline";
export { historyItem, newestFirst, camelCase, type HistoryItem, type HistoryChange, type HistoryOptions } from "./history";
export {
  registerPanel,
  registeredPanels,
  visiblePanels,
  registerFigure,
  visibleFigures,
  type FigureDef,
  type PanelDef,
  type PanelProps,
} from "./registry";

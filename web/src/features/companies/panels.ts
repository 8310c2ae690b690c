import { lazy } from "react";
import { IconHistory, IconLayoutList } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
import { registerPanel } from "../../components/record-page";
import { OverviewPanel } from "./panels/OverviewPanel";

/** The company page's own tabs; later modules (contacts, deals, cases…) register theirs the same way. */
registerPanel<Company>("company", {
  id: "overview",
  labelKey: "companies:tab.overview",
  order: 0,
  component: OverviewPanel,
  icon: IconLayoutList,
});
registerPanel<Company>("company", {
  id: "history",
  labelKey: "companies:tab.history",
  order: 1000,
  icon: IconHistory,
  component: lazy(() => import("./panels/HistoryPanel").then((module) => ({ default: module.HistoryPanel }))),
  visible: (me) => can(me, "company", "read"),
});

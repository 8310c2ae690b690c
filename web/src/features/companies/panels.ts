import { lazy } from "react";
import { IconForms, IconHistory, IconLayoutList, IconUsers } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
import { registerPanel } from "../../components/record-page";
import { OverviewPanel } from "./panels/OverviewPanel";
import { hasCustomFields } from "../../components/custom-fields";

/** The company page's own tabs; later modules (deals, cases…) register theirs the same way. */
registerPanel<Company>("company", {
  id: "overview",
  labelKey: "companies:tab.overview",
  order: 0,
  component: OverviewPanel,
  icon: IconLayoutList,
});
registerPanel<Company>("company", {
  id: "contacts",
  labelKey: "companies:tab.contacts",
  order: 10,
  icon: IconUsers,
  component: lazy(() => import("./panels/ContactsPanel").then((module) => ({ default: module.ContactsPanel }))),
  visible: (me) => can(me, "contact", "read"),
});
registerPanel<Company>("company", {
  id: "custom",
  labelKey: "companies:tab.custom",
  order: 20,
  icon: IconForms,
  component: lazy(() => import("./panels/CustomFieldsPanel").then((module) => ({ default: module.CustomFieldsPanel }))),
  // Only once administrators have defined fields (the page loads the layout before it shows the tabs).
  visible: () => hasCustomFields("company"),
});
registerPanel<Company>("company", {
  id: "history",
  labelKey: "companies:tab.history",
  order: 1000,
  icon: IconHistory,
  component: lazy(() => import("./panels/HistoryPanel").then((module) => ({ default: module.HistoryPanel }))),
  visible: (me) => can(me, "company", "read"),
});

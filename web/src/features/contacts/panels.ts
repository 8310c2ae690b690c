import { lazy } from "react";
import { IconBuildingCommunity, IconForms, IconHistory, IconLayoutList } from "@tabler/icons-react";
import type { Contact } from "@relata/contracts";
import { registerPanel } from "../../components/record-page";
import { OverviewPanel } from "./panels/OverviewPanel";

/** The contact page's tabs; later modules (activities, cases…) register theirs the same way. */
registerPanel<Contact>("contact", {
  id: "overview",
  labelKey: "contacts:tab.overview",
  order: 0,
  component: OverviewPanel,
  icon: IconLayoutList,
});
registerPanel<Contact>("contact", {
  id: "roles",
  labelKey: "contacts:tab.roles",
  order: 10,
  icon: IconBuildingCommunity,
  component: lazy(() => import("./panels/RolesPanel").then((module) => ({ default: module.RolesPanel }))),
});
registerPanel<Contact>("contact", {
  id: "custom",
  labelKey: "contacts:tab.custom",
  order: 20,
  icon: IconForms,
  component: lazy(() => import("./panels/CustomPanel").then((module) => ({ default: module.CustomPanel }))),
});
registerPanel<Contact>("contact", {
  id: "history",
  labelKey: "contacts:tab.history",
  order: 1000,
  icon: IconHistory,
  component: lazy(() => import("./panels/HistoryPanel").then((module) => ({ default: module.HistoryPanel }))),
});

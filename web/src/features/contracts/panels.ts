import { lazy } from "react";
import { IconCertificate, IconFileDollar, IconTool, IconTrendingUp } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
// The registry alone (not the record page): this file loads with the app shell.
import { registerFigure, registerPanel } from "../../components/record-page/registry";

const readable = (me: Parameters<typeof can>[0]) => can(me, "company", "read");

/** The client card's Contracts, Receivables, Service items and Value tabs (loaded when first opened). */
registerPanel<Company>("company", {
  id: "contracts",
  labelKey: "contracts:tab.contracts",
  order: 50,
  icon: IconCertificate,
  component: lazy(() => import("./panels/ContractsPanel").then((module) => ({ default: module.ContractsPanel }))),
  visible: readable,
});
registerPanel<Company>("company", {
  id: "receivables",
  labelKey: "contracts:tab.receivables",
  order: 52,
  icon: IconFileDollar,
  component: lazy(() => import("./panels/ReceivablesPanel").then((module) => ({ default: module.ReceivablesPanel }))),
  visible: readable,
});
registerPanel<Company>("company", {
  id: "service-items",
  labelKey: "contracts:tab.serviceItems",
  order: 54,
  icon: IconTool,
  component: lazy(() => import("./panels/ServiceItemsPanel").then((module) => ({ default: module.ServiceItemsPanel }))),
  visible: readable,
});
registerPanel<Company>("company", {
  id: "value",
  labelKey: "contracts:tab.value",
  order: 56,
  icon: IconTrendingUp,
  component: lazy(() => import("./panels/ValuePanel").then((module) => ({ default: module.ValuePanel }))),
  visible: readable,
});

/** The client card's header figures: revenue, receivables and value, live. */
const figures = () => import("./components/HeaderFigures");
registerFigure<Company>("company", {
  id: "revenue",
  order: 10,
  component: lazy(() => figures().then((module) => ({ default: module.RevenueFigure }))),
  visible: readable,
});
registerFigure<Company>("company", {
  id: "receivables",
  order: 20,
  component: lazy(() => figures().then((module) => ({ default: module.ReceivablesFigure }))),
  visible: readable,
});
registerFigure<Company>("company", {
  id: "value",
  order: 30,
  component: lazy(() => figures().then((module) => ({ default: module.ValueFigure }))),
  visible: readable,
});

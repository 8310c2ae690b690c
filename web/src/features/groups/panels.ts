import { lazy } from "react";
import { IconBinaryTree2, IconChartPie } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
import { registerPanel } from "../../components/record-page";

/** The client card's Group tab (structure charts, parent link) and Integrated view tab. */
registerPanel<Company>("company", {
  id: "group",
  labelKey: "groups:tab.group",
  order: 12,
  icon: IconBinaryTree2,
  component: lazy(() => import("./components/GroupPanel").then((module) => ({ default: module.GroupPanel }))),
  visible: (me) => can(me, "company", "read"),
});
registerPanel<Company>("company", {
  id: "integrated",
  labelKey: "groups:tab.integrated",
  order: 14,
  icon: IconChartPie,
  component: lazy(() => import("./components/IntegratedPanel").then((module) => ({ default: module.IntegratedPanel }))),
  visible: (me) => can(me, "company", "read"),
});

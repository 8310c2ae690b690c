/**
 * Tasks. Importing this registers the client card's "Tasks" tab; My work's route is in routes.tsx.
 */
import { lazy } from "react";
import { IconChecklist } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
// The registry alone (not the record page): this file loads with the app shell.
import { registerPanel } from "../../components/record-page/registry";

registerPanel<Company>("company", {
  id: "tasks",
  labelKey: "tasks:tab",
  order: 25,
  icon: IconChecklist,
  component: lazy(() => import("./panels/CompanyTasksPanel").then((module) => ({ default: module.CompanyTasksPanel }))),
  visible: (me) => can(me, "company", "read"),
});

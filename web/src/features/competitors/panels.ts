import { lazy } from "react";
import { IconSwords } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
// The registry alone (not the record page): this file loads with the app shell.
import { registerPanel } from "../../components/record-page/registry";

/** The client card's Competitors tab (loaded when first opened). */
registerPanel<Company>("company", {
  id: "competitors",
  labelKey: "competitors:tab",
  order: 58,
  icon: IconSwords,
  component: lazy(() => import("./panels/CompetitorsPanel").then((module) => ({ default: module.CompetitorsPanel }))),
  visible: (me) => can(me, "company", "read"),
});

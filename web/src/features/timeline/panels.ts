import { lazy } from "react";
import { IconTimeline } from "@tabler/icons-react";
import type { Company, Contact } from "@relata/contracts";
import { can } from "../../lib/session";
// The registry alone (not the record page): this file loads with the app shell.
import { registerPanel } from "../../components/record-page/registry";

/** The client card's and the contact page's Timeline tab, right after the overview (loaded when first opened). */
registerPanel<Company>("company", {
  id: "timeline",
  labelKey: "timeline:tab",
  order: 5,
  icon: IconTimeline,
  component: lazy(() => import("./panels/CompanyTimelinePanel").then((module) => ({ default: module.CompanyTimelinePanel }))),
  visible: (me) => can(me, "company", "read"),
});
registerPanel<Contact>("contact", {
  id: "timeline",
  labelKey: "timeline:tab",
  order: 5,
  icon: IconTimeline,
  component: lazy(() => import("./panels/ContactTimelinePanel").then((module) => ({ default: module.ContactTimelinePanel }))),
  visible: (me) => can(me, "company", "read"),
});

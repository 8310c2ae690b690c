import { lazy } from "react";
import { IconFiles } from "@tabler/icons-react";
import type { Company, Contact } from "@relata/contracts";
import { can } from "../../lib/session";
// The registry alone (not the record page): this file loads with the app shell.
import { registerPanel } from "../../components/record-page/registry";

/** The Documents tabs of the client card and the contact page (loaded when first opened). */
registerPanel<Company>("company", {
  id: "documents",
  labelKey: "documents:tab",
  order: 30,
  icon: IconFiles,
  component: lazy(() => import("./panels/DocumentsPanels").then((module) => ({ default: module.CompanyDocumentsPanel }))),
  visible: (me) => can(me, "company", "read"),
});
registerPanel<Contact>("contact", {
  id: "documents",
  labelKey: "documents:tab",
  order: 15,
  icon: IconFiles,
  component: lazy(() => import("./panels/DocumentsPanels").then((module) => ({ default: module.ContactDocumentsPanel }))),
  visible: (me) => can(me, "company", "read"),
});

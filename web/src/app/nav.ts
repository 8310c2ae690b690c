import type { AccessAction, AccessObject } from "@relata/contracts";
import {
  IconAddressBook,
  IconAward,
  IconBuildingSkyscraper,
  IconForms,
  IconHome,
  IconKey,
  IconHistory,
  IconSitemap,
  IconUsers,
  IconUsersGroup,
  IconDevices,
  IconFileImport,
  IconListDetails,
  IconReceipt2,
  IconChartPie,
  IconAlarm,
  IconChecklist,
  IconPackage,
  IconSwords,
  type Icon,
} from "@tabler/icons-react";

export type NavItem = {
  /** i18n key of the label */
  label: string;
  to: string;
  icon: Icon;
  /** shown only with this permission (`action`, default read) on this object */
  object?: AccessObject;
  action?: AccessAction;
  group: "main" | "admin";
};

/** The navigation, in order. Modules add their entries here; permissions decide what shows. */
export const navItems: NavItem[] = [
  { label: "nav.home", to: "/", icon: IconHome, group: "main" },
  { label: "tasks:nav", to: "/my-work", icon: IconChecklist, group: "main" },
  { label: "nav.companies", to: "/companies", icon: IconBuildingSkyscraper, object: "company", group: "main" },
  { label: "contacts:nav", to: "/contacts", icon: IconAddressBook, object: "contact", group: "main" },
  { label: "products:nav", to: "/products", icon: IconPackage, group: "main" },
  { label: "competitors:nav", to: "/competitor-expiries", icon: IconSwords, object: "company", group: "main" },
  { label: "imports:nav", to: "/imports", icon: IconFileImport, object: "company", action: "create", group: "main" },
  { label: "nav.users", to: "/admin/users", icon: IconUsers, object: "user", action: "update", group: "admin" },
  { label: "nav.roles", to: "/admin/roles", icon: IconKey, object: "role", action: "update", group: "admin" },
  { label: "nav.teams", to: "/admin/teams", icon: IconUsersGroup, object: "team", action: "update", group: "admin" },
  { label: "nav.orgUnits", to: "/admin/org-units", icon: IconSitemap, object: "org_unit", action: "update", group: "admin" },
  { label: "nav.sessions", to: "/admin/sessions", icon: IconDevices, object: "session", action: "delete", group: "admin" },
  { label: "nav.audit", to: "/admin/audit", icon: IconHistory, object: "audit", group: "admin" },
  { label: "settings:nav.customFields", to: "/admin/custom-fields", icon: IconForms, object: "setting", action: "update", group: "admin" },
  { label: "settings:nav.gradeRules", to: "/admin/grade-rules", icon: IconAward, object: "setting", action: "update", group: "admin" },
  { label: "settings:nav.dimensions", to: "/admin/dimensions", icon: IconListDetails, object: "setting", action: "update", group: "admin" },
  {
    label: "settings:nav.depositRules",
    to: "/admin/deposit-rules",
    icon: IconReceipt2,
    object: "setting",
    action: "update",
    group: "admin",
  },
  {
    label: "settings:nav.valueSegments",
    to: "/admin/value-segments",
    icon: IconChartPie,
    object: "setting",
    action: "update",
    group: "admin",
  },
  { label: "settings:nav.reminders", to: "/admin/reminders", icon: IconAlarm, object: "setting", action: "update", group: "admin" },
];

/** Whether the user may open a navigation entry (administration screens need the right to change, not only to read). */
export function mayOpen(
  item: Pick<NavItem, "object" | "action">,
  allowed: (object: AccessObject, action: AccessAction) => boolean,
): boolean {
  return !item.object || allowed(item.object, item.action ?? "read");
}

import type { AccessObject } from "@relata/contracts";
import {
  IconBuildingSkyscraper,
  IconHome,
  IconKey,
  IconHistory,
  IconSitemap,
  IconUsers,
  IconUsersGroup,
  IconDevices,
  type Icon,
} from "@tabler/icons-react";

export type NavItem = {
  /** i18n key of the label */
  label: string;
  to: string;
  icon: Icon;
  /** shown only with read permission on this object */
  object?: AccessObject;
  group: "main" | "admin";
};

/** The navigation, in order. Modules add their entries here; permissions decide what shows. */
export const navItems: NavItem[] = [
  { label: "nav.home", to: "/", icon: IconHome, group: "main" },
  { label: "nav.companies", to: "/companies", icon: IconBuildingSkyscraper, object: "company", group: "main" },
  { label: "nav.users", to: "/admin/users", icon: IconUsers, object: "user", group: "admin" },
  { label: "nav.roles", to: "/admin/roles", icon: IconKey, object: "role", group: "admin" },
  { label: "nav.teams", to: "/admin/teams", icon: IconUsersGroup, object: "team", group: "admin" },
  { label: "nav.orgUnits", to: "/admin/org-units", icon: IconSitemap, object: "org_unit", group: "admin" },
  { label: "nav.sessions", to: "/admin/sessions", icon: IconDevices, object: "session", group: "admin" },
  { label: "nav.audit", to: "/admin/audit", icon: IconHistory, object: "audit", group: "admin" },
];

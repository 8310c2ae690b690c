import { lazy } from "react";
import { IconReportMoney, IconUsersGroup } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
// The registry alone (not the record page): this file loads with the app shell.
import { registerPanel } from "../../components/record-page/registry";

/** The client card's financial-health and account-team tabs (loaded when first opened). */
registerPanel<Company>("company", {
  id: "finance",
  labelKey: "finance:tab.finance",
  order: 40,
  icon: IconReportMoney,
  component: lazy(() => import("./panels/FinancePanel").then((module) => ({ default: module.FinancePanel }))),
  visible: (me) => can(me, "company", "read"),
});
registerPanel<Company>("company", {
  id: "account-team",
  labelKey: "finance:tab.accountTeam",
  order: 45,
  icon: IconUsersGroup,
  component: lazy(() => import("./panels/AccountTeamPanel").then((module) => ({ default: module.AccountTeamPanel }))),
  visible: (me) => can(me, "company", "read"),
});

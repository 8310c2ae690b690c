import { lazy } from "react";
import { IconArrowsExchange, IconShoppingCart } from "@tabler/icons-react";
import type { Company } from "@relata/contracts";
import { can } from "../../lib/session";
// The registry alone (not the record page): this file loads with the app shell.
import { registerPanel } from "../../components/record-page/registry";

const readable = (me: Parameters<typeof can>[0]) => can(me, "company", "read");

/** The client card's Orders and Transactions tabs (loaded when first opened). */
registerPanel<Company>("company", {
  id: "orders",
  labelKey: "orders:tab.orders",
  order: 51,
  icon: IconShoppingCart,
  component: lazy(() => import("./panels/OrdersPanel").then((module) => ({ default: module.OrdersPanel }))),
  visible: readable,
});
registerPanel<Company>("company", {
  id: "transactions",
  labelKey: "orders:tab.transactions",
  order: 53,
  icon: IconArrowsExchange,
  component: lazy(() => import("./panels/TransactionsPanel").then((module) => ({ default: module.TransactionsPanel }))),
  visible: readable,
});

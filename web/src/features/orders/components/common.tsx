// Small pieces the order and transaction screens share.
import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { OrderStatus } from "@relata/contracts";

export const orderStatusColor: Record<OrderStatus, string> = {
  entered: "gray",
  confirmed: "blue",
  shipped: "indigo",
  delivered: "teal",
  cancelled: "red",
};

export function OrderStatusBadge({ status, size = "md" }: { status: OrderStatus; size?: "sm" | "md" }) {
  const { t } = useTranslation("orders");
  return (
    <Badge color={orderStatusColor[status]} variant="light" size={size} data-testid="order-status">
      {t(`status.${status}`)}
    </Badge>
  );
}

// Small pieces the contract, receivables and value tabs share: status badges, a figure, the scope switch.
import type { ReactNode } from "react";
import { Badge, Paper, SegmentedControl, Skeleton, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ClientValue, ContractStatus, InvoiceStatus, ValueSegment } from "@relata/contracts";
import { useStructure } from "../../groups/api";
import type { Scope } from "../api";

export const contractStatusColor: Record<ContractStatus, string> = {
  draft: "gray",
  active: "teal",
  expired: "orange",
  terminated: "red",
  renewed: "blue",
};
export const invoiceStatusColor: Record<InvoiceStatus, string> = { draft: "gray", issued: "blue", paid: "teal", void: "dark" };
export const segmentColor: Record<ValueSegment, string> = {
  key: "grape",
  long_standing: "blue",
  new: "teal",
  average: "gray",
  none: "gray",
};

export function ContractStatusBadge({ status }: { status: ContractStatus }) {
  const { t } = useTranslation("contracts");
  return (
    <Badge color={contractStatusColor[status]} variant="light" data-testid="contract-status">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation("contracts");
  return (
    <Badge color={invoiceStatusColor[status]} variant="light" size="sm">
      {t(`invoiceStatus.${status}`)}
    </Badge>
  );
}

export function SegmentBadge({ segment, size = "md" }: { segment: ValueSegment; size?: "sm" | "md" | "lg" }) {
  const { t } = useTranslation("contracts");
  return (
    <Badge color={segmentColor[segment]} variant={segment === "key" ? "filled" : "light"} size={size} data-testid="value-segment">
      {t(`segment.${segment}`)}
    </Badge>
  );
}

/** A labelled figure in a small card. */
export function Stat({ label, value, hint, testId }: { label: ReactNode; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="sm" radius="md" data-testid={testId}>
      <Stack gap={2}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text fw={600} size="lg" style={{ overflowWrap: "anywhere" }}>
          {value}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

export function StatSkeleton() {
  return <Skeleton height={72} radius="md" />;
}

/** The money of the value answer in its primary currency (the one the scores use), else the first. */
export function primaryMoney(value: ClientValue | undefined) {
  if (!value) return undefined;
  return value.money.find((money) => money.currency === value.primaryCurrency) ?? value.money[0];
}

/** Whether the company belongs to a group (has a parent or subsidiaries it may see). */
export function useInGroup(companyId: string): boolean {
  const structure = useStructure(companyId);
  return (structure.data?.nodes.length ?? 0) > 1;
}

/** Company / whole group; shown only when the company is in a group. */
export function ScopeSwitch({ companyId, value, onChange }: { companyId: string; value: Scope; onChange: (scope: Scope) => void }) {
  const { t } = useTranslation("contracts");
  const inGroup = useInGroup(companyId);
  if (!inGroup) return null;
  return (
    <SegmentedControl
      size="xs"
      value={value}
      onChange={(next) => onChange(next as Scope)}
      data={[
        { value: "company", label: t("scope.company") },
        { value: "group", label: t("scope.group") },
      ]}
      aria-label={t("scope.label")}
      data-testid="scope-switch"
    />
  );
}

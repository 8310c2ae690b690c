import { SimpleGrid, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { Company } from "@relata/contracts";
import { useMe } from "../../../lib/session";
import { ErrorState, LoadingBlock } from "../../../components/states";
import type { PanelProps } from "../../../components/record-page";
import { financeQuery } from "../api";
import { mayChangeFinance } from "../access";
import { CreditCard } from "../components/CreditCard";
import { DepositCard } from "../components/DepositCard";
import { StatementsCard } from "../components/StatementsCard";
import { TrendCard } from "../components/TrendCard";

/** Financial health: the deposit requirement and why, credit rating and limit, the trend of the statements, the statements. */
export function FinancePanel({ record }: PanelProps<Company>) {
  const me = useMe();
  const finance = useQuery(financeQuery(record.id));
  const canEdit = mayChangeFinance(me, record);

  if (finance.isPending) return <LoadingBlock rows={6} />;
  if (finance.isError) return <ErrorState error={finance.error} onRetry={() => void finance.refetch()} />;
  const data = finance.data;
  const defaultCurrency = data.currency ?? record.currency ?? null;
  return (
    <Stack gap="md" data-testid="finance-panel">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <DepositCard result={data.deposit} />
        <CreditCard finance={data} canEdit={canEdit} defaultCurrency={defaultCurrency} />
      </SimpleGrid>
      <TrendCard statements={data.statements} />
      <StatementsCard companyId={record.id} statements={data.statements} canEdit={canEdit} defaultCurrency={defaultCurrency} />
    </Stack>
  );
}

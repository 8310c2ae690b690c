import { useState } from "react";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company, ContractSummary } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { FormDialog } from "../../../components/form-dialog";
import type { PanelProps } from "../../../components/record-page";
import { mayChangeCompany } from "../../companies/access";
import { contractsQuery } from "../api";
import { ContractStatusBadge } from "../components/common";
import { ContractDetail } from "../components/ContractDetail";
import { ContractForm } from "../components/ContractForm";
import { noon } from "../lib/problems";

/** The client card's Contracts tab: the list, a contract's detail, a new contract. */
export function ContractsPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("contracts");
  const canEdit = mayChangeCompany(useMe(), record, "update");
  const list = useQuery(contractsQuery(record.id));
  // The open contract lives in the URL (?contract=), so search results and links open it directly.
  const requested = useRouterState({ select: (state) => (state.location.search as Record<string, unknown>).contract });
  const openId = typeof requested === "string" && /^[0-9a-f-]{36}$/i.test(requested) ? requested : null;
  const navigate = useNavigate();
  const setOpenId = (id: string | null) =>
    void navigate({
      to: ".",
      search: ((previous: Record<string, unknown>) => {
        const next = { ...previous };
        if (id) next.contract = id;
        else delete next.contract;
        return next;
      }) as never,
      resetScroll: false,
    });
  const [creating, setCreating] = useState(false);

  if (openId) return <ContractDetail companyId={record.id} contractId={openId} canEdit={canEdit} onBack={() => setOpenId(null)} />;

  return (
    <Stack gap="md" data-testid="contracts-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={3} size="h5">
          {t("list.title")}
        </Title>
        {canEdit && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="contract-new">
            {t("list.new")}
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <LoadingBlock rows={4} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title={t("list.empty")} description={canEdit ? t("list.emptyHint") : undefined} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {list.data.map((contract) => (
            <ContractCard key={contract.id} contract={contract} onOpen={() => setOpenId(contract.id)} />
          ))}
        </SimpleGrid>
      )}
      <FormDialog opened={creating} onClose={() => setCreating(false)} title={t("form.newTitle")} testId="contract-dialog" size="lg">
        <ContractForm
          companyId={record.id}
          defaultCurrency={record.currency}
          onClose={() => setCreating(false)}
          onCreated={(contract) => setOpenId(contract.id)}
        />
      </FormDialog>
    </Stack>
  );
}

function ContractCard({ contract, onOpen }: { contract: ContractSummary; onOpen: () => void }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  return (
    <Card
      withBorder
      radius="md"
      padding="sm"
      component="button"
      type="button"
      onClick={onOpen}
      style={{ textAlign: "start", cursor: "pointer" }}
      data-testid="contract-card"
      data-number={contract.number}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
            {contract.number} · {contract.title}
          </Text>
          <ContractStatusBadge status={contract.status} />
        </Group>
        <Group gap="lg" wrap="wrap">
          <Text size="sm">{format.money(contract.value, contract.currency)}</Text>
          <Text size="xs" c="dimmed">
            {t("list.fulfilled", { amount: format.money(contract.fulfilledValue, contract.currency) })}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {contract.startOn || contract.endOn
            ? t("list.period", {
                start: contract.startOn ? format.date(noon(contract.startOn)) : "…",
                end: contract.endOn ? format.date(noon(contract.endOn)) : "…",
              })
            : t("list.noPeriod")}
        </Text>
      </Stack>
    </Card>
  );
}

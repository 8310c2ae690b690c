// One contract: its terms, signers, items with fulfilment progress, and its status transitions.
import { useState, type ReactNode } from "react";
import { Anchor, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconFileText, IconPencil, IconPlus, IconTruckDelivery } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Contact, Contract, ContractItem, ContractStatus } from "@relata/contracts";
import { api } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { ErrorState, LoadingBlock } from "../../../components/states";
import { FormDialog } from "../../../components/form-dialog";
import { confirm, toast } from "../../../components/dialogs";
import { useUserName } from "../../../components/record-form";
import { companyTopic, contractQuery, patchContract, refreshCompanyMoney } from "../api";
import { toUnits } from "@relata/contracts";
import { fulfilledShare, nextStatuses, quantityText, remainingQuantity } from "../lib/money";
import { noon } from "../lib/problems";
import { ContractStatusBadge, Stat } from "./common";
import { ContractForm } from "./ContractForm";
import { FulfilDialog } from "./FulfilDialog";
import { ItemForm } from "./ItemForm";

const transitionColor: Partial<Record<ContractStatus, string>> = { active: "teal", terminated: "red", expired: "orange", renewed: "blue" };

export function ContractDetail({
  companyId,
  contractId,
  canEdit,
  onBack,
}: {
  companyId: string;
  contractId: string;
  canEdit: boolean;
  onBack: () => void;
}) {
  const { t } = useTranslation("contracts");
  const query = useQuery(contractQuery(companyId, contractId));
  const back = (
    <Button
      variant="subtle"
      size="xs"
      leftSection={<IconArrowLeft size={14} />}
      onClick={onBack}
      w="fit-content"
      data-testid="contract-back"
    >
      {t("detail.back")}
    </Button>
  );
  if (query.isPending)
    return (
      <Stack gap="md">
        {back}
        <LoadingBlock rows={6} />
      </Stack>
    );
  if (query.isError)
    return (
      <Stack gap="md">
        {back}
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  return (
    <Stack gap="md" data-testid="contract-detail">
      {back}
      <ContractBody companyId={companyId} contract={query.data} canEdit={canEdit} />
    </Stack>
  );
}

function ContractBody({ companyId, contract, canEdit }: { companyId: string; contract: Contract; canEdit: boolean }) {
  const { t } = useTranslation("contracts");
  const format = useFormat();
  const queryClient = useQueryClient();
  const userName = useUserName();
  const signers = useQuery({
    queryKey: ["contacts", "contract-signers", companyId],
    queryFn: ({ signal }) =>
      api<{ items: Contact[] }>("GET", "/api/contacts", {
        query: { "filter[companyId]": companyId, limit: 200, sort: "name" },
        signal,
      }).then((page) => page.items),
    meta: { topics: [companyTopic(companyId), "list:contacts"] },
    enabled: contract.clientSignerIds.length > 0,
  });
  const [editing, setEditing] = useState(false);
  const [addingItem, setAddingItem] = useState(false);
  const [editItem, setEditItem] = useState<ContractItem | null>(null);
  const [fulfil, setFulfil] = useState<ContractItem | null>(null);
  const [moving, setMoving] = useState<ContractStatus | null>(null);
  const open = contract.status === "draft" || contract.status === "active";
  const day = (value: string | null) => (value ? format.date(noon(value)) : "—");

  async function move(status: ContractStatus) {
    const ok = await confirm({
      title: t(`transition.${status}.title`),
      message: t(`transition.${status}.message`, { number: contract.number }),
      confirmLabel: t(`transition.${status}.action`),
      danger: status === "terminated",
    });
    if (!ok) return;
    setMoving(status);
    try {
      await patchContract(companyId, contract.id, contract.version, { status });
      await refreshCompanyMoney(queryClient, companyId);
      toast.success(t("transition.done", { status: t(`status.${status}`) }));
    } catch (error) {
      toast.error(error);
      await refreshCompanyMoney(queryClient, companyId);
    } finally {
      setMoving(null);
    }
  }

  const clientSigners = contract.clientSignerIds
    .map((id) => signers.data?.find((contact) => contact.id === id)?.fullName ?? "…")
    .join(", ");

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 260px" }}>
          <Group gap="xs" wrap="wrap">
            <Title order={3} size="h4" style={{ overflowWrap: "anywhere" }} data-testid="contract-heading">
              {contract.number} · {contract.title}
            </Title>
            <ContractStatusBadge status={contract.status} />
          </Group>
        </Stack>
        {canEdit && (
          <Group gap="xs" wrap="wrap">
            {open && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPencil size={14} />}
                onClick={() => setEditing(true)}
                data-testid="contract-edit"
              >
                {t("detail.edit")}
              </Button>
            )}
            {nextStatuses(contract.status).map((status) => (
              <Button
                key={status}
                size="xs"
                variant={status === "active" ? "filled" : "light"}
                color={transitionColor[status]}
                loading={moving === status}
                disabled={moving !== null && moving !== status}
                onClick={() => void move(status)}
                data-testid={`contract-to-${status}`}
              >
                {t(`transition.${status}.action`)}
              </Button>
            ))}
          </Group>
        )}
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label={t("field.value")} value={format.money(contract.value, contract.currency)} testId="contract-value" />
        <Stat
          label={t("field.fulfilledValue")}
          value={format.money(contract.fulfilledValue, contract.currency)}
          testId="contract-fulfilled-value"
        />
        <Stat label={t("field.period")} value={`${day(contract.startOn)} – ${day(contract.endOn)}`} />
        <Stat
          label={t("field.paymentMethod")}
          value={t(`finance:collection.${contract.paymentMethod}`)}
          hint={t("detail.terms", { days: contract.paymentTermsDays })}
        />
      </SimpleGrid>

      <Card withBorder radius="md" padding="sm">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
          <Term label={t("field.signedOn")}>{day(contract.signedOn)}</Term>
          <Term label={t("field.ourSigner")}>{userName(contract.ourSignerId) ?? "—"}</Term>
          <Term label={t("field.clientSigners")}>{clientSigners || "—"}</Term>
          <Term label={t("field.billingSchedule")}>{t(`schedule.${contract.billingSchedule}`)}</Term>
          <Term label={t("field.reminderLeadDays")}>{t("detail.days", { count: contract.reminderLeadDays })}</Term>
          <Term label={t("field.renewalTerms")}>{contract.renewalTerms || "—"}</Term>
          <Term label={t("field.document")}>
            {contract.document && contract.documentRevisionId ? (
              <Anchor
                renderRoot={(props) => (
                  <Link
                    to="/documents/$documentId"
                    params={{ documentId: contract.document!.id }}
                    search={{ revision: contract.documentRevisionId! } as never}
                    {...props}
                  />
                )}
                size="sm"
                style={{ overflowWrap: "anywhere" }}
                data-testid="contract-document-link"
              >
                <Group gap={4} wrap="nowrap" component="span" align="flex-start">
                  <IconFileText size={14} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
                  <span>{t("detail.document", { title: contract.document.title, number: contract.document.revisionNumber })}</span>
                </Group>
              </Anchor>
            ) : (
              <Text span size="sm" c="dimmed" data-testid="contract-document-none">
                {t("detail.noDocument")}
              </Text>
            )}
          </Term>
        </SimpleGrid>
      </Card>

      <Group justify="space-between" gap="xs">
        <Title order={4} size="h5">
          {t("item.title")}
        </Title>
        {canEdit && open && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAddingItem(true)} data-testid="item-new">
            {t("item.add")}
          </Button>
        )}
      </Group>
      {contract.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="items-empty">
          {t("item.empty")}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" striped data-testid="contract-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("field.product")}</Table.Th>
                <Table.Th ta="end">{t("field.quantity")}</Table.Th>
                <Table.Th ta="end">{t("field.unitPriceShort")}</Table.Th>
                <Table.Th ta="end">{t("field.discountShort")}</Table.Th>
                <Table.Th ta="end">{t("field.amount")}</Table.Th>
                <Table.Th>{t("field.deliveryOn")}</Table.Th>
                <Table.Th miw={140}>{t("field.fulfilled")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contract.items.map((item) => {
                const left = remainingQuantity(item);
                const canFulfil = canEdit && contract.status === "active" && (toUnits(left, 3) ?? 0n) > 0n;
                return (
                  <Table.Tr key={item.id} data-testid="contract-item" data-product={item.productCode}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {item.productName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {item.productCode}
                        {item.serviceMonths ? ` · ${t("item.serviceMonths", { count: item.serviceMonths })}` : ""}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="end">{quantityText(item.quantity)}</Table.Td>
                    <Table.Td ta="end">{format.money(item.unitPrice, contract.currency)}</Table.Td>
                    <Table.Td ta="end">{Number(item.discountPercent) ? format.percent(Number(item.discountPercent) / 100) : "—"}</Table.Td>
                    <Table.Td ta="end">{format.money(item.amount, contract.currency)}</Table.Td>
                    <Table.Td>{day(item.deliveryOn)}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Progress value={fulfilledShare(item) * 100} size="sm" color={left === "0" ? "teal" : "blue"} aria-hidden />
                        <Text size="xs" c="dimmed" data-testid="item-fulfilled">
                          {t("item.progress", { done: quantityText(item.fulfilledQuantity), total: quantityText(item.quantity) })}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {canFulfil && (
                          <Button
                            size="compact-xs"
                            leftSection={<IconTruckDelivery size={12} />}
                            onClick={() => setFulfil(item)}
                            data-testid="item-fulfil"
                          >
                            {t("fulfil.action")}
                          </Button>
                        )}
                        {canEdit && open && (
                          <Button size="compact-xs" variant="subtle" onClick={() => setEditItem(item)} data-testid="item-edit">
                            {t("item.edit")}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <FormDialog opened={editing} onClose={() => setEditing(false)} title={t("form.editTitle")} testId="contract-dialog" size="lg">
        <ContractForm companyId={companyId} contract={contract} defaultCurrency={contract.currency} onClose={() => setEditing(false)} />
      </FormDialog>
      <FormDialog
        opened={addingItem || editItem !== null}
        onClose={() => {
          setAddingItem(false);
          setEditItem(null);
        }}
        title={editItem ? t("item.editTitle") : t("item.newTitle")}
        testId="item-dialog"
        size="lg"
      >
        <ItemForm
          companyId={companyId}
          contract={contract}
          item={editItem ?? undefined}
          onClose={() => {
            setAddingItem(false);
            setEditItem(null);
          }}
        />
      </FormDialog>
      <FormDialog opened={fulfil !== null} onClose={() => setFulfil(null)} title={t("fulfil.title")} testId="fulfil-dialog">
        {fulfil && <FulfilDialog companyId={companyId} contract={contract} item={fulfil} onClose={() => setFulfil(null)} />}
      </FormDialog>
    </>
  );
}

function Term({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
        {children}
      </Text>
    </Stack>
  );
}

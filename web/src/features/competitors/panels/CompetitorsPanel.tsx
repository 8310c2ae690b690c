import { useState } from "react";
import { ActionIcon, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company, CompetitorContract } from "@relata/contracts";
import { useFormat, useMe } from "../../../lib/session";
import { EmptyState, ErrorState, LoadingBlock } from "../../../components/states";
import { FormDialog } from "../../../components/form-dialog";
import { confirm, toast } from "../../../components/dialogs";
import type { PanelProps } from "../../../components/record-page";
import { mayChangeCompany } from "../../companies/access";
import { localToday, noon } from "../../contracts/lib/problems";
import { competitorContractsQuery, deleteCompetitorContract, refreshCompetitors } from "../api";
import { CompetitorForm } from "../components/CompetitorForm";
import { daysUntil, expiryColor } from "../lib/expiry";

/** The client card's Competitors tab: the contracts the client has with competitors, soonest expiry first. */
export function CompetitorsPanel({ record }: PanelProps<Company>) {
  const { t } = useTranslation("competitors");
  const canEdit = mayChangeCompany(useMe(), record, "update");
  const list = useQuery(competitorContractsQuery(record.id));
  const [editing, setEditing] = useState<CompetitorContract | "new" | null>(null);

  return (
    <Stack gap="md" data-testid="competitors-panel">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Stack gap={0}>
          <Title order={3} size="h5">
            {t("list.title")}
          </Title>
          <Text size="xs" c="dimmed">
            {t("list.description")}
          </Text>
        </Stack>
        {canEdit && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing("new")} data-testid="competitor-new">
            {t("list.new")}
          </Button>
        )}
      </Group>
      {list.isPending ? (
        <LoadingBlock rows={3} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title={t("list.empty")} description={canEdit ? t("list.emptyHint") : undefined} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {list.data.map((contract) => (
            <CompetitorCard
              key={contract.id}
              companyId={record.id}
              contract={contract}
              canEdit={canEdit}
              onEdit={() => setEditing(contract)}
            />
          ))}
        </SimpleGrid>
      )}
      <FormDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("form.newTitle") : t("form.editTitle")}
        testId="competitor-dialog"
        size="lg"
      >
        <CompetitorForm
          companyId={record.id}
          defaultCurrency={record.currency}
          contract={editing && editing !== "new" ? editing : undefined}
          onClose={() => setEditing(null)}
        />
      </FormDialog>
    </Stack>
  );
}

function CompetitorCard({
  companyId,
  contract,
  canEdit,
  onEdit,
}: {
  companyId: string;
  contract: CompetitorContract;
  canEdit: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation("competitors");
  const format = useFormat();
  const queryClient = useQueryClient();
  const days = contract.expiresOn ? daysUntil(contract.expiresOn, localToday()) : null;

  async function remove() {
    const ok = await confirm({
      title: t("delete.title"),
      message: t("delete.message", { competitor: contract.competitor, product: contract.product }),
      confirmLabel: t("delete.action"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteCompetitorContract(companyId, contract.id, contract.version);
      toast.success(t("delete.done"));
    } catch (error) {
      toast.error(error);
    } finally {
      await refreshCompetitors(queryClient, companyId);
    }
  }

  return (
    <Card withBorder radius="md" padding="sm" data-testid="competitor-card" data-competitor={contract.competitor}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
              {contract.competitor}
            </Text>
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {contract.product}
            </Text>
          </Stack>
          {canEdit && (
            <Group gap={2} wrap="nowrap">
              <Tooltip label={t("list.edit")}>
                <ActionIcon variant="subtle" onClick={onEdit} aria-label={t("list.edit")} data-testid="competitor-edit">
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t("delete.action")}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => void remove()}
                  aria-label={t("delete.action")}
                  data-testid="competitor-delete"
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
        </Group>
        <Group gap="sm" wrap="wrap">
          {contract.value && contract.currency && (
            <Text size="sm" data-testid="competitor-card-value">
              {format.money(contract.value, contract.currency)}
            </Text>
          )}
          {contract.expiresOn && days !== null ? (
            <Badge color={expiryColor(days, contract.reminderLeadDays)} variant="light" data-testid="competitor-expiry">
              {days < 0
                ? t("expiry.expired", { date: format.date(noon(contract.expiresOn)) })
                : t("expiry.in", { count: days, date: format.date(noon(contract.expiresOn)) })}
            </Badge>
          ) : (
            <Text size="xs" c="dimmed">
              {t("expiry.none")}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {contract.startsOn ? t("list.since", { date: format.date(noon(contract.startsOn)) }) + " · " : ""}
          {t("list.lead", { count: contract.reminderLeadDays })}
        </Text>
        {contract.notes && (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {contract.notes}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

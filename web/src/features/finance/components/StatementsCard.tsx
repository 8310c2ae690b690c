import { useState } from "react";
import { ActionIcon, Button, Card, Group, Menu, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconDots, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { FinancialStatement } from "@relata/contracts";
import { ApiError } from "../../../lib/api";
import { useFormat } from "../../../lib/session";
import { confirm, toast } from "../../../components/dialogs";
import { FormDialog } from "../../../components/form-dialog";
import { EmptyState } from "../../../components/states";
import { EmptyValue } from "../../../components/record-form";
import { deleteStatement, financeKey } from "../api";
import { byPeriod, statementFigures } from "../lib/statements";
import { StatementForm } from "./StatementForm";
import { usePeriodLabel } from "./period";

type Dialog = { statement?: FinancialStatement } | null;

/** The company's statements, newest period first: add, correct, delete (each with the version it was read at). */
export function StatementsCard({
  companyId,
  statements,
  canEdit,
  defaultCurrency,
}: {
  companyId: string;
  statements: readonly FinancialStatement[];
  canEdit: boolean;
  defaultCurrency: string | null;
}) {
  const { t } = useTranslation("finance");
  const format = useFormat();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");
  const periodLabel = usePeriodLabel();
  const [dialog, setDialog] = useState<Dialog>(null);
  const newestFirst = [...statements].sort((a, b) => byPeriod(b, a));
  const money = (value: string | null, currency: string) => (value === null ? <EmptyValue /> : format.money(value, currency));

  async function remove(statement: FinancialStatement) {
    const period = periodLabel(statement);
    const ok = await confirm({
      title: t("statement.deleteTitle", { period }),
      message: t("statement.deleteMessage"),
      confirmLabel: t("common:action.delete"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteStatement(companyId, statement.id, statement.version);
      toast.success(t("statement.deleted", { period }));
    } catch (error) {
      toast.error(error, error instanceof ApiError && error.status === 412 ? t("statement.changedElsewhere") : undefined);
    } finally {
      await queryClient.invalidateQueries({ queryKey: financeKey(companyId) });
    }
  }

  const actions = (statement: FinancialStatement) => {
    const period = periodLabel(statement);
    return (
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={t("statement.actions", { period })} data-testid="statement-actions">
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog({ statement })} data-testid="statement-edit">
            {t("common:action.edit")}
          </Menu.Item>
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => void remove(statement)}
            data-testid="statement-delete"
          >
            {t("common:action.delete")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    );
  };

  const add = () => setDialog({});
  return (
    <Card withBorder padding="lg" data-testid="statements-card">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h5">
            {t("statement.title")}
          </Title>
          {canEdit && statements.length > 0 && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={add} data-testid="statement-add">
              {t("statement.add")}
            </Button>
          )}
        </Group>
        {statements.length === 0 ? (
          <EmptyState
            title={t("statement.empty")}
            description={canEdit ? t("statement.emptyHint") : undefined}
            action={
              canEdit ? (
                <Button variant="light" leftSection={<IconPlus size={14} />} onClick={add} data-testid="statement-add">
                  {t("statement.add")}
                </Button>
              ) : undefined
            }
          />
        ) : phone ? (
          <Stack gap="xs" data-testid="statements">
            {newestFirst.map((statement) => (
              <Card key={statement.id} withBorder padding="sm" data-testid="statement-row" data-period={periodLabel(statement)}>
                <Group justify="space-between" wrap="nowrap" gap="xs" mb={4}>
                  <Text fw={600} size="sm">{`${periodLabel(statement)} · ${statement.currency}`}</Text>
                  {canEdit && actions(statement)}
                </Group>
                <SimpleGrid cols={2} spacing={4} verticalSpacing={2}>
                  {statementFigures.map((figure) => (
                    <Stack key={figure} gap={0}>
                      <Text size="xs" c="dimmed">
                        {t(`figure.${figure}`)}
                      </Text>
                      <Text size="sm">{money(statement[figure], statement.currency)}</Text>
                    </Stack>
                  ))}
                </SimpleGrid>
              </Card>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={6} striped data-testid="statements">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("statement.period")}</Table.Th>
                  {statementFigures.map((figure) => (
                    <Table.Th key={figure} ta="right">
                      {t(`figure.${figure}`)}
                    </Table.Th>
                  ))}
                  <Table.Th>{t("statement.source")}</Table.Th>
                  {canEdit && (
                    <Table.Th>
                      <VisuallyHidden>{t("statement.actionsColumn")}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {newestFirst.map((statement) => (
                  <Table.Tr key={statement.id} data-testid="statement-row" data-period={periodLabel(statement)}>
                    <Table.Td fw={600} style={{ whiteSpace: "nowrap" }}>
                      {periodLabel(statement)}
                    </Table.Td>
                    {statementFigures.map((figure) => (
                      <Table.Td key={figure} ta="right" style={{ whiteSpace: "nowrap" }} data-figure={figure}>
                        {money(statement[figure], statement.currency)}
                      </Table.Td>
                    ))}
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{statement.source ?? <EmptyValue />}</Table.Td>
                    {canEdit && <Table.Td>{actions(statement)}</Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <FormDialog
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.statement ? t("statement.editTitle", { period: periodLabel(dialog.statement) }) : t("statement.addTitle")}
        testId="statement-dialog"
        size="lg"
      >
        {dialog && (
          <StatementForm
            companyId={companyId}
            statement={dialog.statement}
            defaultCurrency={newestFirst[0]?.currency ?? defaultCurrency}
            onClose={() => setDialog(null)}
          />
        )}
      </FormDialog>
    </Card>
  );
}

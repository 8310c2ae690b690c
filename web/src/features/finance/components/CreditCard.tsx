import { useState } from "react";
import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconDots, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { CompanyFinance, CreditRating } from "@relata/contracts";
import { useFormat } from "../../../lib/session";
import { FormDialog } from "../../../components/form-dialog";
import { confirm, toast } from "../../../components/dialogs";
import { deleteRating, financeKey } from "../api";
import { EmptyValue } from "../../../components/record-form";
import { CreditLimitForm } from "./CreditLimitForm";
import { RatingForm } from "./RatingForm";

const outlookColor = { positive: "teal", stable: "gray", negative: "red", developing: "yellow" } as const;

type Dialog = { kind: "rating"; rating?: CreditRating } | { kind: "limit" } | null;

/** The current rating, the credit limit and the history of ratings (every rating is kept; the newest is current). */
export function CreditCard({
  finance,
  canEdit,
  defaultCurrency,
}: {
  finance: CompanyFinance;
  canEdit: boolean;
  defaultCurrency: string | null;
}) {
  const { t } = useTranslation("finance");
  const format = useFormat();
  const phone = useMediaQuery("(max-width: 48em)");
  const [dialog, setDialog] = useState<Dialog>(null);
  const current = finance.ratings[0];
  const limit = finance.creditLimit;
  const date = (iso: string) => format.date(`${iso}T12:00:00Z`);

  return (
    <Card withBorder padding="lg" data-testid="credit-card">
      <Stack gap="md">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h5">
            {t("credit.title")}
          </Title>
          {canEdit && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setDialog({ kind: "rating" })}
              data-testid="rating-add"
            >
              {t("rating.add")}
            </Button>
          )}
        </Group>
        <Group gap="xl" align="flex-start" wrap="wrap">
          <Stack gap={2} data-testid="credit-current-rating">
            <Text size="xs" c="dimmed">
              {t("credit.currentRating")}
            </Text>
            {current ? (
              <>
                <Group gap={6} align="baseline">
                  <Text fz={24} fw={700} lh={1.2} data-testid="credit-rating-value">
                    {current.rating}
                  </Text>
                  {current.outlook && (
                    <Badge size="sm" variant="light" color={outlookColor[current.outlook]} style={{ textTransform: "none" }}>
                      {t(`outlook.${current.outlook}`)}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {t("credit.ratedBy", { agency: t(`agency.${current.agency}`), date: date(current.ratedOn) })}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {t("credit.unrated")}
              </Text>
            )}
          </Stack>
          <Stack gap={2} data-testid="credit-limit">
            <Text size="xs" c="dimmed">
              {t("creditLimit.title")}
            </Text>
            <Group gap={4} align="center" wrap="nowrap">
              <Text fz={24} fw={700} lh={1.2} data-testid="credit-limit-value">
                {limit.amount && limit.currency ? format.money(limit.amount, limit.currency) : t("creditLimit.none")}
              </Text>
              {canEdit && (
                <Tooltip label={t("creditLimit.edit")} withArrow>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t("creditLimit.edit")}
                    onClick={() => setDialog({ kind: "limit" })}
                    data-testid="credit-limit-edit"
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
            {limit.note && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                {limit.note}
              </Text>
            )}
          </Stack>
        </Group>

        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t("rating.history")}
          </Text>
          {finance.ratings.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="ratings-empty">
              {t("rating.empty")}
            </Text>
          ) : phone ? (
            <Stack gap="xs" data-testid="ratings">
              {finance.ratings.map((rating) => (
                <Card key={rating.id} withBorder padding="xs" data-testid="rating-row">
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600}>
                        {`${rating.rating} · ${t(`agency.${rating.agency}`)}`}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {[date(rating.ratedOn), rating.outlook ? t(`outlook.${rating.outlook}`) : null].filter(Boolean).join(" · ")}
                      </Text>
                    </Stack>
                    {canEdit && (
                      <RatingActions companyId={finance.companyId} rating={rating} onEdit={() => setDialog({ kind: "rating", rating })} />
                    )}
                  </Group>
                </Card>
              ))}
            </Stack>
          ) : (
            <Table verticalSpacing={6} data-testid="ratings">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("rating.ratedOn")}</Table.Th>
                  <Table.Th>{t("rating.rating")}</Table.Th>
                  <Table.Th>{t("rating.outlook")}</Table.Th>
                  <Table.Th>{t("rating.note")}</Table.Th>
                  {canEdit && (
                    <Table.Th>
                      <VisuallyHidden>{t("common:action.edit")}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {finance.ratings.map((rating) => (
                  <Table.Tr key={rating.id} data-testid="rating-row">
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{date(rating.ratedOn)}</Table.Td>
                    <Table.Td>
                      <Text span inherit fw={600}>
                        {rating.rating}
                      </Text>
                      <Text span inherit c="dimmed">
                        {` · ${t(`agency.${rating.agency}`)}`}
                      </Text>
                      {rating.rating !== rating.scaleRating && (
                        <Text size="xs" c="dimmed">
                          {t("rating.onScale", { scale: rating.scaleRating })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{rating.outlook ? t(`outlook.${rating.outlook}`) : <EmptyValue />}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{rating.note ?? <EmptyValue />}</Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <RatingActions companyId={finance.companyId} rating={rating} onEdit={() => setDialog({ kind: "rating", rating })} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Stack>
      <FormDialog
        opened={dialog?.kind === "rating"}
        onClose={() => setDialog(null)}
        title={dialog?.kind === "rating" && dialog.rating ? t("rating.editTitle") : t("rating.addTitle")}
        testId="rating-dialog"
        size="lg"
      >
        {dialog?.kind === "rating" && <RatingForm companyId={finance.companyId} rating={dialog.rating} onClose={() => setDialog(null)} />}
      </FormDialog>
      <FormDialog
        opened={dialog?.kind === "limit"}
        onClose={() => setDialog(null)}
        title={t("creditLimit.editTitle")}
        testId="credit-limit-dialog"
      >
        {dialog?.kind === "limit" && (
          <CreditLimitForm companyId={finance.companyId} limit={limit} defaultCurrency={defaultCurrency} onClose={() => setDialog(null)} />
        )}
      </FormDialog>
    </Card>
  );
}

/** Correct or remove (recorded by mistake) one rating. */
function RatingActions({ companyId, rating, onEdit }: { companyId: string; rating: CreditRating; onEdit: () => void }) {
  const { t } = useTranslation("finance");
  const queryClient = useQueryClient();
  async function remove() {
    const ok = await confirm({
      title: t("rating.deleteTitle", { rating: rating.rating }),
      message: t("rating.deleteMessage"),
      confirmLabel: t("common:action.delete"),
      danger: true,
    });
    if (!ok) return;
    try {
      await deleteRating(companyId, rating.id, rating.version);
      toast.success(t("rating.deleted", { rating: rating.rating }));
    } catch (error) {
      toast.error(error);
    } finally {
      await queryClient.invalidateQueries({ queryKey: financeKey(companyId) });
    }
  }
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={t("rating.actions", { rating: rating.rating })} data-testid="rating-actions">
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="rating-edit">
          {t("rating.correct")}
        </Menu.Item>
        <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => void remove()} data-testid="rating-delete">
          {t("common:action.delete")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

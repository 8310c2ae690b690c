import { Alert, Anchor, Badge, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { IconInfoCircle, IconSettings } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { DepositResult } from "@relata/contracts";
import { useCan, useFormat } from "../../../lib/session";
import { depositReason, notationDiffers, skippedRules } from "../lib/deposit";

/** The deposit the company must pay now, how it pays, and why: the rule that matched on which rating, or the default. */
export function DepositCard({ result }: { result: DepositResult }) {
  const { t } = useTranslation("finance");
  const format = useFormat();
  const mayEditRules = useCan("setting", "update");
  const reason = depositReason(
    result,
    (agency) => t(`agency.${agency}`),
    (iso) => format.date(`${iso}T12:00:00Z`),
  );
  const skipped = skippedRules(result);
  const matchedOnAr = result.checks.some((check) => check.outcome === "matched" && check.arCondition === "met");
  const shownRating = result.rating ?? (result.source === "default" ? result.currentRating : null);
  return (
    <Card withBorder padding="lg" data-testid="deposit-card" data-source={result.source}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} size="h5">
            {t("deposit.title")}
          </Title>
          {mayEditRules && (
            <Anchor component={Link} to="/admin/deposit-rules" size="sm" data-testid="deposit-rules-link">
              <Group gap={4} wrap="nowrap" component="span">
                <IconSettings size={14} aria-hidden />
                {t("deposit.rulesLink")}
              </Group>
            </Anchor>
          )}
        </Group>
        <Group gap="md" align="baseline" wrap="wrap">
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t("deposit.percent")}
            </Text>
            <Text fz={28} fw={700} lh={1.2} data-testid="deposit-percent">
              {format.percent(result.depositPercent / 100)}
            </Text>
          </Stack>
          <Stack gap={2}>
            <Text size="xs" c="dimmed">
              {t("deposit.method")}
            </Text>
            <Badge size="lg" variant="light" style={{ textTransform: "none" }} data-testid="deposit-method">
              {t(`collection.${result.collectionMethod}`)}
            </Badge>
          </Stack>
        </Group>
        <Text size="sm" data-testid="deposit-reason">
          {t(reason.key, reason.values)}
        </Text>
        {notationDiffers(shownRating) && shownRating && (
          <Text size="xs" c="dimmed">
            {t("deposit.scaleNote", { rating: shownRating.rating, scale: shownRating.scaleRating })}
          </Text>
        )}
        {skipped.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed">
              {t("deposit.checkedBefore")}
            </Text>
            <List size="xs" spacing={2} data-testid="deposit-checks">
              {skipped.map((check) => (
                <List.Item key={check.ruleId}>{t(`deposit.check.${check.outcome}`, { name: check.name })}</List.Item>
              ))}
            </List>
          </Stack>
        )}
        {matchedOnAr && (
          <Text size="xs" c="dimmed" data-testid="deposit-ar-met">
            {t("deposit.arMet")}
          </Text>
        )}
        {result.ar && (
          <Stack gap={2} data-testid="deposit-ar">
            <Text size="xs" fw={600} c="dimmed">
              {t("deposit.arTitle")}
            </Text>
            <Group gap="md" wrap="wrap">
              <Text size="xs" data-testid="deposit-ar-overdue">
                {t("deposit.arOverdueDays", { count: result.ar.maxDaysOverdue })}
              </Text>
              <Text size="xs" data-testid="deposit-ar-share">
                {result.ar.overdueShare === null
                  ? t("deposit.arNothingOpen")
                  : t("deposit.arShare", { share: format.percent(result.ar.overdueShare / 100) })}
              </Text>
              <Text size="xs" data-testid="deposit-ar-average">
                {result.ar.averageDaysToPay === null
                  ? t("deposit.arNoPayments")
                  : t("deposit.arAverage", { days: format.number(result.ar.averageDaysToPay) })}
              </Text>
            </Group>
          </Stack>
        )}
        {!result.arEvaluated && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={16} />} p="xs" data-testid="deposit-ar-note">
            <Text size="xs">{t("deposit.arNotEvaluated")}</Text>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

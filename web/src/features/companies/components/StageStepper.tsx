import { Box, Group, Popover, ScrollArea, Skeleton, Stack, Text, ThemeIcon, Timeline, Tooltip, UnstyledButton } from "@mantine/core";
import { IconArrowRight, IconCheck, IconHistory, IconPoint } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Company, StageChange } from "@relata/contracts";
import { stageSteps } from "../stages";
import { useFormat } from "../../../lib/session";
import { companyStages, companyStagesKey, companyTopic } from "../api";
import { stageColor } from "../columns";

/** Lead → prospect → customer → former, with the date of each change, and the full stage history on demand. */
export function StageStepper({ company }: { company: Company }) {
  const { t } = useTranslation("companies");
  const format = useFormat();
  const history = useQuery({
    queryKey: companyStagesKey(company.id),
    queryFn: ({ signal }) => companyStages(company.id, signal),
    meta: { topics: [companyTopic(company.id)] },
  });
  const changes = history.data ?? [];
  // The current stage's date is known from the record even before the history loads.
  const steps = stageSteps(company.stage, changes).map((step) =>
    step.state === "current" && !step.enteredAt ? { ...step, enteredAt: company.stageChangedAt } : step,
  );

  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="company-stages" data-stage={company.stage}>
      <Box
        component="ol"
        aria-label={t("stages.label")}
        style={{
          display: "grid",
          gridTemplateColumns: "repeat(4, minmax(0, 1fr))",
          gap: 4,
          flex: 1,
          margin: 0,
          padding: 0,
          listStyle: "none",
        }}
      >
        {steps.map((step) => {
          // One colour for the way travelled, so the bar reads as progress; the current stage carries its own
          // colour (a lead's grey would read as "not reached").
          const color =
            step.state === "todo" ? "gray" : step.state === "current" && step.stage !== "lead" ? stageColor[step.stage] : "blue";
          return (
            <Box
              component="li"
              key={step.stage}
              aria-current={step.state === "current" ? "step" : undefined}
              data-testid={`company-stage-step-${step.stage}`}
              data-state={step.state}
              style={{ minWidth: 0 }}
            >
              <Box
                h={4}
                mb={6}
                style={{
                  borderRadius: 2,
                  background: step.state === "todo" ? "var(--mantine-color-default-border)" : `var(--mantine-color-${color}-filled)`,
                }}
              />
              <Group gap={6} wrap="nowrap" align="flex-start">
                <ThemeIcon
                  size={18}
                  radius="xl"
                  color={color}
                  variant={step.state === "current" ? "filled" : step.state === "done" ? "light" : "default"}
                  aria-hidden
                  visibleFrom="xs"
                >
                  {step.state === "todo" ? <IconPoint size={12} /> : <IconCheck size={12} />}
                </ThemeIcon>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text
                    fz={{ base: "xs", xs: "sm" }}
                    fw={step.state === "current" ? 700 : 500}
                    c={step.state === "todo" ? "dimmed" : undefined}
                    lh={1.3}
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {t(`stage.${step.stage}`)}
                  </Text>
                  <Text size="xs" c="dimmed" truncate data-testid={`company-stage-date-${step.stage}`}>
                    {step.enteredAt ? format.date(step.enteredAt) : " "}
                  </Text>
                </Stack>
              </Group>
            </Box>
          );
        })}
      </Box>
      <StageHistory changes={changes} loading={history.isPending} />
    </Group>
  );
}

function StageHistory({ changes, loading }: { changes: StageChange[]; loading: boolean }) {
  const { t } = useTranslation("companies");
  const format = useFormat();
  return (
    <Popover position="bottom-end" width={320} shadow="md" withinPortal>
      <Popover.Target>
        <Tooltip label={t("stages.history")} withArrow>
          <UnstyledButton
            aria-label={t("stages.history")}
            data-testid="company-stage-history-button"
            style={{ padding: 6, borderRadius: 6, flexShrink: 0 }}
          >
            <IconHistory size={18} />
          </UnstyledButton>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown data-testid="company-stage-history">
        <Text fw={600} size="sm" mb="xs">
          {t("stages.history")}
        </Text>
        {loading ? (
          <Skeleton height={60} />
        ) : changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("stages.none")}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={320}>
            <Timeline bulletSize={14} lineWidth={2} active={changes.length - 1}>
              {[...changes].reverse().map((change) => (
                <Timeline.Item key={change.id} data-testid="stage-change">
                  <Group gap={4} wrap="nowrap">
                    {change.fromStage && (
                      <>
                        <Text size="sm">{t(`stage.${change.fromStage}`)}</Text>
                        <IconArrowRight size={12} aria-label={t("history.to")} />
                      </>
                    )}
                    <Text size="sm" fw={600}>
                      {t(`stage.${change.toStage}`)}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {change.changedByName
                      ? t("stages.when", { when: format.dateTime(change.changedAt), who: change.changedByName })
                      : format.dateTime(change.changedAt)}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

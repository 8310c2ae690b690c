import { Group, Progress, Stack, Stepper, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import { wizardSteps, type WizardStep } from "../lib/progress";

/**
 * Where the user is in the import: all six steps on wide screens; on a phone, "Step 2 of 6"
 * with the step's name and a thin bar (six labelled steps do not fit 375 px).
 */
export function WizardSteps({
  current,
  selectable = [],
  onSelect,
}: {
  current: WizardStep;
  /** Steps the user may go back (or forward) to. */
  selectable?: readonly WizardStep[];
  onSelect?: (step: WizardStep) => void;
}) {
  const { t } = useTranslation("imports");
  const phone = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const index = wizardSteps.indexOf(current);

  if (phone) {
    return (
      <Stack gap={4} data-testid="import-steps" data-step={current}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" fw={600}>
            {t(`step.${current}.title`)}
          </Text>
          <Text size="xs" c="dimmed">
            {t("step.counter", { number: index + 1, total: wizardSteps.length })}
          </Text>
        </Group>
        <Progress value={((index + 1) / wizardSteps.length) * 100} size="sm" aria-hidden />
      </Stack>
    );
  }

  return (
    <Stepper active={index} onStepClick={(step) => onSelect?.(wizardSteps[step]!)} size="sm" data-testid="import-steps" data-step={current}>
      {wizardSteps.map((step) => (
        <Stepper.Step key={step} label={t(`step.${step}.title`)} allowStepSelect={step !== current && selectable.includes(step)} />
      ))}
    </Stepper>
  );
}

import { lifecycleStages, type LifecycleStage, type StageChange } from "@relata/contracts";

/** Each stage's state on the stepper and the date the company last entered it. Pure (unit-tested). */
export function stageSteps(
  current: LifecycleStage,
  changes: readonly StageChange[],
): { stage: LifecycleStage; state: "done" | "current" | "todo"; enteredAt: string | null }[] {
  const index = lifecycleStages.indexOf(current);
  return lifecycleStages.map((stage, position) => {
    const entered = changes.filter((change) => change.toStage === stage).map((change) => change.changedAt);
    return {
      stage,
      state: position < index ? "done" : position === index ? "current" : "todo",
      enteredAt: entered.length ? entered.sort().at(-1)! : null,
    };
  });
}

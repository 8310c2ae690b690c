// Files the first-run project leaves for later tests, in the run's output folder.
import path from "node:path";
import { test } from "@playwright/test";

/** The setup page's axe report ("" = no serious/critical violations), written by first-run.spec.ts. */
export function setupAxeReport(): string {
  return path.join(test.info().project.outputDir, "first-run-setup-axe.txt");
}

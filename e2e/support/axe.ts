/// <reference lib="dom" />
// Accessibility check with axe-core, injected into the page by hand (the app's CSP allows only
// its own scripts, and @axe-core/playwright does not run on this Node): page.evaluate of axe's
// source, then axe.run with the WCAG 2 A and AA rules. Serious and critical violations fail.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type Impact = "minor" | "moderate" | "serious" | "critical" | null;
type AxeNode = { target: unknown[]; html: string; failureSummary?: string };
type AxeViolation = { id: string; impact: Impact; help: string; helpUrl: string; nodes: AxeNode[] };

export type Scheme = "light" | "dark";

/** One readable block per violation: rule, impact, what to fix, and each element with why. */
export function formatViolations(violations: AxeViolation[], where: string): string {
  const lines = [`${violations.length} serious/critical accessibility violation(s) on ${where}:`];
  for (const violation of violations) {
    lines.push("", `● [${violation.impact}] ${violation.id}: ${violation.help}`, `  ${violation.helpUrl}`);
    for (const node of violation.nodes.slice(0, 8)) {
      lines.push(`  – ${node.target.map(String).join(" ")}`, `    ${node.html.replace(/\s+/g, " ").slice(0, 200)}`);
      for (const reason of (node.failureSummary ?? "").split("\n").slice(1)) if (reason.trim()) lines.push(`      ${reason.trim()}`);
    }
    if (violation.nodes.length > 8) lines.push(`  … and ${violation.nodes.length - 8} more element(s)`);
  }
  return lines.join("\n");
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

/** The colour scheme Mantine applies now (attribute on <html>). */
export function currentScheme(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"));
}

/**
 * Switches the app to `scheme` by emulating prefers-color-scheme (the app follows the system by
 * default). Returns false when the user picked a scheme explicitly and so it does not follow.
 */
export async function emulateScheme(page: Page, scheme: Scheme): Promise<boolean> {
  await page.emulateMedia({ colorScheme: scheme });
  try {
    await expect.poll(() => currentScheme(page), { timeout: 2_000 }).toBe(scheme);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits (at most 2 s) until no CSS transition runs: contrast is measured on the theme's final
 * colours, not halfway through the switch (a fixed 120 ms was too short on a busy machine).
 * Endless animations (loaders) are not transitions and do not hold it up.
 */
async function transitionsDone(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => document.getAnimations().every((animation) => !(animation instanceof CSSTransition) || animation.playState !== "running"),
      undefined,
      {
        timeout: 2_000,
      },
    )
    .catch(() => undefined);
}

/**
 * Runs axe in the light and the dark theme (or the ones given), leaving the page in the scheme it
 * had, and returns a readable report of the serious and critical violations ("" when none).
 */
export async function auditAccessibility(page: Page, options: { name?: string; schemes?: Scheme[] } = {}): Promise<string> {
  const where = options.name ?? new URL(page.url()).pathname;
  const schemes = options.schemes ?? ["light", "dark"];
  const before = await currentScheme(page);
  const problems: string[] = [];
  await test.step(`axe: ${where} (${schemes.join(", ")})`, async () => {
    // No hover effects left from the last click: the same state every run.
    await page.mouse.move(0, 0);
    for (const scheme of schemes) {
      const applied = await emulateScheme(page, scheme);
      // The user chose a scheme explicitly: only the one shown can be checked.
      if (!applied && scheme !== schemes[0]) continue;
      await transitionsDone(page);
      const violations = (await runAxe(page)).filter((v) => v.impact === "serious" || v.impact === "critical");
      if (violations.length > 0)
        problems.push(formatViolations(violations, `${where} (${applied ? scheme : `${await currentScheme(page)} theme`})`));
    }
    if (before === "light" || before === "dark") await emulateScheme(page, before);
  });
  const report = problems.join("\n\n");
  if (report) await test.info().attach(`axe ${where}`, { body: report, contentType: "text/plain" });
  return report;
}

/**
 * Fails the test on serious or critical WCAG 2 A/AA violations, in the light and the dark theme
 * (or the ones given), printing them readably. `name` labels the report.
 */
export async function expectAccessible(page: Page, options: { name?: string; schemes?: Scheme[] } = {}): Promise<void> {
  const report = await auditAccessibility(page, options);
  if (!report) return;
  // RELATA_E2E_AXE=report only prints (for working on a screen); the suite always fails on them.
  if (process.env.RELATA_E2E_AXE === "report") {
    console.log(report);
    return;
  }
  // Soft: the test goes on (its other checks still run) and fails at its end.
  expect.soft(report === "", report).toBe(true);
}

/// <reference lib="dom" />
// Explicit screenshots of a screen at desktop and phone size, saved under
// e2e/test-results/screens/<name>-<desktop|phone>.png (the folder is git-ignored).
import path from "node:path";
import { test, type Page } from "@playwright/test";
import { currentScheme } from "./axe";

export const desktop = { width: 1280, height: 800 } as const;
export const phone = { width: 375, height: 740 } as const;

function screensDir(): string {
  return path.join(test.info().project.outputDir, "screens");
}

/** Waits until no loading skeleton or loading status is on screen (best effort, at most 5 s). */
export async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () => !document.querySelector('.mantine-Skeleton-root, [role="status"][aria-label], [role="status"] .mantine-Loader-root'),
      undefined,
      { timeout: 5_000, polling: 100 },
    )
    .catch(() => undefined);
}

/**
 * Screenshots the page as it is now at 1280×800 and at 375×740 (full page), then restores the
 * viewport. `sizes` limits it to one of them.
 */
export async function screens(page: Page, name: string, sizes: ("desktop" | "phone")[] = ["desktop", "phone"]): Promise<void> {
  const original = page.viewportSize();
  const scheme = (await currentScheme(page)) ?? "light";
  await test.step(`screenshots: ${name}`, async () => {
    for (const size of sizes) {
      await page.setViewportSize(size === "desktop" ? desktop : phone);
      await page.waitForTimeout(150);
      await settle(page);
      const file = path.join(screensDir(), `${name}-${scheme}-${size}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
    }
    if (original) await page.setViewportSize(original);
  });
}

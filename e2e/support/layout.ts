/// <reference lib="dom" />
// Layout checks for narrow screens.
import { expect, type Page } from "@playwright/test";

/** The page itself does not scroll sideways: document.scrollingElement.scrollWidth fits the viewport. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, viewport } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    viewport: window.innerWidth,
  }));
  expect(scrollWidth, `the page is ${scrollWidth}px wide in a ${viewport}px viewport (scrolls sideways)`).toBeLessThanOrEqual(viewport);
}

/**
 * Every element matching `selector` lies within the viewport horizontally (nothing cut off at the
 * sides), once drawers and dialogs have finished sliding in.
 */
export async function expectWithinWidth(page: Page, selector: string): Promise<void> {
  let outside: string[] = [];
  await expect
    .poll(async () => (outside = await elementsOutside(page, selector)).length, { timeout: 5_000 })
    .toBe(0)
    .catch(() => undefined);
  expect(outside, `elements past the viewport's sides: ${outside.join("; ")}`).toEqual([]);
}

function elementsOutside(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((css) => {
    const width = window.innerWidth;
    return Array.from(document.querySelectorAll<HTMLElement>(css))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.left < -1 || box.right > width + 1))
      .map(
        ({ el, box }) =>
          `${(el.textContent || el.getAttribute("data-testid") || el.tagName).trim().slice(0, 40)} [${Math.round(box.left)}–${Math.round(box.right)}]`,
      );
  }, selector);
}

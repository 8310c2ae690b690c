/// <reference lib="dom" />
// Layout checks for narrow screens.
import { expect, type Page } from "@playwright/test";

/**
 * The page itself does not scroll sideways: document.scrollingElement.scrollWidth fits the viewport
 * (polled for a moment after a resize, while the layout settles); a failure names the outermost
 * elements past the right edge that no scrolling container clips.
 */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  let found = { scrollWidth: 0, viewport: 0, culprits: [] as string[] };
  await expect
    .poll(async () => (found = await horizontalOverflow(page)).scrollWidth <= found.viewport, { timeout: 3_000 })
    .toBe(true)
    .catch(() => undefined);
  const { scrollWidth, viewport, culprits } = found;
  expect(
    scrollWidth,
    `the page is ${scrollWidth}px wide in a ${viewport}px viewport (scrolls sideways); past the edge: ${culprits.join(", ")}`,
  ).toBeLessThanOrEqual(viewport);
}

function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const clipped = (element: HTMLElement) => {
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== "visible") return true;
      return false;
    };
    const past = Array.from(document.body.querySelectorAll<HTMLElement>("*")).filter(
      (element) => element.getBoundingClientRect().right > width + 1 && !clipped(element),
    );
    const outermost = past.filter((element) => !past.includes(element.parentElement!)).slice(0, 5);
    const describe = (element: HTMLElement) => {
      const box = element.getBoundingClientRect();
      const id = element.dataset.testid ? `[data-testid=${element.dataset.testid}]` : "";
      return `${element.tagName.toLowerCase()}${id} (${Math.round(box.left)}–${Math.round(box.right)} px: "${element.textContent?.slice(0, 40) ?? ""}")`;
    };
    return { scrollWidth: document.scrollingElement?.scrollWidth ?? 0, viewport: width, culprits: outermost.map(describe) };
  });
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

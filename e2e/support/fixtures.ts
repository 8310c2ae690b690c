/// <reference lib="dom" />
// The `test` every spec imports: base URL from the global setup, an admin API client per worker,
// a way to sign pages in, and a guard that fails a test on any uncaught error in the page.
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { admin, Api, baseURL, signInContext, type Credentials, type Me } from "./api";

export { expect };

/** Uncaught exceptions and CSP violations in the pages of a context, collected for the test's end. */
function watchErrors(context: BrowserContext, errors: string[]): void {
  const watch = (page: Page) => {
    page.on("pageerror", (error) => errors.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Refused to/i.test(message.text())) {
        errors.push(`${page.url()}: ${message.text()}`);
      }
    });
  };
  context.pages().forEach(watch);
  context.on("page", watch);
}

type TestFixtures = {
  /** Errors seen in any page of the test's contexts; the test fails if there are any. */
  pageErrors: string[];
  /** Opens a new browser context (own cookies = own session) signed in as `who`, with one page at `path`. */
  openAs: (who: Credentials, path?: string) => Promise<{ context: BrowserContext; page: Page; me: Me }>;
};
type WorkerFixtures = {
  /** The administrator, signed in through the API (one session per worker). */
  adminApi: Api;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  baseURL: async ({}, use) => {
    await use(baseURL());
  },

  pageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      watchErrors(context, errors);
      await use(errors);
      expect(errors, `errors in the page:\n${errors.join("\n")}`).toEqual([]);
    },
    { auto: true },
  ],

  openAs: async ({ browser, pageErrors }, use) => {
    const opened: BrowserContext[] = [];
    await use(async (who, path = "/") => {
      const context = await newAppContext(browser);
      opened.push(context);
      watchErrors(context, pageErrors);
      const me = await signInContext(context, who);
      const page = await context.newPage();
      await page.goto(path);
      return { context, page, me };
    });
    for (const context of opened) await context.close();
  },

  adminApi: [
    async ({}, use) => {
      const api = await Api.signIn(admin);
      await use(api);
      await api.dispose();
    },
    { scope: "worker" },
  ],
});

/** A browser context with the project's options (viewport, locale, base URL). */
export async function newAppContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const project = test.info().project.use;
  return browser.newContext({
    baseURL: baseURL(),
    viewport: project.viewport ?? { width: 1280, height: 800 },
    locale: project.locale ?? "en-US",
    timezoneId: project.timezoneId,
    colorScheme: project.colorScheme,
    reducedMotion: project.reducedMotion,
    ...options,
  });
}

/** Signs the page's context in as `who` (API call, new session) and opens `path`. */
export async function signIn(page: Page, who: Credentials, path = "/"): Promise<Me> {
  const me = await signInContext(page.context(), who);
  await page.goto(path);
  return me;
}

/** The shell is up: the user menu is shown and the live connection is established. */
export async function expectShell(page: Page): Promise<void> {
  await expect(page.getByTestId("user-menu")).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "online", { timeout: 10_000 });
}

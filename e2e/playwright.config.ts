// Browser tests of the web app in Debian's Chromium (/usr/bin/chromium; Playwright never
// downloads a browser here). The global setup builds the app when needed and starts the built
// server on a fresh embedded PostgreSQL; the "first-run" project creates the administrator
// through the setup page before every other test.
import { defineConfig, devices } from "@playwright/test";

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";

export const chromiumLaunch = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

const ci = !!process.env.CI;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  globalSetup: "./support/global-setup.ts",
  fullyParallel: true,
  workers: 2,
  retries: ci ? 1 : 0,
  forbidOnly: ci,
  timeout: 60_000,
  globalTimeout: 25 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "./playwright-report" }]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: process.env.RELATA_E2E_BASE_URL,
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "Europe/Stockholm",
    colorScheme: "light",
    launchOptions: chromiumLaunch,
    screenshot: "only-on-failure",
    trace: "on-first-retry",
    video: "off",
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    // Runs first, on the empty database: the first-run setup creates the administrator.
    { name: "first-run", testMatch: /first-run\.spec\.ts$/ },
    { name: "chromium", testIgnore: /first-run\.spec\.ts$/, dependencies: ["first-run"] },
  ],
});

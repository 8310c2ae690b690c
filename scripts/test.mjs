#!/usr/bin/env node
// `npm test`: typecheck, lint, the whole suite on the embedded PostgreSQL, then — when
// TEST_DATABASE_URL is set — the server suite again on that server, then the browser tests.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const started = Date.now();
const steps = [];
function step(name, command, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  steps.push(`${result.status === 0 ? "ok  " : "FAIL"} ${name} (${seconds} s)`);
  if (result.status !== 0) {
    console.log(`\n${steps.join("\n")}`);
    process.exit(result.status ?? 1);
  }
}

const external = process.env.TEST_DATABASE_URL;
step("typecheck", "npm", ["run", "typecheck"]);
step("lint", "npx", ["eslint", "."]);
step("tests on the embedded PostgreSQL", "npx", ["vitest", "run"], { TEST_DATABASE_URL: "" });
// Only the server's tests touch the database; the web, contracts and bench tests ran above.
if (external) step("server tests on TEST_DATABASE_URL", "npx", ["vitest", "run", "server/"], { TEST_DATABASE_URL: external });
if (process.env.RELATA_SKIP_E2E !== "1" && existsSync("e2e/playwright.config.ts")) {
  // Debian's Chromium (scripts/ensure-chromium.mjs), never a Playwright browser download.
  step("browser tests", "npm", ["run", "test:e2e"], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" });
}
console.log(`\n${steps.join("\n")}\nall checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

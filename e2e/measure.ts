/// <reference lib="dom" />
// `npm run measure -w e2e`: first-load JavaScript of the sign-in page and its time to interactive,
// in Debian's Chromium against the built app on a fresh embedded database (5 cold loads).
//
//   JS size   every script response the page fetched until it was interactive (plus 1 s for
//             dynamic imports the route starts), summed raw and gzip-compressed (level 9, which is
//             what a compressing proxy would send; the server itself sends them uncompressed).
//   TTI       from navigation start (performance.timeOrigin) to the moment the email field is
//             enabled and focused, marked with performance.mark("signin-interactive") by a
//             requestAnimationFrame probe injected before the page's own scripts.
//
// Set RELATA_E2E_SKIP_BUILD=1 to measure the current web/dist without building first (the npm
// script builds); RELATA_MEASURE_RUNS=n for another number of runs.
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunch } from "./playwright.config";
import { admin } from "./support/api";
import { ensureBuilt, startServer } from "./support/server";

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
const runs = Number(process.env.RELATA_MEASURE_RUNS ?? 5);

/** Marks "signin-interactive" on the first frame where the email field is enabled and focused. */
const interactiveProbe = `(() => {
  const probe = () => {
    const field = document.querySelector('input[type="email"]');
    if (field && !field.disabled && document.activeElement === field) {
      performance.mark("signin-interactive");
      return;
    }
    requestAnimationFrame(probe);
  };
  requestAnimationFrame(probe);
})();`;

type Run = { tti: number; domContentLoaded: number; scripts: { url: string; raw: number; gzip: number }[] };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Static cross-check: the scripts index.html loads and preloads, from the files served. */
function staticEntry(webDist: string): { file: string; raw: number; gzip: number }[] {
  const html = readFileSync(path.join(webDist, "index.html"), "utf8");
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => {
    const body = readFileSync(path.join(webDist, m[1]!));
    return { file: m[1]!, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
}

async function main() {
  ensureBuilt();
  const server = await startServer({ log: () => undefined });
  const browser = await chromium.launch(chromiumLaunch);
  try {
    // The sign-in page shows only once the installation is set up.
    const setup = await fetch(`${server.baseURL}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: admin.email, name: admin.name, password: admin.password }),
    });
    if (!setup.ok) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);

    const results: Run[] = [];
    for (let i = 0; i < runs + 1; i++) {
      // A fresh context each time: empty cache, no cookies (a first visit). Run 0 warms the server and is dropped.
      const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 }, locale: "en-US" });
      const page = await context.newPage();
      // A string, not a function: tsx would wrap named functions in a helper the page lacks.
      await page.addInitScript(interactiveProbe);
      const scripts: Promise<{ url: string; raw: number; gzip: number }>[] = [];
      let interactive = false;
      page.on("response", (response) => {
        if (interactive && !response.url().includes("/assets/")) return;
        if (response.request().resourceType() !== "script") return;
        scripts.push(
          response
            .body()
            .then((body) => ({ url: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length })),
        );
      });
      await page.goto("/sign-in");
      await page
        .waitForFunction(() => performance.getEntriesByName("signin-interactive").length > 0, undefined, { timeout: 30_000 })
        .catch(async (error: Error) => {
          const state = await page.evaluate(() => ({
            url: location.href,
            active: document.activeElement?.outerHTML.slice(0, 120),
            email: !!document.querySelector('input[type="email"]'),
          }));
          throw new Error(`the sign-in page did not become interactive: ${JSON.stringify(state)}\n${error.message}`);
        });
      interactive = true;
      await page.waitForTimeout(1_000);
      const timing = await page.evaluate(() => {
        const mark = performance.getEntriesByName("signin-interactive")[0]!;
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        return { tti: mark.startTime, domContentLoaded: nav.domContentLoadedEventEnd };
      });
      const fetched = await Promise.all(scripts);
      if (i > 0) results.push({ ...timing, scripts: fetched });
      await context.close();
    }

    const first = results[0]!;
    const jsRaw = first.scripts.reduce((sum, s) => sum + s.raw, 0);
    const jsGzip = first.scripts.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`\nSign-in page, first load (Chromium ${browser.version()}, ${runs} cold loads, fresh cache each)\n`);
    console.log("JavaScript fetched until interactive (+1 s):");
    for (const script of first.scripts)
      console.log(`  ${script.url.padEnd(48)} ${kb(script.raw).padStart(10)} raw ${kb(script.gzip).padStart(9)} gzip`);
    console.log(`  ${"total".padEnd(48)} ${kb(jsRaw).padStart(10)} raw ${kb(jsGzip).padStart(9)} gzip  (${first.scripts.length} files)`);
    const entry = staticEntry(server.webDist);
    console.log(
      `  (index.html's own scripts and modulepreloads: ${entry.length} files, ${kb(entry.reduce((s, e) => s + e.raw, 0))} raw, ${kb(entry.reduce((s, e) => s + e.gzip, 0))} gzip)`,
    );
    const differing = results.some((r) => r.scripts.reduce((s, x) => s + x.gzip, 0) !== jsGzip);
    if (differing) console.log("  note: the runs fetched different script sets; sizes above are from run 1");

    console.log("\nTime to interactive (navigation start → email field enabled and focused):");
    results.forEach((r, i) =>
      console.log(`  run ${i + 1}: ${r.tti.toFixed(0).padStart(5)} ms   (DOMContentLoaded ${r.domContentLoaded.toFixed(0)} ms)`),
    );
    const ttis = results.map((r) => r.tti);
    console.log(`  median ${median(ttis).toFixed(0)} ms, min ${Math.min(...ttis).toFixed(0)} ms, max ${Math.max(...ttis).toFixed(0)} ms`);
    console.log(
      `\nsummary: sign-in first-load JS ${kb(jsGzip)} gzip (${kb(jsRaw)} raw); TTI median ${median(ttis).toFixed(0)} ms over ${runs} runs\n`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

// The server hands out the built web app: hashed assets cached for good, the page never cached,
// client-side routes answered with the page, and missing files a real 404 (not the page).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";

describe("serving the web app", () => {
  let h: Harness;
  const dist = mkdtempSync(path.join(tmpdir(), "relata-web-"));

  beforeAll(async () => {
    mkdirSync(path.join(dist, "assets"));
    writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Relata</title>");
    writeFileSync(path.join(dist, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(path.join(dist, "favicon.svg"), "<svg/>");
    h = await createHarness({ webDist: dist });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it("answers / and client-side routes with the page, never cached", async () => {
    for (const url of ["/", "/companies/5b1c0c1e-8c1a-4b8e-9f3a-1d2e3f4a5b6c?tab=history", "/admin/users"]) {
      const response = await h.app.inject({ method: "GET", url });
      expect(response.statusCode, `${url} ${response.body}`).toBe(200);
      expect(response.headers["content-type"]).toMatch(/text\/html/);
      expect(response.headers["cache-control"]).toBe("no-cache");
      expect(response.body).toContain("<title>Relata</title>");
    }
  });

  it("serves hashed assets as immutable and other files revalidated", async () => {
    const asset = await h.app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const icon = await h.app.inject({ method: "GET", url: "/favicon.svg" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["cache-control"]).toBe("no-cache");
  });

  it("answers 404 for a missing asset or file instead of the page", async () => {
    for (const url of ["/assets/index-gone.js", "/robots.txt", "/api/no-such-thing"]) {
      const response = await h.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers["content-type"]).toMatch(/application\/json/);
    }
  });

  it("sends the strict CSP with the page", async () => {
    const response = await h.app.inject({ method: "GET", url: "/" });
    const csp = String(response.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

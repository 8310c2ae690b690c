import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("configuration", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "relata-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("defaults to the embedded database on loopback port 3000 with secrets generated once", () => {
    const first = loadConfig({ RELATA_DATA_DIR: dir });
    expect(first).toMatchObject({ host: "127.0.0.1", port: 3000, databaseUrl: undefined, appRole: "relata_app", secureCookies: false });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    const second = loadConfig({ RELATA_DATA_DIR: dir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.appPassword).toBe(first.appPassword);
    expect(statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
  });

  it("names every invalid variable instead of starting with a bad setting", () => {
    expect(() => loadConfig({ RELATA_DATA_DIR: dir, PORT: "eighty", DATABASE_URL: "not a url", SECURE_COOKIES: "maybe" })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
    expect(() => loadConfig({ RELATA_DATA_DIR: dir, SECURE_COOKIES: "maybe" })).toThrow(/SECURE_COOKIES/);
  });

  it("takes an external database and HTTPS settings from the environment", () => {
    const config = loadConfig({
      RELATA_DATA_DIR: dir,
      DATABASE_URL: "postgres://owner:pw@db.internal:5432/crm",
      SECURE_COOKIES: "true",
      PORT: "8080",
    });
    expect(config).toMatchObject({ databaseUrl: "postgres://owner:pw@db.internal:5432/crm", secureCookies: true, port: 8080 });
  });
});

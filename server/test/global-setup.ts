import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedServer } from "../src/db/embedded";
import { migrate, withDatabase } from "../src/db/connection";

export const appRole = "relata_app";
export const appPassword = "relata-test-app-password";

/**
 * Starts one PostgreSQL for the run (embedded, or the server at TEST_DATABASE_URL), migrates a
 * template database once; each test file then clones its own database from it.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | undefined;
  let dir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), "relata-test-pg-"));
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres"), password: "relata-test-super" });
    serverUrl = embedded.superUrl("postgres");
  }
  const template = `relata_template_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await migrate(withDatabase(serverUrl, template), appRole, appPassword);
  await admin.end();

  project.provide("serverUrl", serverUrl);
  project.provide("templateDatabase", template);

  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    const leftovers = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2", [
      template,
      `relata_t_${process.pid}_%`,
    ]);
    for (const row of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await client.end();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedServer } from "./embedded";

async function query(server: EmbeddedServer, text: string) {
  const client = new pg.Client({ connectionString: server.superUrl() });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "relata-embedded-"));
  chmodSync(dir, 0o755);
  const dataDir = path.join(dir, "postgres");
  const password = "embedded-test-password";
  let server: EmbeddedServer | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("initialises a data directory and listens on loopback only, never on 5432", async () => {
    server = await startEmbeddedPostgres({ dataDir, password });
    expect(server.port).not.toBe(5432);
    const [settings] = await query(
      server,
      "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets",
    );
    expect(settings).toEqual({ listen: "127.0.0.1", sockets: "" });
    const extensions = await query(
      server,
      "SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent', 'citext') ORDER BY name",
    );
    expect(extensions.map((row) => row.name)).toEqual(["citext", "pg_trgm", "unaccent"]);
  });

  it("adopts a server left running by a crashed app instead of starting a second one", async () => {
    const adopted = await startEmbeddedPostgres({ dataDir, password });
    expect(adopted.port).toBe(server!.port);
    expect(await query(adopted, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("starts again over a stale pid file after an unclean stop", async () => {
    const pidFile = path.join(dataDir, "postmaster.pid");
    const stale = readFileSync(pidFile, "utf8");
    await server!.stop();
    // A pid file whose process is gone, as a power cut or kill -9 of the server leaves it.
    writeFileSync(pidFile, stale.replace(/^\d+/, "999999"));
    server = await startEmbeddedPostgres({ dataDir, password });
    expect(await query(server, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("refuses a wrong password (scram authentication)", async () => {
    const client = new pg.Client({ connectionString: server!.superUrl().replace(encodeURIComponent(password), "wrong") });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });
});

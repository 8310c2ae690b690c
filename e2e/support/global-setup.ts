// Playwright global setup: build the app when needed, start one server on a fresh embedded
// PostgreSQL for the whole run, and stop it (and its PostgreSQL) at the end.
// Set RELATA_E2E_BASE_URL to run against a server you started yourself instead.
import { ensureBuilt, startServer } from "./server";

export default async function globalSetup() {
  if (process.env.RELATA_E2E_BASE_URL) {
    console.log(`[e2e] using the server at ${process.env.RELATA_E2E_BASE_URL}`);
    return undefined;
  }
  ensureBuilt();
  const server = await startServer();
  // Workers are started after this and inherit the environment.
  process.env.RELATA_E2E_BASE_URL = server.baseURL;
  process.env.RELATA_E2E_DATA_DIR = server.dataDir;
  // Playwright runs the teardown after the tests, on Ctrl+C and on its global timeout; should the
  // runner die anyway, startServer's exit hook and the next run's reapStale() clean up.
  return async () => {
    await server.stop();
    console.log("[e2e] server and embedded PostgreSQL stopped");
  };
}

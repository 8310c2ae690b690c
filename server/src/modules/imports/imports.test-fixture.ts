/** Shared by the import tests: an app on its own database and its own data directory (where uploads are stored). */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { buildAccessFixture, type AccessFixture } from "../../../test/access-fixture";

export type ImportTestApp = { h: Harness; f: AccessFixture; dataDir: string; importsDir: string };

/** Sets the app up before this file's tests and removes it (database and files) after them; `h` and `f` are there from the first test on. */
export function useImportApp(name: string): ImportTestApp {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `relata-imports-${name}-`));
  const app = { dataDir, importsDir: path.join(dataDir, "imports") } as ImportTestApp;
  beforeAll(async () => {
    app.h = await createHarness({ dataDir });
    app.f = await buildAccessFixture(app.h);
  });
  afterAll(async () => {
    await app.h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return app;
}

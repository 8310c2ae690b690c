// The migrations and the Drizzle schema say the same thing: drizzle-kit, asked to generate a
// migration from the schema against the last snapshot, finds nothing to add. A table or column
// added to a module's schema without its migration (or a hand-written migration whose snapshot
// was not regenerated) fails here rather than on a user's database.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { migrationsFolder } from "./connection";

const run = promisify(execFile);
const serverDir = path.resolve(import.meta.dirname, "../..");
let scratch: string | undefined;

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it("has a migration for everything in the schema (drizzle-kit generates nothing new)", async () => {
  // drizzle-kit resolves `out` against the working directory, so the copy sits beside the config.
  scratch = await mkdtemp(path.join(serverDir, ".migration-check-"));
  await cp(migrationsFolder, path.join(scratch, "migrations"), { recursive: true });
  const config = path.join(scratch, "drizzle.config.mjs");
  const relative = path.relative(serverDir, scratch);
  await writeFile(config, `export default { dialect: "postgresql", schema: "./src/db/schema.ts", out: "./${relative}/migrations" };\n`);
  const before = await readdir(path.join(scratch, "migrations"));
  const { stdout } = await run("npx", ["drizzle-kit", "generate", "--config", config], { cwd: serverDir, timeout: 120_000 });
  const after = await readdir(path.join(scratch, "migrations"));
  expect(
    after.filter((name) => !before.includes(name)),
    stdout,
  ).toEqual([]);
  expect(stdout).toContain("No schema changes");
}, 150_000);

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "contracts/**/*.test.ts", "bench/**/*.test.ts", "web/**/*.test.ts"],
    globalSetup: ["server/test/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    // A worker runs its files one after another in one module graph instead of importing the
    // server anew for each file (2.5 s a file; the whole run went from 419 s to 262 s). Tests
    // share no state through modules: each builds its own app on its own database, and none
    // mocks modules, stubs globals or fakes timers.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});

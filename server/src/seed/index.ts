// Demo and bulk data: the deterministic generator, the COPY loader (`relata seed`) and the
// first run's demo data (`POST /api/setup` with `demoData: true`).
import pg from "pg";
import type { Platform } from "../platform/context";
import { systemActor } from "../platform/access/actor";
import { setDemoDataLoader } from "../platform/auth/auth.service";
import { loadSeed } from "./load";

export { loadSeed, SeedRefused, type SeedResult, type SeedRun } from "./load";
export { scaleNames, scales, type ScaleName } from "./generate";

/** The first run's demo data: the demo scale, on the app role (audited like any write), seed 1. */
export async function loadDemoData(platform: Platform) {
  const pool = (platform.db as unknown as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) throw new Error("demo data needs the app's connection pool");
  const client = await pool.connect();
  try {
    return await loadSeed(client, {
      scale: "demo",
      seed: 1,
      dataDir: platform.config.dataDir,
      privileged: false,
      actor: systemActor("setup"),
    });
  } finally {
    client.release();
  }
}

/** Lets the first-run setup fill the demo data (the platform does not depend on this folder). */
export function registerDemoData() {
  setDemoDataLoader(loadDemoData);
}

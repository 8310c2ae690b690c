#!/usr/bin/env node
// `npm run dev`: the API server (restarts on change) and Vite (hot reload, API proxied) together.
// Open http://localhost:5173 for the app with hot reload; the API stays on PORT (default 3000).
import { spawn } from "node:child_process";

const children = [
  spawn("npm", ["run", "dev", "-w", "server"], { stdio: "inherit" }),
  spawn("npm", ["run", "dev", "-w", "web"], {
    stdio: "inherit",
    env: { ...process.env, RELATA_API: process.env.RELATA_API ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  }),
];
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
}
for (const child of children) child.on("exit", (code) => stop(code ?? 0));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

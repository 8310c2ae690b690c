// Placeholder build until the web app lands: publishes index.html to dist/.
import { cpSync, mkdirSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");
mkdirSync(path.join(root, "dist"), { recursive: true });
cpSync(path.join(root, "index.html"), path.join(root, "dist/index.html"));
console.log("web built: dist/index.html");

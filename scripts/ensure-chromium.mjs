#!/usr/bin/env node
// Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests.
// Never downloads a Playwright browser build: only `apt-get install chromium`, as root (or with
// sudo), running `apt-get update` first when the plain install fails (stale or empty package lists).
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

export const chromiumPath = "/usr/bin/chromium";

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function commandExists(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

function fail(message) {
  console.error(`\nensure-chromium: ${message}\n`);
  process.exit(1);
}

function main() {
  if (isExecutable(chromiumPath)) return;
  if (process.platform !== "linux" || !commandExists("apt-get")) {
    fail(
      `${chromiumPath} is missing and this is not a Debian-like system with apt-get. Install Chromium so that ${chromiumPath} exists, then run the browser tests again.`,
    );
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root && !commandExists("sudo")) {
    fail(
      `${chromiumPath} is missing and installing it needs root: run \`apt-get install -y chromium\` as root (sudo is not available here).`,
    );
  }
  const apt = (...args) => {
    const [command, argv] = root ? ["apt-get", args] : ["sudo", ["-n", "apt-get", ...args]];
    console.log(`ensure-chromium: ${root ? "" : "sudo "}apt-get ${args.join(" ")}`);
    return spawnSync(command, argv, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
  };
  console.log(`ensure-chromium: ${chromiumPath} is missing; installing Debian's chromium package`);
  let installed = apt("install", "-y", "--no-install-recommends", "chromium");
  if (!installed) {
    console.log("ensure-chromium: the install failed; updating the package lists and trying again");
    if (!apt("update"))
      fail("`apt-get update` failed (no network to the Debian mirrors, or no permission). Install the chromium package by hand.");
    installed = apt("install", "-y", "--no-install-recommends", "chromium");
  }
  if (!installed || !isExecutable(chromiumPath)) {
    fail(
      `could not install Debian's chromium package, so ${chromiumPath} is still missing. Run \`apt-get update && apt-get install -y chromium\` as root and look at its output.`,
    );
  }
  const version = spawnSync(chromiumPath, ["--version"], { encoding: "utf8" });
  console.log(`ensure-chromium: installed ${version.stdout?.trim() || chromiumPath}`);
}

main();

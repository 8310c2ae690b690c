import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { repoRoot } from "./server";

export type MachineFacts = {
  node: string;
  platform: string;
  kernel: string;
  cpuModel: string;
  cpuCount: number;
  /** CPUs this process may use (cgroup / affinity limits). */
  availableParallelism: number;
  totalMemoryGiB: number;
  postgres: string;
  database: string;
  gitCommit: string;
  /** Tracked files differ from the commit (read-only `git diff --quiet HEAD`). */
  uncommittedChanges: boolean | null;
  /** Share of all CPUs busy during the 2 s before the run (other work on the machine). */
  busyBeforeRunPercent: number | null;
};

function cpuTicks(): { busy: number; total: number } | undefined {
  try {
    const values = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/** How busy the machine is before we start (Linux; null elsewhere). */
export async function machineBusy(ms = 2_000): Promise<number | null> {
  const before = cpuTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTicks();
  if (!before || !after || after.total === before.total) return null;
  return Math.round(((after.busy - before.busy) / (after.total - before.total)) * 100);
}

function git(args: string[]): { ok: boolean; out: string } {
  try {
    return {
      ok: true,
      out: execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim(),
    };
  } catch {
    return { ok: false, out: "" };
  }
}

export function machineFacts(postgres: string, database: string, busyBeforeRunPercent: number | null): MachineFacts {
  const cpus = os.cpus();
  const commit = git(["rev-parse", "HEAD"]);
  const diff = commit.ok ? git(["diff", "--quiet", "HEAD", "--"]) : undefined;
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    availableParallelism: os.availableParallelism(),
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    postgres,
    database,
    gitCommit: commit.ok ? commit.out : "unknown",
    uncommittedChanges: diff === undefined ? null : !diff.ok,
    busyBeforeRunPercent,
  };
}

import { readdirSync, readFileSync } from "node:fs";
import { round } from "./stats";

export type PhaseUsage = {
  /** Highest resident set size of the server process in this phase, MiB. */
  maxRssMiB: number;
  meanRssMiB: number;
  /** CPU time per wall-clock second in this phase (100 = one core fully busy): */
  cpu: {
    /** the Node server process; */
    server: number;
    /** the embedded PostgreSQL (postmaster and every backend; null with an external database); */
    postgres: number | null;
    /** this benchmark process (autocannon, WebSocket clients, the SQL floor's client); */
    bench: number;
    /** every other process on the machine (other work disturbing the run shows up here); */
    other: number | null;
    /** the whole machine: busy share of all CPUs, in % of its capacity (100 = saturated). */
    machineBusyPercent: number | null;
  };
  seconds: number;
  samples: number;
};

export type ProcessUsage = {
  /** RSS right after the server was ready, before any request. */
  startRssMiB: number;
  peakRssMiB: number;
  /** The phase in which the peak was sampled. */
  peakPhase: string;
  endRssMiB: number;
  phases: Record<string, PhaseUsage>;
};

/** Clock ticks per second of /proc times (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

export function readRssKiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Fields of /proc/<pid>/stat after the command name: [0] = state (field 3 of proc(5)). */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: count after the last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** utime + stime of a process, in ticks (with its reaped children's when `children`). */
function processTicks(pid: number, children = false): number | undefined {
  const f = statFields(pid);
  if (!f) return undefined;
  const own = Number(f[11]) + Number(f[12]);
  return children ? own + Number(f[13]) + Number(f[14]) : own;
}

/**
 * CPU ticks of a PostgreSQL server: the postmaster with its reaped children (backends that
 * ended) plus every live child (backends, background processes).
 */
function postgresTicks(postmasterPid: number): number | undefined {
  const own = processTicks(postmasterPid, true);
  if (own === undefined) return undefined;
  let total = own;
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return total;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f && Number(f[1]) === postmasterPid) total += Number(f[11]) + Number(f[12]);
  }
  return total;
}

/** Busy and total ticks of all CPUs from /proc/stat. */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

type Snapshot = { at: number; server?: number; postgres?: number; benchMicros: number; machine?: { busy: number; total: number } };

function snapshot(serverPid: number, postmasterPid: number | undefined): Snapshot {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    server: processTicks(serverPid),
    postgres: postmasterPid === undefined ? undefined : postgresTicks(postmasterPid),
    benchMicros: usage.user + usage.system,
    machine: machineTicks(),
  };
}

type PhaseState = { rss: number[]; start: Snapshot; end?: Snapshot };

/**
 * Samples the server's VmRSS (/proc/<pid>/status) every `intervalMs` while the benchmark
 * runs, and per phase the CPU time of the server, PostgreSQL, this process and the whole
 * machine. Linux only; elsewhere the figures stay 0 or null.
 */
export class ProcessSampler {
  private timer: NodeJS.Timeout | undefined;
  private phase = "start";
  private readonly phases = new Map<string, PhaseState>();
  private first: number | undefined;
  private last: number | undefined;
  private peak = 0;
  private peakPhase = "";

  constructor(
    private readonly pid: number,
    private readonly postmasterPid: number | undefined,
    private readonly intervalMs = 200,
  ) {}

  start() {
    this.enter("start");
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Starts a new phase (a workload); the previous one ends now. */
  enter(phase: string) {
    this.close();
    this.phase = phase;
    this.phases.set(phase, { rss: [], start: snapshot(this.pid, this.postmasterPid) });
    this.sample();
  }

  private close() {
    const current = this.phases.get(this.phase);
    if (current && current.end === undefined) {
      this.sample();
      current.end = snapshot(this.pid, this.postmasterPid);
    }
  }

  private sample() {
    const kib = readRssKiB(this.pid);
    if (kib === undefined) return;
    this.first ??= kib;
    this.last = kib;
    if (kib > this.peak) {
      this.peak = kib;
      this.peakPhase = this.phase;
    }
    const state = this.phases.get(this.phase);
    if (state && state.rss.length < 100_000) state.rss.push(kib);
  }

  stop(): ProcessUsage {
    this.close();
    clearInterval(this.timer);
    const mib = (kib: number) => round(kib / 1024, 1);
    const phases: Record<string, PhaseUsage> = {};
    const cores = machineCores();
    for (const [name, state] of this.phases) {
      const end = state.end ?? snapshot(this.pid, this.postmasterPid);
      const seconds = (end.at - state.start.at) / 1000;
      const percent = (ticks: number | undefined) =>
        ticks === undefined || seconds <= 0 ? null : round((ticks / ticksPerSecond / seconds) * 100, 0);
      const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
      const server = percent(diff(state.start.server, end.server)) ?? 0;
      const postgres = percent(diff(state.start.postgres, end.postgres));
      const bench = seconds > 0 ? round(((end.benchMicros - state.start.benchMicros) / 1e6 / seconds) * 100, 0) : 0;
      const busy = diff(state.start.machine?.busy, end.machine?.busy);
      const total = diff(state.start.machine?.total, end.machine?.total);
      const machineBusyPercent = busy !== undefined && total ? round((busy / total) * 100, 0) : null;
      // All CPUs' busy time as "% of one core", minus what we account for.
      const machineCorePercent = machineBusyPercent === null ? null : machineBusyPercent * cores;
      const other = machineCorePercent === null ? null : Math.max(0, round(machineCorePercent - server - (postgres ?? 0) - bench, 0));
      phases[name] = {
        maxRssMiB: mib(Math.max(0, ...state.rss)),
        meanRssMiB: mib(state.rss.length ? state.rss.reduce((a, b) => a + b, 0) / state.rss.length : 0),
        cpu: { server, postgres, bench, other: postgres === null && this.postmasterPid !== undefined ? null : other, machineBusyPercent },
        seconds: round(seconds, 1),
        samples: state.rss.length,
      };
    }
    return {
      startRssMiB: mib(this.first ?? 0),
      peakRssMiB: mib(this.peak),
      peakPhase: this.peakPhase,
      endRssMiB: mib(this.last ?? 0),
      phases,
    };
  }
}

/** CPUs counted in /proc/stat's first line. */
function machineCores(): number {
  try {
    return (
      readFileSync("/proc/stat", "utf8")
        .split("\n")
        .filter((line) => /^cpu\d+ /.test(line)).length || 1
    );
  } catch {
    return 1;
  }
}

// How far an import has come, and which step of the wizard shows it.
import type { ImportJob } from "@relata/contracts";

export type Counts = Pick<ImportJob, "totalRows" | "processedRows" | "createdRows" | "updatedRows" | "skippedRows" | "errorRows">;

/** Share of rows processed, 0–100 (a finished import is 100 even when the file had fewer rows than counted). */
export function percentDone(job: Counts & Pick<ImportJob, "status">): number {
  if (job.status === "done") return 100;
  if (job.totalRows <= 0) return 0;
  return Math.min(100, Math.max(0, (job.processedRows / job.totalRows) * 100));
}

export type Sample = { at: number; processed: number };

/** Keeps the samples of the last `windowMs` (and at least the newest two), adding one when the count moved. */
export function addSample(samples: readonly Sample[], sample: Sample, windowMs = 20_000): Sample[] {
  const last = samples.at(-1);
  const next = last && last.processed === sample.processed ? [...samples] : [...samples, sample];
  if (last && sample.processed < last.processed) return [sample];
  const cutoff = sample.at - windowMs;
  const kept = next.filter((item) => item.at >= cutoff);
  return kept.length >= 2 ? kept : next.slice(-2);
}

/** Rows per second over the samples; undefined until two samples differ. */
export function rowsPerSecond(samples: readonly Sample[]): number | undefined {
  if (samples.length < 2) return undefined;
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const seconds = (last.at - first.at) / 1000;
  if (seconds <= 0 || last.processed <= first.processed) return undefined;
  return (last.processed - first.processed) / seconds;
}

/** The rate since the import started, for a finished import (or before there are samples). */
export function averageRate(job: Pick<ImportJob, "processedRows" | "startedAt" | "finishedAt">, now = Date.now()): number | undefined {
  if (!job.startedAt || job.processedRows <= 0) return undefined;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  const seconds = (end - Date.parse(job.startedAt)) / 1000;
  return seconds > 0 ? job.processedRows / seconds : undefined;
}

/** Seconds left at `rate` rows per second. */
export function secondsLeft(job: Counts, rate: number | undefined): number | undefined {
  if (!rate || rate <= 0) return undefined;
  return Math.max(0, Math.ceil((job.totalRows - job.processedRows) / rate));
}

/** A real run that stopped before the end and can go on from its last committed chunk. */
export const canResume = (job: Pick<ImportJob, "status" | "dryRun">) =>
  !job.dryRun && (job.status === "failed" || job.status === "cancelled");

/** Mapping and duplicate handling may still change: nothing applied yet, or only a dry run. */
export const isEditable = (job: Pick<ImportJob, "status" | "dryRun">) =>
  job.status === "uploaded" || (job.dryRun && ["done", "failed", "cancelled"].includes(job.status));

export const wizardSteps = ["file", "mapping", "options", "preview", "run", "result"] as const;
export type WizardStep = (typeof wizardSteps)[number];
export const editSteps = ["mapping", "options", "preview"] as const;
export type EditStep = (typeof editSteps)[number];

/**
 * The step to show: while the mapping may change, the one asked for (mapping first); a real
 * run in progress shows its progress; a real run that ended shows its result.
 */
export function currentStep(job: Pick<ImportJob, "status" | "dryRun">, requested: unknown): WizardStep {
  const active = job.status === "queued" || job.status === "running";
  // A dry run in progress shows on the check step, where its result will appear.
  if (job.dryRun && active) return "preview";
  if (isEditable(job)) {
    if ((editSteps as readonly unknown[]).includes(requested)) return requested as EditStep;
    return job.dryRun ? "preview" : "mapping";
  }
  return active ? "run" : "result";
}

/** Whether a file looks like CSV by its name or type (the server decides for sure). */
export function looksLikeCsv(file: Pick<File, "name" | "type">): boolean {
  return /\.(csv|txt|tsv)$/i.test(file.name) || /csv|comma-separated|tab-separated/i.test(file.type);
}

/** The largest file the server takes. */
export const maxUploadBytes = 512 * 1024 * 1024;

/**
 * A byte count in the reader's language: "950 bytes", "12.4 kB", "512 MB". Steps of 1024, as
 * the server counts its upload limit.
 */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: units[unit],
    // "950 bytes" reads better than the short "950 byte"; larger units are known by their symbols.
    unitDisplay: unit === 0 ? "long" : "short",
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
}

/** A duration in whole hours, minutes and seconds, for the translations to word. */
export function splitDuration(seconds: number): { hours: number; minutes: number; seconds: number } {
  const total = Math.max(0, Math.round(seconds));
  return { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

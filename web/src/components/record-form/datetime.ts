/**
 * Date-time inputs show wall-clock time in the user's time zone (which may differ from the
 * browser's); the API speaks ISO instants. Pure (unit-tested).
 */
import { wallTimeIn, zoneOffsetMs } from "@relata/contracts/plain";

/** ISO instant → `YYYY-MM-DDTHH:mm` in `timeZone` (for <input type="datetime-local">). */
export function isoToLocalInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return "";
  return new Date(time + zoneOffsetMs(time, timeZone)).toISOString().slice(0, 16);
}

/** `YYYY-MM-DDTHH:mm` wall-clock in `timeZone` → ISO instant (undefined when not a valid input). */
export function localInputToIso(local: string, timeZone: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return undefined;
  const [, day, h, mi, s] = match;
  return wallTimeIn(day!, Number(h) * 60 + Number(mi) + Number(s ?? 0) / 60, timeZone).toISOString();
}

/** A calendar date (`YYYY-MM-DD`) as a Date that formats to the same day in every time zone near UTC. */
export function calendarDate(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

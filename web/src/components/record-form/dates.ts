/** Calendar dates as typed and shown in the date inputs, per UI language (dayjs, as @mantine/dates uses it). Pure (unit-tested). */
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat";
import "dayjs/locale/sv";
import "dayjs/locale/zh-cn";

dayjs.extend(customParseFormat);

/** The dayjs locale of a UI language. */
export const dayjsLocale = (language: string) => ({ "zh-CN": "zh-cn", sv: "sv" })[language] ?? "en";

/** How a date shows in the input for each UI language. */
export const dateInputFormat = (language: string) => ({ "zh-CN": "YYYY年M月D日", sv: "D MMM YYYY" })[language] ?? "D MMM YYYY";

/** A typed date as YYYY-MM-DD: the shown format, ISO, or the usual numeric forms; null when none fits. */
export function parseTypedDate(text: string, language: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  for (const format of [dateInputFormat(language), "YYYY-MM-DD", "YYYY/M/D", "D.M.YYYY", "D/M/YYYY"]) {
    const parsed = dayjs(trimmed, format, dayjsLocale(language), true);
    if (parsed.isValid()) return parsed.format("YYYY-MM-DD");
  }
  return null;
}

/** Calendar dates as typed and shown in the date pickers, per UI language. Pure (unit-tested). */
import dayjs from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat";
import "dayjs/locale/sv";
import "dayjs/locale/zh-cn";

dayjs.extend(customParseFormat);

export const dayjsLocales: Record<string, string> = { en: "en", "zh-CN": "zh-cn", sv: "sv" };
export const dateFormats: Record<string, string> = { en: "D MMM YYYY", "zh-CN": "YYYY年M月D日", sv: "D MMM YYYY" };

/** Typed dates: the shown format, or ISO (YYYY-MM-DD), or the usual numeric forms. */
export function parseTypedDate(text: string, language: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const locale = dayjsLocales[language] ?? "en";
  const formats = [dateFormats[language] ?? dateFormats.en!, "YYYY-MM-DD", "YYYY/M/D", "D.M.YYYY", "D/M/YYYY"];
  for (const format of formats) {
    const parsed = dayjs(trimmed, format, locale, true);
    if (parsed.isValid()) return parsed.format("YYYY-MM-DD");
  }
  return null;
}

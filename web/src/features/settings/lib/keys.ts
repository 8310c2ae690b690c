/**
 * Field keys and option values made from English labels: what the server accepts (contracts:
 * fieldKey `^[a-z][a-z0-9_]{0,39}$`, option value `^[a-z0-9][a-z0-9_-]{0,39}$`). Pure.
 */

/** Lower-case ASCII words of a label: accents dropped ("Café" → "cafe"), anything else separates. */
function words(label: string): string[] {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[æÆ]/g, "ae")
    .replace(/[øØ]/g, "o")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** "Purchasing contact (main)" → "purchasing_contact_main"; a label without letters gives "". */
export function keyFromLabel(label: string): string {
  let key = words(label).join("_");
  // A key starts with a letter: "2nd buyer" → "f_2nd_buyer".
  if (key && !/^[a-z]/.test(key)) key = `f_${key}`;
  return key.slice(0, 40).replace(/_+$/, "");
}

/** "Framework agreement" → "framework-agreement". */
export function optionValueFromLabel(label: string): string {
  return words(label).join("-").slice(0, 40).replace(/-+$/, "");
}

export const fieldKeyPattern = /^[a-z][a-z0-9_]{0,39}$/;
export const optionValuePattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** A key not yet taken: "region", "region_2", "region_3"… (keys stay taken while a field is archived). */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  if (!base || !taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

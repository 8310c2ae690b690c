/** Small pure helpers of the group screens (unit-tested). */
import type { ShareBand } from "@relata/contracts";

/** A country code as its flag (regional indicator letters); "" for anything that is not two letters. */
export function flagOf(code: string | null | undefined): string {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return "";
  return String.fromCodePoint(...[...code.toUpperCase()].map((letter) => 0x1f1e6 + letter.charCodeAt(0) - 65));
}

/** The ownership band of a share (100 %, more than half, at most half, not recorded). */
export function shareBand(share: number | null): ShareBand {
  if (share === null) return "unknown";
  if (share >= 100) return "full";
  return share > 50 ? "majority" : "minority";
}

/** Country names in a language ("SE" → "Sweden"); the code itself where the browser has no name. */
export function regionNames(language: string): (code: string) => string {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([language], { type: "region" });
  } catch {
    names = undefined;
  }
  return (code) => {
    try {
      return names?.of(code.toUpperCase()) ?? code;
    } catch {
      return code;
    }
  };
}

let flagSupport: boolean | undefined;
/**
 * Whether this device draws flag emoji as flags (many desktops show two letters in boxes
 * instead): the flag of Sweden is drawn on a canvas and looked at for colour. Asked once.
 */
export function flagsSupported(): boolean {
  if (flagSupport !== undefined) return flagSupport;
  flagSupport = false;
  try {
    const canvas = typeof document === "undefined" ? undefined : document.createElement("canvas");
    const context = canvas?.getContext("2d", { willReadFrequently: true });
    if (!canvas || !context) return flagSupport;
    canvas.width = canvas.height = 24;
    context.textBaseline = "top";
    context.font = "20px sans-serif";
    context.fillText(flagOf("SE"), 0, 0);
    const pixels = context.getImageData(0, 0, 24, 24).data;
    for (let index = 0; index < pixels.length; index += 4) {
      const [red, green, blue] = [pixels[index]!, pixels[index + 1]!, pixels[index + 2]!];
      if (Math.max(red, green, blue) - Math.min(red, green, blue) > 40) return (flagSupport = true);
    }
  } catch {
    flagSupport = false;
  }
  return flagSupport;
}

/** The flag before a country's code or name where the device can draw it, else nothing. */
export function flagPrefix(code: string | null | undefined): string {
  const flag = flagsSupported() ? flagOf(code) : "";
  return flag ? `${flag} ` : "";
}

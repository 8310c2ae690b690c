import { createTheme, darken, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  // Darker shades keep text on filled buttons and links above WCAG AA contrast (4.5:1).
  primaryShade: { light: 8, dark: 8 },
});

/** The red, green and blue of `#rrggbb` or `rgb(a)(r, g, b…)` (what Mantine's colour functions return). */
function channels(colour: string): [number, number, number] {
  const numbers = colour.startsWith("#")
    ? [1, 3, 5].map((offset) => parseInt(colour.slice(offset, offset + 2), 16))
    : (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  return [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0];
}

/** WCAG relative luminance. */
function luminance(colour: string): number {
  const [r, g, b] = channels(colour).map((value) => {
    const v = value / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Shade 9 of the colour, darkened in steps until it reads at 4.6:1 on the light tint (shade 1). */
export function lightVariantText(shades: MantineColorsTuple): string {
  let text = shades[9];
  for (let step = 1; contrast(text, shades[1]) < 4.6 && step <= 10; step++) text = darken(shades[9], step * 0.05);
  return text;
}

/**
 * Secondary ("dimmed") text dark enough for WCAG AA on white, and light enough on dark; the text of
 * "light" variants (badges, alerts, light buttons) darkened where Mantine's shade 9 is too pale on
 * its tint (yellow, orange, lime, green, teal, cyan in the light scheme); field error text that
 * reads at AA on inputs and dialogs too (Mantine's red 8 is 4.5:1 on white only, red 6 on dark
 * inputs 4.1:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const lightText: Record<string, string> = {};
  for (const [name, shades] of Object.entries({ ...DEFAULT_THEME.colors, ...t.colors })) {
    if (shades && contrast(shades[9], shades[1]) < 4.6) lightText[`--mantine-color-${name}-light-color`] = lightVariantText(shades);
  }
  return {
    variables: {},
    light: {
      "--mantine-color-dimmed": t.colors.gray[7],
      "--mantine-color-placeholder": t.colors.gray[6],
      "--mantine-color-error": t.colors.red[9],
      ...lightText,
    },
    dark: {
      "--mantine-color-dimmed": t.colors.dark[1],
      "--mantine-color-error": t.colors.red[4],
    },
  };
};

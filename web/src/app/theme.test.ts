import { DEFAULT_THEME } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { contrast, cssVariablesResolver, theme } from "./theme";

describe("theme contrast", () => {
  const merged = { ...DEFAULT_THEME, ...theme, colors: DEFAULT_THEME.colors } as typeof DEFAULT_THEME;
  const light = cssVariablesResolver(merged).light;

  it("measures contrast like WCAG", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("rgba(255, 255, 255, 1)", "#ffffff")).toBeCloseTo(1, 5);
  });

  it.each(Object.keys(DEFAULT_THEME.colors))("light-variant text of %s reads at 4.5:1 on its tint", (name) => {
    const shades = DEFAULT_THEME.colors[name]!;
    const text = light[`--mantine-color-${name}-light-color`] ?? shades[9];
    expect(contrast(text, shades[1])).toBeGreaterThanOrEqual(4.5);
  });

  it("leaves colours that already pass alone", () => {
    expect(light["--mantine-color-blue-light-color"]).toBeUndefined();
    expect(light["--mantine-color-yellow-light-color"]).toBeDefined();
  });

  it("gives field errors text that reads at 4.5:1 on light inputs and tints, and on dark inputs and dialogs", () => {
    const dark = cssVariablesResolver(merged).dark;
    const { gray, dark: darks } = DEFAULT_THEME.colors;
    for (const background of ["#ffffff", gray[0], gray[1]])
      expect(contrast(light["--mantine-color-error"]!, background)).toBeGreaterThanOrEqual(4.5);
    for (const background of [darks[5], darks[6], darks[7]])
      expect(contrast(dark["--mantine-color-error"]!, background)).toBeGreaterThanOrEqual(4.5);
  });
});

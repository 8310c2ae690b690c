import { createTheme, type CSSVariablesResolver } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  // Darker shades keep text on filled buttons and links above WCAG AA contrast (4.5:1).
  primaryShade: { light: 8, dark: 8 },
});

/** Secondary ("dimmed") text dark enough for WCAG AA on white, and light enough on dark. */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": t.colors.gray[7],
    "--mantine-color-placeholder": t.colors.gray[6],
  },
  dark: {
    "--mantine-color-dimmed": t.colors.dark[1],
  },
});

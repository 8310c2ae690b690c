import { useMediaQuery } from "@mantine/hooks";

/** Phones get cards instead of tables (the `sm` breakpoint, 48em). Read synchronously so nothing renders twice. */
export function useIsPhone(): boolean {
  return useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
}

import { useMediaQuery } from "@mantine/hooks";

/** Phones get cards instead of tables (below 48em, as the shared list). Read synchronously so nothing renders twice. */
export function useIsPhone(): boolean {
  return useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
}

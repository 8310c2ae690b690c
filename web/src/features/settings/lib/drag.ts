import type { Modifier } from "@dnd-kit/core";

/** Rows move only up and down (the lists are vertical; sideways drift reads as a glitch). */
export const restrictToVertical: Modifier = ({ transform }) => ({ ...transform, x: 0 });

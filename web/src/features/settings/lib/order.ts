/** Reordering lists of sections or fields and the position changes to save. Pure. */

/** The list with the item at `from` moved to `to` (both clamped to the list). */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from < 0 || from >= next.length) return next;
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item!);
  return next;
}

/**
 * The PATCHes that give each item its index as position; items already there are left alone
 * (so a move touches only what changed, and positions end up 0…n-1 without gaps or ties).
 */
export function positionChanges<T extends { id: string; position: number; version: number }>(
  ordered: readonly T[],
): { id: string; version: number; position: number }[] {
  return ordered.flatMap((item, index) => (item.position === index ? [] : [{ id: item.id, version: item.version, position: index }]));
}

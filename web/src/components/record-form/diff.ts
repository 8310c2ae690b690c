/** What changed in a form, and how mine and theirs differ after a conflict. Pure (unit-tested). */

export type Values = Record<string, unknown>;

/** Empty means "no value": undefined, null, "", whitespace, [] — they are all the same to a form. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    // "3" and 3 from a number input are the same value
    if ((typeof a === "number" && typeof b === "string") || (typeof a === "string" && typeof b === "number"))
      return String(a) === String(b);
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!valuesEqual(left[key], right[key])) return false;
  return true;
}

/** Equal as far as a user can tell (all empties alike, numbers as text alike, arrays and objects by content). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  return deepEqual(a, b);
}

/** The fields whose value differs from the base: what a PATCH sends. */
export function changedValues(base: Values, current: Values, names: readonly string[]): Values {
  const changed: Values = {};
  for (const name of names) if (!valuesEqual(base[name], current[name])) changed[name] = current[name];
  return changed;
}

export function isDirty(base: Values, current: Values, names: readonly string[]): boolean {
  return names.some((name) => !valuesEqual(base[name], current[name]));
}

export type ConflictRow = {
  name: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  /** I changed it (mine ≠ base) */
  mineChanged: boolean;
  /** They changed it (theirs ≠ base) */
  theirsChanged: boolean;
  /** Both changed it, to different values: keeping mine overwrites theirs */
  clash: boolean;
};

/** Rows of the compare table: every field either side changed, in field order. */
export function conflictRows(names: readonly string[], base: Values, mine: Values, theirs: Values): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const name of names) {
    const mineChanged = !valuesEqual(base[name], mine[name]);
    const theirsChanged = !valuesEqual(base[name], theirs[name]);
    if (!mineChanged && !theirsChanged) continue;
    rows.push({
      name,
      base: base[name],
      mine: mine[name],
      theirs: theirs[name],
      mineChanged,
      theirsChanged,
      clash: mineChanged && theirsChanged && !valuesEqual(mine[name], theirs[name]),
    });
  }
  return rows;
}

export type MergeRow<N extends string = string> = {
  name: N;
  kept: unknown;
  source: unknown;
  /** The kept record has no value here: the merge fills it from the other one in any case (no choice) */
  filled: boolean;
};

/** Rows of a merge's field-by-field choice: every field where the kept and the merged-away record differ, in field order. */
export function mergeRows<N extends string>(names: readonly N[], kept: Values, source: Values): MergeRow<N>[] {
  return names
    .filter((name) => !valuesEqual(kept[name], source[name]))
    .map((name) => ({ name, kept: kept[name], source: source[name], filled: isEmptyValue(kept[name]) }));
}

/** A merge's `take`: the fields whose value comes from the merged-away record — those filled anyway and those chosen. */
export function mergeTake<N extends string>(rows: readonly MergeRow<N>[], chosen: ReadonlySet<string>): N[] {
  return rows.filter((row) => row.filled || chosen.has(row.name)).map((row) => row.name);
}

/** "Keep mine": their current record with my changed fields on top. */
export function rebase(theirs: Values, myChanges: Values): Values {
  return { ...theirs, ...myChanges };
}

/** The form's values of a record: the named fields only. */
export function pickValues(record: Values, names: readonly string[]): Values {
  return Object.fromEntries(names.map((name) => [name, record[name]]));
}

/**
 * Deterministic randomness for the generator: every value is a pure function of the seed and
 * of where it is drawn (a stream name and indexes), so a record can be generated on its own —
 * company 81,234's contacts need neither the companies before it nor a shared cursor — and the
 * same `--seed` always gives the same rows, ids included.
 */

/** murmur3's 32-bit finaliser: a well-mixed 32-bit value of a 32-bit input. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of integers (seed, stream, indexes…); `lane` picks one of several independent hashes. */
function hashLane(lane: number, parts: readonly number[]): number {
  let h = mix32(0x9e3779b9 + Math.imul(lane + 1, 0x85ebca6b));
  for (const part of parts) h = mix32(h ^ mix32(part + 0x7f4a7c15 + (h << 6) + (h >>> 2)));
  return h;
}

export const hash32 = (...parts: number[]): number => hashLane(0, parts);

/** A 32-bit code of a stream name ("company", "contact"…), so streams never share draws. */
export function streamCode(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const hex = (value: number) => value.toString(16).padStart(8, "0");

/**
 * A version-4-shaped UUID that is a pure function of its inputs. Its four words come from four
 * independent hashes: one 32-bit state would make ids collide after some 65,000 of them.
 */
export function uuidOf(seed: number, stream: string, ...indexes: number[]): string {
  const parts = [seed, streamCode(stream), ...indexes];
  const a = hex(hashLane(1, parts));
  const b = hex(hashLane(2, parts));
  const c = hex(hashLane(3, parts));
  const d = hex(hashLane(4, parts));
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

/** mulberry32: a small, fast PRNG; `Random` adds the draws the generator needs. */
export class Random {
  private state: number;

  constructor(seed: number, stream: string, ...indexes: number[]) {
    this.state = hash32(seed, streamCode(stream), ...indexes);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }

  /** One of `values`, each with its weight. */
  weighted<T>(values: readonly (readonly [T, number])[]): T {
    const total = values.reduce((sum, [, weight]) => sum + weight, 0);
    let target = this.next() * total;
    for (const [value, weight] of values) {
      target -= weight;
      if (target < 0) return value;
    }
    return values[values.length - 1]![0];
  }

  /** A non-negative integer with mean ≈ `mean`, skewed like real activity (a few records have many). */
  skewed(mean: number): number {
    return Math.floor(-Math.log(1 - this.next()) * mean + 0.5);
  }

  /** `pattern` with every `#` a digit and every `%` a digit 1–9. */
  digits(pattern: string): string {
    let out = "";
    for (const char of pattern) out += char === "#" ? String(this.int(0, 9)) : char === "%" ? String(this.int(1, 9)) : char;
    return out;
  }
}

import type { DomainEvent } from "../events/unit-of-work";

/** Objects whose changes can change who an actor is or whether a session still holds. */
const actorShapingObjects: ReadonlySet<string> = new Set(["user", "role", "team", "org_unit", "session"]);

/** Do these events change an actor (their rights, or whether their session holds)? A new session changes nobody's. */
export const touchesActors = (events: readonly Pick<DomainEvent, "object" | "name">[]) =>
  events.some((event) => actorShapingObjects.has(event.object) && event.name !== "session.started");

/**
 * A per-process memo of session token → authenticated actor, so a burst of requests from one
 * browser does not rebuild the actor from the database each time. Entries live `ttlMs` at most
 * (SECURITY.md AC-8 allows a deactivated user ≤1 s, on any node); changes to users, roles,
 * teams, units or sessions made on this node clear it on commit, those of other nodes when their
 * event arrives. Only valid sessions are kept: a refused token is looked up again every time.
 */
export class ActorCache<T> {
  private readonly entries = new Map<string, { value: T; at: number }>();

  constructor(
    readonly ttlMs = 500,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (performance.now() - entry.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      // Oldest first (a Map iterates in insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, at: performance.now() });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

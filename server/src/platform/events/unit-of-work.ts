import { sql } from "drizzle-orm";
import type { AccessObject } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { outbox, idempotencyKeys } from "../../db/schema";
import { actorId, type Actor } from "../access/actor";
import type { RecordAccess } from "../access/policy";
import { and, eq } from "drizzle-orm";
import { AppError, Conflict } from "../errors";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DomainEvent = {
  /** `<object>.<verb>`, e.g. `company.updated`, `contract.item.fulfilled`. */
  name: string;
  object: AccessObject;
  recordId: string | null;
  /** Realtime topics, e.g. `company:<id>`, `list:companies`. */
  topics: string[];
  /** For record objects: who may see it (the hub checks it per subscriber). */
  access?: RecordAccess;
  payload?: Record<string, unknown>;
};

export type UnitOfWork = {
  tx: Tx;
  actor: Actor;
  requestId: string | undefined;
  /** Records an event and runs its projections now, inside this transaction. */
  emit: (event: DomainEvent) => Promise<void>;
  /**
   * Runs `work` in a savepoint: if it throws, its writes and the events it emitted are undone
   * and the rest of the transaction goes on (bulk actions report such parts one by one).
   */
  savepoint: <T>(work: (uow: UnitOfWork) => Promise<T>) => Promise<T>;
};

export type Projection = (event: DomainEvent, uow: UnitOfWork) => Promise<void>;
export type CommitListener = (events: readonly DomainEvent[]) => void;

/**
 * Projections keep derived data current inside the writing transaction (never stale, never
 * half). Commit listeners hear of a unit of work's events after it committed, on this node,
 * before the request answers (caches that must not outlive a change use them).
 */
export class Projections {
  private readonly byName = new Map<string, Projection[]>();
  private readonly commitListeners: CommitListener[] = [];

  onCommit(listener: CommitListener): void {
    this.commitListeners.push(listener);
  }

  committed(events: readonly DomainEvent[]): void {
    for (const listener of this.commitListeners) listener(events);
  }

  on(eventName: string, projection: Projection): void {
    const list = this.byName.get(eventName) ?? [];
    list.push(projection);
    this.byName.set(eventName, list);
  }

  async run(event: DomainEvent, uow: UnitOfWork): Promise<void> {
    for (const projection of this.byName.get(event.name) ?? []) await projection(event, uow);
    for (const projection of this.byName.get("*") ?? []) await projection(event, uow);
  }
}

export const liveChannel = "relata_events";
const maxNotifyBytes = 7900;

/** A claimed Idempotency-Key; `token` identifies this attempt (a takeover issues a new one). */
export type IdempotencyClaim = { actorKey: string; key: string; token: string };

export type UnitOfWorkContext = {
  actor: Actor;
  requestId?: string | undefined;
  idempotency?: IdempotencyClaim | undefined;
};

/** SQLSTATEs after which the whole transaction may simply run again: deadlock, serialization failure. */
const retryableStates = new Set(["40P01", "40001"]);
export const transactionAttempts = 3;

/** The SQLSTATE of an error or of the driver error it wraps. */
function sqlState(error: unknown): string | undefined {
  for (
    let current = error, depth = 0;
    current && typeof current === "object" && depth < 5;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

export const isRetryableTransactionError = (error: unknown) => !(error instanceof AppError) && retryableStates.has(sqlState(error) ?? "");

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every write runs here: one transaction carrying the actor (for the audit triggers), the
 * request id and the events. Events are written to the outbox and announced with NOTIFY in
 * the same transaction, so they reach other nodes and screens only if the write commits.
 *
 * Concurrent writes lock rows (and, at commit, the audit chain), so two transactions can
 * deadlock (40P01) or fail to serialize (40001); PostgreSQL then rolls one back whole. That one
 * runs again from the start (at most `transactionAttempts` times, after a short random pause);
 * if it still fails, the error handler answers 503 with Retry-After. `work` must therefore
 * only touch the database through `uow` (everything else it does may happen more than once).
 */
export async function unitOfWork<T>(
  db: Db,
  projections: Projections,
  context: UnitOfWorkContext,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptUnitOfWork(db, projections, context, work);
    } catch (error) {
      if (attempt >= transactionAttempts || !isRetryableTransactionError(error)) throw error;
      await pause(5 + Math.random() * 20 * attempt);
    }
  }
}

async function attemptUnitOfWork<T>(
  db: Db,
  projections: Projections,
  context: UnitOfWorkContext,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  const events: DomainEvent[] = [];
  const result = await db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT set_config('relata.actor_id', ${actorId(context.actor) ?? ""}, true), set_config('relata.request_id', ${context.requestId ?? ""}, true)`,
    );
    const scoped = (scopeTx: Tx, collected: DomainEvent[]): UnitOfWork => {
      const uow: UnitOfWork = {
        tx: scopeTx,
        actor: context.actor,
        requestId: context.requestId,
        emit: async (event) => {
          collected.push(event);
          await projections.run(event, uow);
        },
        savepoint: async (part) => {
          const partEvents: DomainEvent[] = [];
          const value = await scopeTx.transaction(async (inner) => part(scoped(inner, partEvents)));
          collected.push(...partEvents);
          return value;
        },
      };
      return uow;
    };
    const value = await work(scoped(tx, events));
    if (events.length > 0) await publish(tx, context.actor, events);
    if (context.idempotency) {
      const { actorKey, key, token } = context.idempotency;
      // Only the attempt that still holds the claim may commit: a retry that took it over
      // (the first attempt looked abandoned) and this one can never both take effect.
      const held = await tx
        .update(idempotencyKeys)
        .set({ state: "committed" })
        .where(and(eq(idempotencyKeys.actorKey, actorKey), eq(idempotencyKeys.key, key), eq(idempotencyKeys.lockedBy, token)))
        .returning({ key: idempotencyKeys.key });
      if (held.length === 0) throw Conflict("This request is already being processed");
    }
    return value;
  });
  if (events.length > 0) projections.committed(events);
  return result;
}

async function publish(tx: Tx, actor: Actor, events: DomainEvent[]) {
  const rows = await tx
    .insert(outbox)
    .values(
      events.map((event) => ({
        name: event.name,
        object: event.object,
        recordId: event.recordId,
        actorId: actorId(actor),
        topics: event.topics,
        access: event.access ?? null,
        payload: event.payload ?? {},
      })),
    )
    .returning({ id: outbox.id, at: outbox.at });
  for (const [index, event] of events.entries()) {
    const row = rows[index]!;
    const message = JSON.stringify({
      id: row.id.toString(),
      at: row.at.toISOString(),
      name: event.name,
      object: event.object,
      recordId: event.recordId,
      topics: event.topics,
      access: event.access ?? null,
      payload: event.payload ?? {},
    });
    // NOTIFY is delivered on commit only; a large event travels as its outbox id.
    const payload = Buffer.byteLength(message) <= maxNotifyBytes ? message : JSON.stringify({ id: row.id.toString() });
    await tx.execute(sql`SELECT pg_notify(${liveChannel}, ${payload})`);
  }
}

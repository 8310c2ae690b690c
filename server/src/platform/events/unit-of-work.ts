import { sql } from "drizzle-orm";
import type { AccessObject } from "@relata/contracts";
import type { Db } from "../../db/connection";
import { outbox, idempotencyKeys } from "../../db/schema";
import { actorId, type Actor } from "../access/actor";
import type { RecordAccess } from "../access/policy";
import { and, eq } from "drizzle-orm";
import { Conflict } from "../errors";

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
};

export type Projection = (event: DomainEvent, uow: UnitOfWork) => Promise<void>;

/** Projections keep derived data current inside the writing transaction (never stale, never half). */
export class Projections {
  private readonly byName = new Map<string, Projection[]>();

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

/**
 * Every write runs here: one transaction carrying the actor (for the audit triggers), the
 * request id and the events. Events are written to the outbox and announced with NOTIFY in
 * the same transaction, so they reach other nodes and screens only if the write commits.
 */
export async function unitOfWork<T>(
  db: Db,
  projections: Projections,
  context: UnitOfWorkContext,
  work: (uow: UnitOfWork) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT set_config('relata.actor_id', ${actorId(context.actor) ?? ""}, true), set_config('relata.request_id', ${context.requestId ?? ""}, true)`,
    );
    const events: DomainEvent[] = [];
    const uow: UnitOfWork = {
      tx,
      actor: context.actor,
      requestId: context.requestId,
      emit: async (event) => {
        events.push(event);
        await projections.run(event, uow);
      },
    };
    const result = await work(uow);
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
    return result;
  });
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

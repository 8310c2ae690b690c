import pg from "pg";
import type { AccessObject } from "@relata/contracts";
import type { Actor } from "../access/actor";
import { canAccessRecord, canUse, type RecordAccess } from "../access/policy";
import { liveChannel } from "../events/unit-of-work";
import { touchesActors } from "../auth/actor-cache";
import type { Logger } from "../../db/connection";

export type PublishedEvent = {
  id: string;
  at: string;
  name: string;
  object: AccessObject;
  recordId: string | null;
  topics: string[];
  access: RecordAccess | null;
  payload: Record<string, unknown>;
};

export type Subscriber = {
  actor: Actor;
  sessionId: string | undefined;
  topics: Set<string>;
  send: (message: string) => void;
  close: (code: number, reason: string) => void;
};

type OutboxReader = (afterId: string | undefined, ids?: string[]) => Promise<PublishedEvent[]>;

/** Reloads a subscriber's actor after access changes; null = the session is no longer valid. */
type ActorLoader = (sessionId: string) => Promise<Actor | null>;

/** How far below the last seen id a catch-up looks for late commits. */
const catchUpWindow = 1_000;

/**
 * Receives committed events from PostgreSQL (LISTEN/NOTIFY, so every node sees every event)
 * and pushes each to the local WebSocket subscribers that asked for its topic and may see it.
 */
export class RealtimeHub {
  private client: pg.Client | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private lastId: string | undefined;
  /** The newest event at start: older ones are never replayed. */
  private floorId: string | undefined;
  /** Ids dispatched within the catch-up window (duplicates are dropped). */
  private readonly dispatched = new Set<string>();
  private stopped = false;
  private reconnectDelay = 100;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(event: PublishedEvent) => void>();

  constructor(
    private readonly connectionString: string,
    private readonly readOutbox: OutboxReader,
    private readonly loadActor: ActorLoader,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    for (const subscriber of this.subscribers) subscriber.close(1001, "server shutting down");
    this.subscribers.clear();
    await this.client?.end().catch(() => undefined);
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  add(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** In-process observers of every event (jobs, tests). */
  onEvent(listener: (event: PublishedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "relata-live" });
    client.on("error", (error) => {
      this.log.warn(`live event listener lost its connection: ${error.message}`);
      this.reconnect(client);
    });
    client.on("end", () => this.reconnect(client));
    client.on("notification", (message) => {
      if (message.channel !== liveChannel || !message.payload) return;
      void this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${liveChannel}`);
    } catch (error) {
      // Not listening: drop this client quietly; the caller schedules the next attempt.
      client.removeAllListeners("end");
      client.removeAllListeners("error");
      client.on("error", () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    try {
      if (this.lastId === undefined) {
        const latest = await client.query<{ id: string | null }>("SELECT max(id)::text AS id FROM outbox");
        this.lastId = latest.rows[0]?.id ?? "0";
        this.floorId = this.lastId;
      } else {
        // Events committed while we were not listening are read back from the outbox.
        await this.catchUp();
      }
      this.reconnectDelay = 100;
    } catch (error) {
      // Without the catch-up, events would be missing: treat it as a lost connection and retry.
      this.log.warn(`live event catch-up failed: ${(error as Error).message}`);
      this.reconnect(client);
    }
  }

  /**
   * Outbox ids are drawn just before commit, so a transaction can commit after one with a
   * later id: re-read a window below the last id seen and skip what was already dispatched.
   */
  private async catchUp() {
    let after = BigInt(this.lastId ?? "0") - BigInt(catchUpWindow);
    const floor = BigInt(this.floorId ?? "0");
    if (after < floor) after = floor;
    for (;;) {
      const events = await this.readOutbox(after.toString());
      if (events.length === 0) return;
      for (const event of events) this.dispatch(event);
      after = BigInt(events.at(-1)!.id);
    }
  }

  private reconnect(client: pg.Client) {
    if (this.client !== client && this.client !== undefined) return;
    this.client = undefined;
    if (this.stopped || this.reconnectTimer) return;
    client.removeAllListeners("end");
    void client.end().catch(() => undefined);
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, 5_000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error: Error) => {
        this.log.warn(`live event listener reconnect failed: ${error.message}`);
        this.reconnect(client);
      });
    }, delay);
  }

  private async receive(payload: string) {
    try {
      const parsed = JSON.parse(payload) as Partial<PublishedEvent> & { id: string };
      if (parsed.name === undefined) {
        const [event] = await this.readOutbox(undefined, [parsed.id]);
        if (event) this.dispatch(event);
        return;
      }
      this.dispatch(parsed as PublishedEvent);
    } catch (error) {
      this.log.error(error, "could not dispatch a live event");
    }
  }

  private dispatch(event: PublishedEvent) {
    // NOTIFY and the catch-up can both bring an event: each is dispatched once.
    if (this.dispatched.has(event.id)) return;
    this.remember(event.id);
    for (const listener of this.listeners) listener(event);
    const message = JSON.stringify({
      type: "event",
      id: event.id,
      name: event.name,
      object: event.object,
      recordId: event.recordId,
      topics: event.topics,
      at: event.at,
    });
    for (const subscriber of this.subscribers) {
      if (!event.topics.some((topic) => subscriber.topics.has(topic))) continue;
      if (!mayReceive(subscriber.actor, event)) continue;
      subscriber.send(message);
    }
    if (touchesActors([event])) void this.refreshActors();
  }

  private remember(id: string) {
    if (this.lastId === undefined || BigInt(id) > BigInt(this.lastId)) this.lastId = id;
    this.dispatched.add(id);
    if (this.dispatched.size <= 2 * catchUpWindow) return;
    const oldest = BigInt(this.lastId) - BigInt(catchUpWindow);
    for (const seen of this.dispatched) if (BigInt(seen) <= oldest) this.dispatched.delete(seen);
  }

  /** After a change to users, roles, teams, units or sessions, subscribers' rights are re-read. */
  private async refreshActors() {
    for (const subscriber of this.subscribers) {
      if (!subscriber.sessionId) continue;
      const actor = await this.loadActor(subscriber.sessionId).catch(() => subscriber.actor);
      if (actor === null) {
        subscriber.close(4401, "session ended");
        this.subscribers.delete(subscriber);
      } else {
        subscriber.actor = actor;
      }
    }
  }
}

export function mayReceive(actor: Actor, event: Pick<PublishedEvent, "object" | "access">): boolean {
  return event.access ? canAccessRecord(actor, event.object, "read", event.access) : canUse(actor, event.object, "read");
}

import type { QueryClient } from "@tanstack/react-query";
import type { LiveEvent } from "@relata/contracts";

export type LiveStatus = "connecting" | "online" | "offline";
type Listener<T> = (value: T) => void;

/** Backoff before reconnect attempt `n` (1-based): 0.5 s doubling to 30 s, with ±25 % jitter. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** The topics the mounted queries want, from their `meta.topics`. */
export function wantedTopics(queryClient: QueryClient): Set<string> {
  const topics = new Set<string>();
  for (const query of queryClient.getQueryCache().getAll()) {
    if (query.getObserversCount() === 0) continue;
    for (const topic of query.meta?.topics ?? []) topics.add(topic);
  }
  return topics;
}

/**
 * One WebSocket per tab to `/api/live`. It subscribes to the topics of the queries on screen,
 * turns every event into an invalidation of the queries that listen to its topics, reconnects
 * with backoff and refetches everything on screen after a reconnect (events may have been missed).
 */
export class LiveBridge {
  private socket: WebSocket | undefined;
  private subscribed = new Set<string>();
  private attempt = 0;
  private everConnected = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private unsubscribeCache: (() => void) | undefined;
  private stopped = true;
  private currentStatus: LiveStatus = "offline";
  private readonly statusListeners = new Set<Listener<LiveStatus>>();
  private readonly eventListeners = new Set<Listener<LiveEvent>>();

  constructor(
    private readonly queryClient: QueryClient,
    private readonly url: () => string = defaultUrl,
  ) {}

  get status(): LiveStatus {
    return this.currentStatus;
  }

  onStatus(listener: Listener<LiveStatus>): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onEvent(listener: Listener<LiveEvent>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribeCache = this.queryClient.getQueryCache().subscribe((event) => {
      // Options change too: a query whose topics depend on its answer (a group's root) gets them on a later render.
      if (
        event.type === "observerAdded" ||
        event.type === "observerRemoved" ||
        event.type === "removed" ||
        event.type === "observerOptionsUpdated"
      )
        this.scheduleSync();
    });
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribeCache?.();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.syncTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000, "signed out");
    this.subscribed.clear();
    this.everConnected = false;
    this.attempt = 0;
    this.setStatus("offline");
  }

  /** Try now instead of waiting for the backoff (the indicator's "reconnect" button). */
  reconnectNow(): void {
    if (this.stopped || this.socket) return;
    clearTimeout(this.reconnectTimer);
    this.connect();
  }

  private connect(): void {
    this.setStatus("connecting");
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onmessage = (message) => this.receive(String(message.data));
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      clearInterval(this.pingTimer);
      this.subscribed.clear();
      if (this.stopped) return;
      this.setStatus("offline");
      this.attempt += 1;
      this.reconnectTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt));
    };
  }

  private receive(data: string): void {
    let message: { type?: string } & Record<string, unknown>;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === "ready") {
      const reconnected = this.everConnected;
      this.everConnected = true;
      this.attempt = 0;
      this.setStatus("online");
      this.sync();
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: "ping" }), 25_000);
      // Whatever changed while we were away: refetch what is on screen.
      if (reconnected) void this.queryClient.invalidateQueries({ type: "active" });
    } else if (message.type === "event") {
      const event = message as unknown as LiveEvent;
      const topics = new Set(event.topics);
      void this.queryClient.invalidateQueries({
        predicate: (query) => (query.meta?.topics ?? []).some((topic) => topics.has(topic)),
      });
      for (const listener of this.eventListeners) listener(event);
    }
  }

  private scheduleSync(): void {
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => this.sync(), 30);
  }

  private sync(): void {
    if (this.currentStatus !== "online") return;
    const wanted = wantedTopics(this.queryClient);
    const add = [...wanted].filter((topic) => !this.subscribed.has(topic));
    const drop = [...this.subscribed].filter((topic) => !wanted.has(topic));
    for (let i = 0; i < add.length; i += 100) this.send({ type: "subscribe", topics: add.slice(i, i + 100) });
    for (let i = 0; i < drop.length; i += 100) this.send({ type: "unsubscribe", topics: drop.slice(i, i + 100) });
    this.subscribed = wanted;
  }

  private send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

function defaultUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/live`;
}

import WebSocket from "ws";

export type LiveMessage = { type: string; [key: string]: unknown };
export type LiveEvent = LiveMessage & {
  type: "event";
  id: string;
  name: string;
  object: string;
  recordId: string | null;
  topics: string[];
};

type Waiter = { match: (message: LiveMessage) => boolean; resolve: (message: LiveMessage) => void };

/** A real WebSocket client of `/api/live` that records every message and lets tests wait for one. */
export class LiveClient {
  readonly messages: LiveMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly waiters = new Set<Waiter>();

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(String(data)) as LiveMessage;
      this.messages.push(message);
      for (const waiter of this.waiters) {
        if (waiter.match(message)) {
          this.waiters.delete(waiter);
          waiter.resolve(message);
        }
      }
    });
    this.closed = new Promise((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens the socket and waits for the server's `ready`; rejects with the HTTP status when refused. */
  static async connect(url: string, headers: Record<string, string> = {}, timeoutMs = 5_000): Promise<LiveClient> {
    const socket = new WebSocket(url, { headers });
    const client = new LiveClient(socket);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.on("unexpected-response", (_request, response) => {
          reject(Object.assign(new Error(`upgrade refused with ${response.statusCode}`), { status: response.statusCode }));
          response.resume();
          socket.terminate();
        });
        socket.on("error", reject);
        void client.next((message) => message.type === "ready", timeoutMs).then(() => resolve(), reject);
      }),
      timeoutMs,
      "connect",
    );
    return client;
  }

  /** The first message (already received or still to come) that matches. */
  next(match: (message: LiveMessage) => boolean, timeoutMs = 5_000): Promise<LiveMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    let waiter!: Waiter;
    const arrived = new Promise<LiveMessage>((resolve) => {
      waiter = { match, resolve };
      this.waiters.add(waiter);
    });
    return withTimeout(arrived, timeoutMs, "message").finally(() => this.waiters.delete(waiter));
  }

  /** Waits for the event with this name about this record. */
  event(name: string, recordId: string | null, timeoutMs = 5_000): Promise<LiveEvent> {
    return this.next((m) => m.type === "event" && m.name === name && m.recordId === recordId, timeoutMs) as Promise<LiveEvent>;
  }

  events(): LiveEvent[] {
    return this.messages.filter((m): m is LiveEvent => m.type === "event");
  }

  async subscribe(topics: string[]): Promise<{ topics: string[]; denied: string[] }> {
    const before = this.messages.length;
    this.socket.send(JSON.stringify({ type: "subscribe", topics }));
    const reply = await this.next((m) => m.type === "subscribed" && this.messages.indexOf(m) >= before);
    return reply as unknown as { topics: string[]; denied: string[] };
  }

  close(): void {
    this.socket.close();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `condition` until it holds (for state with no event to wait on), failing after `ms`. */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

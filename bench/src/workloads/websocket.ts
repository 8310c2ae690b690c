import WebSocket from "ws";
import { call, type Session } from "../api";
import { inParallel, LatencyRecorder, sleep, type Latency } from "../stats";

export type WebSocketWorkload = {
  name: "websocket";
  label: string;
  clients: number;
  patches: number;
  /** Events received (clients × patches when none is lost). */
  receipts: number;
  /** Expected events that never arrived within the per-PATCH timeout. */
  missing: number;
  /** More events for the record than PATCHes sent. */
  unexpected: number;
  /** From sending the PATCH to each client's receipt of `company.updated`. */
  latency: Latency;
  /** The PATCH request itself (response received), for reference. */
  patchLatency: Latency;
  /** Socket errors, failed subscriptions and failed PATCHes. */
  errors: number;
  /** Time to connect and subscribe all clients, ms. */
  connectMs: number;
};

type Options = { clients: number; patches: number; gapMs: number; receiptTimeoutMs?: number };

const connectTimeoutMs = 10_000;

type Client = { socket: WebSocket; received: number };

/**
 * K authenticated sockets subscribe to `company:<id>` and `list:companies`; then M PATCHes of
 * that company are sent one at a time, each after every client got the previous event (or
 * the timeout passed) plus a gap. Events reach each socket in commit order, so a client's
 * n-th event answers the n-th PATCH: a late event is never credited to the wrong PATCH.
 */
export async function websocketLatency(session: Session, companyId: string, options: Options): Promise<WebSocketWorkload> {
  const receiptTimeoutMs = options.receiptTimeoutMs ?? 5_000;
  const latency = new LatencyRecorder();
  const patchLatency = new LatencyRecorder();
  const sentAt: number[] = [];
  const clients: Client[] = [];
  let errors = 0;
  let unexpected = 0;
  let receipts = 0;
  let wake: (() => void) | undefined;

  const wsUrl = `${session.baseUrl.replace(/^http/, "ws")}/api/live`;
  const topics = [`company:${companyId}`, "list:companies"];

  const connect = () =>
    new Promise<Client>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, {
        headers: { cookie: session.cookie },
        origin: session.origin,
        handshakeTimeout: connectTimeoutMs,
      });
      const client: Client = { socket, received: 0 };
      let subscribed = false;
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error("subscribing timed out"));
      }, connectTimeoutMs);
      socket.on("error", (error) => {
        clearTimeout(timer);
        // Before the subscription the failed connect is counted once, by the caller.
        if (subscribed) errors += 1;
        else reject(error);
      });
      socket.on("open", () => socket.send(JSON.stringify({ type: "subscribe", topics })));
      socket.on("message", (data: Buffer) => {
        const at = performance.now();
        let message: { type?: string; name?: string; recordId?: string | null; topics?: string[]; denied?: string[] };
        try {
          message = JSON.parse(String(data)) as typeof message;
        } catch {
          return;
        }
        if (message.type === "subscribed") {
          clearTimeout(timer);
          if (message.denied?.length || topics.some((topic) => !message.topics?.includes(topic))) {
            reject(new Error(`subscription denied: ${JSON.stringify(message.denied)}`));
          } else {
            subscribed = true;
            resolve(client);
          }
        } else if (message.type === "event" && message.name === "company.updated" && message.recordId === companyId) {
          const index = client.received;
          client.received += 1;
          const sent = sentAt[index];
          if (sent === undefined) {
            unexpected += 1;
            return;
          }
          receipts += 1;
          latency.recordMs(at - sent);
          wake?.();
        }
      });
    });

  const connectStarted = performance.now();
  try {
    await inParallel(options.clients, 10, async () => {
      try {
        clients.push(await connect());
      } catch {
        errors += 1;
      }
    });
    const connectMs = Math.round(performance.now() - connectStarted);

    const current = await call(session, "GET", `/api/companies/${companyId}`);
    if (current.status !== 200 || !current.etag) throw new Error(`GET of the watched company answered ${current.status}`);
    let etag = current.etag;

    for (let patch = 0; patch < options.patches; patch++) {
      sentAt[patch] = performance.now();
      const response = await call(
        session,
        "PATCH",
        `/api/companies/${companyId}`,
        { name: `Watched company ${patch}` },
        { "if-match": etag },
      );
      patchLatency.recordMs(performance.now() - sentAt[patch]!);
      if (response.status !== 200 || !response.etag) {
        errors += 1;
        sentAt.pop();
        break;
      }
      etag = response.etag;
      // Wait (bounded) until every client has this PATCH's event.
      const deadline = performance.now() + receiptTimeoutMs;
      while (clients.some((client) => client.received <= patch) && performance.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      wake = undefined;
      await sleep(options.gapMs);
    }
    const expected = sentAt.length * clients.length;
    return {
      name: "websocket",
      label: `WebSocket event latency (${options.clients} clients × ${options.patches} PATCHes)`,
      clients: options.clients,
      patches: sentAt.length,
      receipts,
      missing: Math.max(0, expected - receipts),
      unexpected,
      latency: latency.summary(),
      patchLatency: patchLatency.summary(),
      errors,
      connectMs,
    };
  } finally {
    await Promise.all(
      clients.map(
        ({ socket }) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => {
              socket.terminate();
              resolve();
            }, 2_000);
            socket.once("close", () => {
              clearTimeout(timer);
              resolve();
            });
            socket.close(1000, "bench done");
          }),
      ),
    );
  }
}

import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { authHeaders, type Session } from "../api";
import { inParallel, round, sleep } from "../stats";

/** Percentiles of signed values in ms (a response may arrive after its own event: negative). */
export type SignedLatency = { p50: number; p97_5: number; p99: number; min: number; max: number; count: number };

export function signedSummary(values: number[]): SignedLatency {
  if (values.length === 0) return { p50: 0, p97_5: 0, p99: 0, min: 0, max: 0, count: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p % of the samples at or below it.
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!, 3);
  return {
    p50: at(50),
    p97_5: at(97.5),
    p99: at(99),
    min: round(sorted[0]!, 3),
    max: round(sorted[sorted.length - 1]!, 3),
    count: sorted.length,
  };
}

export type FulfilmentLiveWorkload = {
  clients: number;
  fulfilments: number;
  /** Events received (clients × fulfilments when none is lost). */
  receipts: number;
  missing: number;
  /** More `contract.item.fulfilled` events for the company than fulfilments sent. */
  unexpected: number;
  /** From just before sending the POST to each client's receipt of the event. */
  fromSend: SignedLatency;
  /** From the POST's response to each client's receipt of the event (negative: the event came first). */
  fromResponse: SignedLatency;
  /** The POST itself. */
  request: SignedLatency;
  errors: number;
  connectMs: number;
};

type Options = {
  companyId: string;
  /** Further topics each client watches, as a client card does (e.g. the group root's). */
  extraTopics: string[];
  /** The fulfilment route of one item of an active contract of `companyId`. */
  fulfilPath: string;
  clients: number;
  fulfilments: number;
  gapMs: number;
  receiptTimeoutMs?: number;
};

const connectTimeoutMs = 10_000;
const eventName = "contract.item.fulfilled";

type Client = { socket: WebSocket; received: number[] };

/**
 * K sockets subscribe to `company:<id>` over /api/live; then fulfilments are posted one at a
 * time, each after every client got the previous one's event (or the timeout passed) plus a
 * gap. Events reach a socket in commit order, so a client's n-th `contract.item.fulfilled`
 * for the company answers the n-th fulfilment.
 */
export async function fulfilmentLiveLatency(session: Session, options: Options): Promise<FulfilmentLiveWorkload> {
  const receiptTimeoutMs = options.receiptTimeoutMs ?? 5_000;
  const sentAt: number[] = [];
  const respondedAt: number[] = [];
  const requestMs: number[] = [];
  const clients: Client[] = [];
  let errors = 0;
  let unexpected = 0;
  let wake: (() => void) | undefined;

  const wsUrl = `${session.baseUrl.replace(/^http/, "ws")}/api/live`;
  const topics = [`company:${options.companyId}`, ...options.extraTopics];

  const connect = () =>
    new Promise<Client>((resolve, reject) => {
      const socket = new WebSocket(wsUrl, {
        headers: { cookie: session.cookie },
        origin: session.origin,
        handshakeTimeout: connectTimeoutMs,
      });
      const client: Client = { socket, received: [] };
      let subscribed = false;
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error("subscribing timed out"));
      }, connectTimeoutMs);
      socket.on("error", (error) => {
        clearTimeout(timer);
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
        } else if (message.type === "event" && message.name === eventName && message.recordId === options.companyId) {
          if (client.received.length >= sentAt.length) unexpected += 1;
          else client.received.push(at);
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

    for (let n = 0; n < options.fulfilments; n++) {
      const t0 = performance.now();
      sentAt[n] = t0;
      let status = 0;
      try {
        const response = await fetch(`${session.baseUrl}${options.fulfilPath}`, {
          method: "POST",
          headers: { ...authHeaders(session, true), "idempotency-key": `live-${randomUUID()}` },
          body: JSON.stringify({ quantity: "1" }),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      const t1 = performance.now();
      if (status !== 201) {
        errors += 1;
        sentAt.pop();
        break;
      }
      respondedAt[n] = t1;
      requestMs.push(t1 - t0);
      const deadline = performance.now() + receiptTimeoutMs;
      while (clients.some((client) => client.received.length <= n) && performance.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      wake = undefined;
      await sleep(options.gapMs);
    }

    const fromSend: number[] = [];
    const fromResponse: number[] = [];
    for (const client of clients) {
      client.received.forEach((at, n) => {
        fromSend.push(at - sentAt[n]!);
        fromResponse.push(at - respondedAt[n]!);
      });
    }
    const receipts = fromSend.length;
    return {
      clients: clients.length,
      fulfilments: sentAt.length,
      receipts,
      missing: Math.max(0, sentAt.length * clients.length - receipts),
      unexpected,
      fromSend: signedSummary(fromSend),
      fromResponse: signedSummary(fromResponse),
      request: signedSummary(requestMs),
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

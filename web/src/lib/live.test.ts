// The tab's live bridge against the real server: events refetch the queries that listen to their
// topics, subscriptions follow the queries on screen, and a reconnect refetches what is shown.
import type { AddressInfo } from "node:net";
import WsWebSocket from "ws";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, createHarness, createUser, login, type Harness, type Session } from "../../../server/test/harness";
import { backoffDelay, LiveBridge, wantedTopics } from "./live";

async function eventually(check: () => boolean, timeoutMs = 5_000, what = "condition") {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("backoffDelay", () => {
  it("doubles from 0.5 s up to 30 s with ±25 % jitter", () => {
    expect(backoffDelay(1, () => 0.5)).toBe(500);
    expect(backoffDelay(2, () => 0.5)).toBe(1000);
    expect(backoffDelay(4, () => 0.5)).toBe(4000);
    expect(backoffDelay(30, () => 0.5)).toBe(30_000);
    expect(backoffDelay(1, () => 0)).toBe(375);
    expect(backoffDelay(1, () => 1)).toBe(625);
  });
});

describe("LiveBridge with the real server", () => {
  let h: Harness;
  let session: Session;
  let base: string;
  const sockets: WsWebSocket[] = [];

  beforeAll(async () => {
    h = await createHarness();
    await h.app.listen({ host: "127.0.0.1", port: 0 });
    base = `127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const admin = await createUser(h.db, { role: "administrator" });
    session = await login(h.app, admin.email);
    // What a browser does by itself: the session cookie goes with the upgrade request.
    const cookie = session.cookie;
    (globalThis as { WebSocket?: unknown }).WebSocket = class extends WsWebSocket {
      constructor(url: string) {
        super(url, { headers: { cookie, origin: `http://${base}` } });
        sockets.push(this);
      }
    };
  });
  afterAll(async () => {
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
    await h?.close();
  });

  it("refetches a query when an event for its topic arrives, and only then", async () => {
    const client = new QueryClient();
    const bridge = new LiveBridge(client, () => `ws://${base}/api/live`);
    const api = as(h.app, session);
    const watched = (await api("POST", "/api/companies", { name: "Watched AB" })).json() as { id: string; version: number };
    const other = (await api("POST", "/api/companies", { name: "Other AB" })).json() as { id: string };
    let fetches = 0;
    const observer = new QueryObserver(client, {
      queryKey: ["companies", watched.id],
      queryFn: async () => ++fetches,
      meta: { topics: [`company:${watched.id}`] },
      staleTime: Infinity,
    });
    const stopObserving = observer.subscribe(() => {});
    const statuses: string[] = [];
    bridge.onStatus((status) => statuses.push(status));
    bridge.start();
    try {
      await eventually(() => bridge.status === "online" && fetches === 1, 5_000, "online");
      expect(wantedTopics(client)).toEqual(new Set([`company:${watched.id}`]));
      // The subscription reaches the server before the change is made.
      await new Promise((resolve) => setTimeout(resolve, 200));

      await api("PATCH", `/api/companies/${other.id}`, { name: "Other AB (renamed)" }, { "if-match": '"1"' });
      await api("PATCH", `/api/companies/${watched.id}`, { name: "Watched AB (renamed)" }, { "if-match": `"${watched.version}"` });
      await eventually(() => fetches === 2, 5_000, "the refetch after the event");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fetches).toBe(2); // the other company's event did not refetch it

      // The socket drops: the bridge goes offline, reconnects by itself and refetches what is on screen.
      sockets.at(-1)!.terminate();
      await eventually(() => statuses.includes("offline"), 3_000, "offline");
      await eventually(() => bridge.status === "online" && fetches === 3, 8_000, "reconnect and refetch");
      expect(statuses).toEqual(["connecting", "online", "offline", "connecting", "online"]);

      // After the reconnect the subscription is back: events still arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await api("PATCH", `/api/companies/${watched.id}`, { name: "Watched AB (again)" }, { "if-match": `"${watched.version + 1}"` });
      await eventually(() => fetches === 4, 5_000, "the refetch after reconnecting");

      // Nothing on screen any more: the topic is unsubscribed and later events refetch nothing.
      stopObserving();
      await eventually(() => wantedTopics(client).size === 0, 2_000, "no wanted topics");
      await new Promise((resolve) => setTimeout(resolve, 200));
      await api("PATCH", `/api/companies/${watched.id}`, { name: "Watched AB (unwatched)" }, { "if-match": `"${watched.version + 2}"` });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fetches).toBe(4);
    } finally {
      bridge.stop();
      client.clear();
    }
    expect(bridge.status).toBe("offline");
  });
});

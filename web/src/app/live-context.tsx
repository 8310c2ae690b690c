import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { LiveEvent } from "@relata/contracts";
import { LiveBridge, type LiveStatus } from "../lib/live";
import { useSession } from "../lib/session";

const LiveContext = createContext<LiveBridge | null>(null);

/** Runs the tab's one WebSocket while someone is signed in. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { me } = useSession();
  const [bridge] = useState(() => new LiveBridge(queryClient));
  const userId = me?.id;
  useEffect(() => {
    if (!userId) return;
    bridge.start();
    return () => bridge.stop();
  }, [bridge, userId]);
  return <LiveContext.Provider value={bridge}>{children}</LiveContext.Provider>;
}

export function useLiveBridge(): LiveBridge {
  const bridge = useContext(LiveContext);
  if (!bridge) throw new Error("useLiveBridge outside LiveProvider");
  return bridge;
}

export function useLiveStatus(): LiveStatus {
  const bridge = useLiveBridge();
  const [status, setStatus] = useState(bridge.status);
  useEffect(() => {
    setStatus(bridge.status);
    return bridge.onStatus(setStatus);
  }, [bridge]);
  return status;
}

export function useLiveEvents(listener: (event: LiveEvent) => void): void {
  const bridge = useLiveBridge();
  useEffect(() => bridge.onEvent(listener), [bridge, listener]);
}

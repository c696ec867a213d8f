"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { BoardState } from "@/lib/model/board";

export type FeedStatus = {
  connected: boolean;
  /** Client clock minus server clock, so ages are measured on the server's clock. */
  skewMs: number;
  lastMessageAt: number | null;
};

/** Longer than any interval plus the server's 15 s heartbeat. */
const SILENCE_LIMIT_MS = 30_000;

async function fetchState(): Promise<BoardState> {
  const res = await fetch("/api/state", { cache: "no-store" });
  if (!res.ok) throw new Error(`/api/state answered ${res.status}`);
  return (await res.json()) as BoardState;
}

/**
 * Board state from the live stream, with /api/state polling as the fallback while the stream is down.
 * `initial` is the board the server rendered the page with, so the first paint is the board itself.
 */
export function useBoardState(initial: BoardState | null = null) {
  const queryClient = useQueryClient();
  const [feed, setFeed] = useState<FeedStatus>({ connected: false, skewMs: 0, lastMessageAt: null });
  const query = useQuery({
    queryKey: ["board"],
    queryFn: fetchState,
    initialData: initial ?? undefined,
    initialDataUpdatedAt: initial ? Date.parse(initial.serverNow) : undefined,
    refetchInterval: (q) => (feed.connected ? false : (q.state.data?.intervalMs ?? 5000)),
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let lastHeard = Date.now();
    const connect = () => {
      // Never two streams: the watchdog and the retry timer can both decide to reconnect, and an
      // orphaned EventSource would keep its connection (and its renders) for the rest of the day.
      source?.close();
      if (retry) clearTimeout(retry);
      retry = null;
      lastHeard = Date.now();
      source = new EventSource("/api/stream");
      source.addEventListener("ping", () => {
        lastHeard = Date.now();
      });
      source.addEventListener("state", (event) => {
        const state = JSON.parse((event as MessageEvent<string>).data) as BoardState;
        const now = Date.now();
        lastHeard = now;
        queryClient.setQueryData(["board"], state);
        setFeed({ connected: true, skewMs: now - Date.parse(state.serverNow), lastMessageAt: now });
      });
      source.onerror = () => {
        setFeed((f) => ({ ...f, connected: false }));
        // EventSource retries by itself unless the server closed for good; make sure it does.
        if (source?.readyState === EventSource.CLOSED) {
          retry = setTimeout(connect, 2000);
        }
      };
    };
    connect();
    // A half-open connection (TV on flaky Wi-Fi) never errors: if nothing arrives, reconnect ourselves.
    const watchdog = setInterval(() => {
      if (Date.now() - lastHeard < SILENCE_LIMIT_MS) return;
      setFeed((f) => ({ ...f, connected: false }));
      source?.close();
      connect();
    }, 5000);
    return () => {
      source?.close();
      clearInterval(watchdog);
      if (retry) clearTimeout(retry);
    };
  }, [queryClient]);

  return { state: query.data ?? null, error: query.error, feed };
}

/**
 * Re-render every `ms` so ages and countdowns move without new data. `startAt` (the server-rendered
 * board's clock) is the first value, so the hydrating render draws exactly what the server drew.
 */
export function useNow(ms = 1000, startAt?: string): number {
  const [now, setNow] = useState(() => (startAt ? Date.parse(startAt) : Date.now()));
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

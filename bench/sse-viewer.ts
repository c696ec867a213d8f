import type { BoardState } from "@/lib/model/board";

/** receivedAt: performance.now(); receivedAtMs: wall clock, comparable with the Docker engine's event time. */
export type ViewerMessage = { receivedAt: number; receivedAtMs: number; state: BoardState };

/** A live viewer of /api/stream that records every state it receives, with its arrival time. */
export async function openViewer(baseUrl: string, onState?: (m: ViewerMessage) => void) {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/stream`, { signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let last: BoardState | null = null;
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let sep = buffer.indexOf("\n\n");
        while (sep >= 0) {
          const frame = buffer.slice(0, sep);
          buffer = buffer.slice(sep + 2);
          const data = frame
            .split("\n")
            .filter((l) => l.startsWith("data: "))
            .map((l) => l.slice(6))
            .join("\n");
          if (frame.includes("event: state") && data) {
            last = JSON.parse(data) as BoardState;
            onState?.({ receivedAt: performance.now(), receivedAtMs: Date.now(), state: last });
          }
          sep = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted on close
    }
  })();
  return {
    latest: () => last,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

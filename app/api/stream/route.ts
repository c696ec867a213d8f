import { subscribeBoard } from "@/lib/collector/publish-board";
import { currentBoard } from "@/lib/http/current-board";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;

/** Server-sent events: the whole board state after every collection cycle. */
export function GET(req: Request) {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      const initial = currentBoard();
      send(`retry: 1000\n\n`);
      if (initial) send(`event: state\ndata: ${JSON.stringify(initial)}\n\n`);
      const unsubscribe = subscribeBoard((_state, json) => send(`event: state\ndata: ${json}\n\n`));
      // A named event (not a comment) so the browser's watchdog sees the connection is alive.
      const heartbeat = setInterval(() => send(`event: ping\ndata: {}\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

import "server-only";
import { subscribeBoard } from "@/lib/collector/publish-board";
import { currentBoard } from "@/lib/http/current-board";
import { getHub } from "@/lib/hub/hub";

const HEARTBEAT_MS = 15_000;
/** Viewers at once: a launch room has a few dozen; past this, new ones are told to come back. */
export const MAX_VIEWERS = Number(process.env.WARROOM_MAX_VIEWERS ?? 200);
/** Boards waiting for a viewer that does not read: past this the viewer is dropped (it reconnects). */
export const MAX_QUEUED = 16;

/** Server-sent events: the whole board state after every collection cycle, to a bounded set of viewers. */
export function openBoardStream(req: Request, maxViewers = MAX_VIEWERS): Response {
  if (getHub().listeners.size >= maxViewers) {
    return Response.json(
      { error: `too many viewers (${maxViewers}); retry shortly` },
      { status: 503, headers: { "Retry-After": "5", "Cache-Control": "no-store" } },
    );
  }
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        // A viewer that stopped reading would hold every board in memory: drop it instead.
        if (controller.desiredSize !== null && controller.desiredSize < -MAX_QUEUED) {
          cleanup();
          return;
        }
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

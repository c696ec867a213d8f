// The engine's container events as a test or the bench sees them, with the engine's own time of each:
// latencies are measured from it. Never used by the app.
import type Docker from "dockerode";
import { parseContainerEvent } from "@/lib/probes/infra/docker-events-parse";

export type EngineEvent = { action: string; health: string | null; name: string | null; timeMs: number };

/** Records every container event (or those of `actions`) from now on, until `stop`. */
export async function followEngine(docker: Docker, actions?: string[]) {
  const events: EngineEvent[] = [];
  const stream = await docker.getEvents({
    filters: { type: ["container"], ...(actions ? { event: actions } : {}) },
  });
  let rest = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      const e = parseContainerEvent(line);
      if (e) events.push({ action: e.action, health: e.health, name: e.name, timeMs: e.engineTimeMs });
    }
  });
  return { events, stop: () => (stream as unknown as { destroy: () => void }).destroy() };
}

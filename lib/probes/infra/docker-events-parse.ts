// Pure parts of following the engine's event stream: no I/O, importable outside the server bundle (bench).

export type ContainerEvent = {
  /** "die", "health_status" … (the health status itself is in `health`). */
  action: string;
  health: string | null;
  id: string;
  name: string | null;
  project: string | null;
  service: string | null;
  exitCode: string | null;
  /** The engine's own timestamp, ms since the epoch (from timeNano, sub-ms precision). */
  engineTimeMs: number;
};

/** One line of the engine's /events stream → a container event, or null for anything else. */
export function parseContainerEvent(line: string): ContainerEvent | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const e = raw as {
    Type?: unknown;
    Action?: unknown;
    Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
    id?: unknown;
    time?: unknown;
    timeNano?: unknown;
  };
  if (e.Type !== "container" || typeof e.Action !== "string") return null;
  const attrs = e.Actor?.Attributes ?? {};
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const [action = e.Action, health = null] = e.Action.split(/:\s*/, 2);
  const engineTimeMs =
    typeof e.timeNano === "number"
      ? e.timeNano / 1e6
      : typeof e.time === "number"
        ? e.time * 1000
        : Number.NaN;
  return {
    action,
    health,
    id: text(e.Actor?.ID) ?? text(e.id) ?? "",
    name: text(attrs.name),
    project: text(attrs["com.docker.compose.project"]),
    service: text(attrs["com.docker.compose.service"]),
    exitCode: text(attrs.exitCode),
    engineTimeMs,
  };
}

/** Splits a byte stream into complete lines; the remainder waits for the next chunk. */
export function splitLines(pending: string, chunk: string): { lines: string[]; rest: string } {
  const parts = (pending + chunk).split("\n");
  const rest = parts.pop() ?? "";
  return { lines: parts.map((l) => l.trim()).filter(Boolean), rest };
}

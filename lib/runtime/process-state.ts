// The one place that keeps state for the life of the process. It lives on globalThis because the
// instrumentation hook and route handlers are separate bundles, each with its own copy of every module:
// both must see the same hub, database client and caches.

/** Everything that lives as long as the process, by name (docs/architecture.md says what each holds). */
export const PROCESS_STATE_NAMES = [
  "runtime.instance",
  "hub",
  "runtime.metrics",
  "runtime.log",
  "db.client",
  "db.launch-cache",
  "db.schema-engine-wasm",
  "db.pglite-template",
  "auth.credentials",
  "auth.guards",
  "auth.audit-flush",
  "auth.session-purge",
  "auth.forwarded-guard",
  "incidents.source",
  "incidents.cache",
  "incidents.triggers",
  "uptime.engine",
  "comms.slack-poster",
  "comms.poster-tuning",
  "comms.audit-chains",
  "comms.status-posts",
  "comms.manual-marks",
  "rollback.board",
  "rollback.live-runs",
  "rollback.aborts",
  "deploys.watch",
  "collector.disk-views",
  "launch.verdict-facts",
] as const;

export type ProcessStateName = (typeof PROCESS_STATE_NAMES)[number];

const KEY = Symbol.for("warroom.process-state");
type WithRegistry = typeof globalThis & { [KEY]?: Map<ProcessStateName, unknown> };

function registry(): Map<ProcessStateName, unknown> {
  const g = globalThis as WithRegistry;
  g[KEY] ??= new Map();
  return g[KEY];
}

/** The value kept under `name`, created by `init` on first use. */
export function processState<T>(name: ProcessStateName, init: () => T): T {
  const r = registry();
  if (!r.has(name)) r.set(name, init());
  return r.get(name) as T;
}

/** The value kept under `name`, or undefined when nothing set it yet. */
export function peekProcessState<T>(name: ProcessStateName): T | undefined {
  return registry().get(name) as T | undefined;
}

/** Replaces the value kept under `name` (undefined forgets it). */
export function setProcessState<T>(name: ProcessStateName, value: T | undefined): void {
  if (value === undefined) registry().delete(name);
  else registry().set(name, value);
}

/** The names that hold a value now. */
export function listProcessState(): ProcessStateName[] {
  return PROCESS_STATE_NAMES.filter((name) => registry().has(name));
}

/** Forgets the named values, or all of them: a test starts from a fresh process this way. */
export function resetProcessState(...names: ProcessStateName[]): void {
  const r = registry();
  for (const name of names.length > 0 ? names : PROCESS_STATE_NAMES) r.delete(name);
}

import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import pino, { type DestinationStream, type Logger } from "pino";
import { processState } from "@/lib/runtime/process-state";

type RequestScope = { requestId: string };
export type LogState = { logger: Logger; requests: AsyncLocalStorage<RequestScope> };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** LOG_LEVEL, default info; an unknown value falls back to info and says so in the first line. */
function levelFrom(raw: string | undefined): { level: string; bad: string | null } {
  const v = (raw ?? "").trim().toLowerCase();
  if (v === "") return { level: "info", bad: null };
  return (LOG_LEVELS as readonly string[]).includes(v) ? { level: v, bad: null } : { level: "info", bad: v };
}

/** The logger and its request scope; `destination` defaults to stdout (tests hand in their own stream). */
export function createLogState(destination?: DestinationStream): LogState {
  // One store for the process: the request scope is entered in a route bundle and read by the logger,
  // which instrumentation may have created.
  const requests = new AsyncLocalStorage<RequestScope>();
  const { level, bad } = levelFrom(process.env.LOG_LEVEL);
  const options = {
    level,
    base: { pid: process.pid, name: "warroom" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: () => {
      const scope = requests.getStore();
      return scope ? { reqId: scope.requestId } : {};
    },
  };
  const logger = destination ? pino(options, destination) : pino(options);
  if (bad)
    logger.warn(
      { LOG_LEVEL: bad.slice(0, 20) },
      `LOG_LEVEL: "${bad.slice(0, 20)}" is not one of ${LOG_LEVELS.join(", ")}; using info`,
    );
  return { logger, requests };
}

/** The process's structured logger (JSON lines on stdout, level from LOG_LEVEL). */
export function log(): Logger {
  return processState<LogState>("runtime.log", () => createLogState()).logger;
}

/** A request id: the caller's X-Request-Id when it is a plain short token, else a new one. */
export function requestIdFrom(header: string | null): string {
  if (header && /^[A-Za-z0-9._-]{1,64}$/.test(header)) return header;
  return randomBytes(8).toString("hex");
}

/** Runs `fn` with `requestId` on every log line it (and what it awaits) writes. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return processState<LogState>("runtime.log", () => createLogState()).requests.run({ requestId }, fn);
}

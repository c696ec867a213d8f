import "server-only";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

export class ProxyListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProxyListError";
  }
}

const FORWARDED = ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"];

function plain(ip: string): string {
  return ip.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

/** WARROOM_TRUSTED_PROXIES: comma-separated IP addresses of the reverse proxies in front (default none). */
export function trustedProxies(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s, i) => [s.trim(), i + 1] as const)
    .filter(([s]) => s !== "")
    .map(([s, position]) => {
      if (!isIP(s))
        throw new ProxyListError(`WARROOM_TRUSTED_PROXIES: entry ${position} is not an IP address`);
      return plain(s);
    });
}

/**
 * The client's address: the socket's peer, unless the peer is a trusted proxy — then the nearest
 * X-Forwarded-For entry that is not itself a trusted proxy.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: ReadonlySet<string>,
): string | undefined {
  if (!peer || !trusted.has(plain(peer))) return peer && plain(peer);
  const chain = (forwardedFor ?? "")
    .split(",")
    .map(plain)
    .filter((s) => isIP(s) !== 0);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i];
    if (hop && !trusted.has(hop)) return hop;
  }
  return chain[0] ?? plain(peer);
}

/**
 * Rewrites the forwarded headers of a request before the app sees them: X-Forwarded-For becomes the one
 * client address, and the other forwarded headers are kept only when a trusted proxy sent them (Next.js
 * fills in its own from the socket when they are absent).
 */
export function sanitizeForwarded(
  headers: IncomingHttpHeaders,
  peer: string | undefined,
  trusted: ReadonlySet<string>,
): void {
  const forwardedFor = headers["x-forwarded-for"];
  const client = clientAddress(
    peer,
    Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
    trusted,
  );
  if (!peer || !trusted.has(plain(peer))) for (const name of FORWARDED) delete headers[name];
  if (client) headers["x-forwarded-for"] = client;
  else delete headers["x-forwarded-for"];
}

/** Whether X-Forwarded-For is the socket's peer (the rewrite is installed), so a client cannot claim an address. */
export function isForwardedGuardInstalled(): boolean {
  return peekProcessState("auth.forwarded-guard") !== undefined;
}

/**
 * Installs the rewrite on every HTTP server of this process (the one `next start` created included):
 * a route handler sees only headers, so the socket's peer must be applied before Next.js reads them.
 */
export function installForwardedGuard(trusted: readonly string[]): void {
  const installed = peekProcessState<{ trusted: Set<string> }>("auth.forwarded-guard");
  if (installed) {
    installed.trusted = new Set(trusted);
    return;
  }
  const state = { trusted: new Set(trusted) };
  setProcessState("auth.forwarded-guard", state);
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      sanitizeForwarded(req.headers, req.socket?.remoteAddress, state.trusted);
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

import type { Credentials } from "@/lib/auth/credentials";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { Refusal } from "@/lib/model/refusal";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The host name of a Host header ("[::1]:3000" → "[::1]", "Example.org:80" → "example.org"). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  return h.split(":")[0] ?? "";
}

export function isLoopbackAddress(ip: string | null): boolean {
  if (!ip) return false;
  const a = ip.replace(/^::ffff:/, "");
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** Host names this server answers to: loopback, the allowed origins' hosts, and WARROOM_ALLOWED_HOSTS. */
export function allowedHosts(allowedOrigins: readonly string[], extra: string | undefined): Set<string> {
  const hosts = new Set(LOOPBACK_HOSTS);
  for (const o of allowedOrigins) {
    try {
      hosts.add(hostName(new URL(o).host));
    } catch {
      // Not a URL: it cannot match a Host header either.
    }
  }
  for (const h of (extra ?? "").split(",")) if (h.trim()) hosts.add(hostName(h));
  return hosts;
}

/**
 * Who may reach the credentialed routes. A Host outside the allow-list is refused (DNS rebinding: a page
 * of another site whose name now points here) when WARROOM_ALLOWED_HOSTS is set and always in demo mode;
 * demo credentials are published, so demo mode answers loopback clients only.
 */
export function checkReach(
  meta: RequestMeta,
  credentials: Pick<Credentials, "mode">,
  hosts: ReadonlySet<string>,
  enforceHosts: boolean,
): void {
  const demo = credentials.mode === "demo";
  if ((demo || enforceHosts) && !hosts.has(hostName(meta.host ?? "")))
    throw new Refusal(421, "host: this server does not answer to that name (set WARROOM_ALLOWED_HOSTS)");
  if (demo && !isLoopbackAddress(meta.ip))
    throw new Refusal(403, "demo mode: the demo credentials work only from this machine");
}

/** What the server knows about a request's origin and client, for auth, CSRF checks and the audit log. */
export type RequestMeta = {
  ip: string | null;
  userAgent: string | null;
  /** The Origin header (browsers send it on every POST). */
  origin: string | null;
  /** This server's own origin as the client addressed it. */
  selfOrigin: string;
  /** The Host header as the client sent it (checked against the allow-list). */
  host?: string;
  secure: boolean;
  bearer: string | null;
  sessionToken: string | null;
};

export const SESSION_COOKIE = "warroom_session";
/** Over https the cookie carries the `__Host-` prefix: the browser then refuses it from a sub-domain or over http. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    // A malformed value is no session (401), not a server error.
    try {
      return decodeURIComponent(v.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

export function readRequestMeta(req: Request): RequestMeta {
  const h = req.headers;
  const url = new URL(req.url);
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
  const host = h.get("host") ?? url.host;
  const auth = h.get("authorization");
  const bearer = auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, "").trim() : null;
  return {
    ip: h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || null,
    userAgent: h.get("user-agent")?.slice(0, 300) ?? null,
    origin: h.get("origin"),
    selfOrigin: `${proto}://${host}`,
    host,
    secure: proto === "https",
    bearer,
    sessionToken:
      cookieValue(h.get("cookie"), SECURE_SESSION_COOKIE) ?? cookieValue(h.get("cookie"), SESSION_COOKIE),
  };
}

/**
 * A cookie-authenticated state change must come from a page of this server: the Origin must be ours
 * (or listed in WARROOM_ALLOWED_ORIGINS). Bearer requests carry no ambient credential and are exempt.
 */
export function checkOrigin(meta: RequestMeta, allowed: readonly string[] = []): string | null {
  if (!meta.origin) return "origin: the Origin header is missing on a state-changing request";
  if (meta.origin === meta.selfOrigin || allowed.includes(meta.origin)) return null;
  return `origin: ${meta.origin} is not this server (${meta.selfOrigin})`;
}

export function sessionCookie(token: string, maxAgeSec: number, secure: boolean): string {
  return [
    `${secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${maxAgeSec}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

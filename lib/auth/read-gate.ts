import { createHmac, timingSafeEqual } from "node:crypto";
import { CredentialsError } from "@/lib/auth/credentials";

/**
 * The optional read token (WARROOM_READ_TOKEN): when set, the board's pages and public reads need it.
 * A person who signs in gets the view cookie with the session; the TV gets it once from its kiosk link
 * (`/tv?key=<token>`), which sets the cookie for 400 days and drops the key from the address. Scripts
 * send `Authorization: Bearer <token>`. Without the variable the reads stay public, as before.
 */
// `/metrics` is not here: it has a stricter gate of its own (loopback or WARROOM_METRICS_TOKEN), and a
// Prometheus sends one bearer token, not two.
export const READ_GATED_PATHS = ["/", "/tv", "/api/state", "/api/stream", "/api/history", "/api/events"];

export const VIEW_COOKIE = "warroom_view";
const SECURE_VIEW_COOKIE = `__Host-${VIEW_COOKIE}`;
/** Browsers cap a cookie's lifetime at 400 days: the kiosk link is opened again after that. */
export const VIEW_COOKIE_MAX_AGE_SEC = 400 * 24 * 3600;
export const MIN_READ_TOKEN = 16;

type Env = Record<string, string | undefined>;

/** The configured read token, or null; a token that is too short stops the start-up (never echoed). */
export function readTokenFrom(env: Env): string | null {
  const token = env.WARROOM_READ_TOKEN?.trim();
  if (!token) return null;
  if (token.length < MIN_READ_TOKEN || /\s/.test(token))
    throw new CredentialsError(
      `WARROOM_READ_TOKEN: must be at least ${MIN_READ_TOKEN} characters without spaces (e.g. openssl rand -hex 24)`,
    );
  return token;
}

/** The cookie holds a keyed digest, not the token: a copied cookie is no kiosk link. */
export function viewCookieValue(token: string): string {
  return createHmac("sha256", token).update("warroom view v1").digest("base64url");
}

export function viewCookie(token: string | null, secure: boolean): string {
  const value = token ? viewCookieValue(token) : "";
  return [
    `${secure ? SECURE_VIEW_COOKIE : VIEW_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    // Lax: the kiosk link is opened from outside (a bookmark, a chat message) and must carry it on the redirect.
    "SameSite=Lax",
    `Max-Age=${token ? VIEW_COOKIE_MAX_AGE_SEC : 0}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type ReadRequest = {
  path: string;
  cookies: Record<string, string | undefined>;
  bearer: string | null;
  key: string | null;
};

export type ReadVerdict =
  | { kind: "open" }
  | { kind: "allowed" }
  /** The kiosk link: set the cookie and send the browser to the same page without the key. */
  | { kind: "grant" }
  | { kind: "denied"; page: boolean; reason: string };

export function judgeRead(token: string | null, req: ReadRequest): ReadVerdict {
  if (!token || !READ_GATED_PATHS.includes(req.path)) return { kind: "open" };
  const page = !req.path.startsWith("/api/");
  if (req.key !== null) {
    if (page && same(req.key, token)) return { kind: "grant" };
    return { kind: "denied", page, reason: "key: not this board's read token" };
  }
  if (req.bearer !== null && same(req.bearer, token)) return { kind: "allowed" };
  const cookie = req.cookies[SECURE_VIEW_COOKIE] ?? req.cookies[VIEW_COOKIE];
  if (cookie && same(cookie, viewCookieValue(token))) return { kind: "allowed" };
  return {
    kind: "denied",
    page,
    reason:
      "this board needs its read token: sign in, open the kiosk link (/tv?key=…), or send Authorization: Bearer <read token>",
  };
}

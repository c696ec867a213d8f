import { randomBytes } from "node:crypto";
import { DEMO_COST, hashPassword, isPasswordHash } from "@/lib/auth/password";
import { hashToken } from "@/lib/auth/token-hash";

export type CredentialMode = "configured" | "demo" | "disabled";

export type Credentials = {
  mode: CredentialMode;
  /** Shown on the sign-in page: why sign-in is off, or that demo credentials are in use. */
  message: string | null;
  /** person id → scrypt hash. */
  passwords: ReadonlyMap<string, string>;
  /** sha256(token) → person id. */
  tokens: ReadonlyMap<string, string>;
};

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialsError";
  }
}

type Env = Record<string, string | undefined>;
const MIN_PASSWORD = 10;
const MIN_TOKEN = 24;

/** The demo mode's documented credentials: password `<id>-demo-pass`, token `demo-token-<id>-0123456789`. */
export function demoPassword(personId: string): string {
  return `${personId}-demo-pass`;
}
export function demoToken(personId: string): string {
  return `demo-token-${personId}-0123456789`;
}

function parsePairs(name: string, raw: string, people: ReadonlySet<string>): [string, string][] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf(":");
      const id = pair.slice(0, at).trim();
      const secret = pair.slice(at + 1);
      if (at <= 0 || !secret)
        throw new CredentialsError(`${name}: "${id || pair}" must be <person>:<secret>`);
      if (!people.has(id)) throw new CredentialsError(`${name}: no person "${id}" in the runbook`);
      return [id, secret];
    });
}

/**
 * Credentials from the environment: WARROOM_USERS="rex:<password or scrypt hash>,…" and
 * WARROOM_TOKENS="bot:<token or sha256:hex>,…". Plain passwords are hashed on load and dropped.
 * WARROOM_DEMO=1 provisions the demo credentials; nothing else ever does (no default passwords).
 */
export function loadCredentials(env: Env, personIds: readonly string[]): Credentials {
  const people = new Set(personIds);
  const passwords = new Map<string, string>();
  const tokens = new Map<string, string>();
  for (const [id, secret] of parsePairs("WARROOM_USERS", env.WARROOM_USERS ?? "", people)) {
    if (isPasswordHash(secret)) passwords.set(id, secret);
    else if (secret.length < MIN_PASSWORD)
      throw new CredentialsError(
        `WARROOM_USERS: the password of "${id}" must be at least ${MIN_PASSWORD} characters`,
      );
    else passwords.set(id, hashPassword(secret));
  }
  for (const [id, secret] of parsePairs("WARROOM_TOKENS", env.WARROOM_TOKENS ?? "", people)) {
    if (/^sha256:[0-9a-f]{64}$/.test(secret)) tokens.set(secret.slice(7), id);
    else if (secret.length < MIN_TOKEN)
      throw new CredentialsError(
        `WARROOM_TOKENS: the token of "${id}" must be at least ${MIN_TOKEN} characters`,
      );
    else tokens.set(hashToken(secret), id);
  }
  if (passwords.size > 0 || tokens.size > 0) return { mode: "configured", message: null, passwords, tokens };
  if (env.WARROOM_DEMO === "1") {
    for (const id of personIds) {
      passwords.set(id, hashPassword(demoPassword(id), randomBytes(16), DEMO_COST));
      tokens.set(hashToken(demoToken(id)), id);
    }
    return {
      mode: "demo",
      message:
        "Demo mode: each person signs in with the password <id>-demo-pass (for example rex / rex-demo-pass).",
      passwords,
      tokens,
    };
  }
  const production = env.NODE_ENV === "production";
  return {
    mode: "disabled",
    message: `Sign-in is disabled: no credentials are configured${production ? " in production mode" : ""}. Set WARROOM_USERS (and/or WARROOM_TOKENS), or WARROOM_DEMO=1 for the demo credentials.`,
    passwords,
    tokens,
  };
}

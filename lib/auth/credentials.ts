import { createHash, randomBytes } from "node:crypto";
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
  /** person id → credentials epoch; a session lives only while its epoch is the person's current one. */
  epochs: ReadonlyMap<string, string>;
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

/** The demo mode's documented password: `<id>-demo-pass`. Demo mode has no well-known bearer tokens. */
export function demoPassword(personId: string): string {
  return `${personId}-demo-pass`;
}

/**
 * `<person>:<secret>` entries. Errors name the variable, the entry's position and, when it is a person of
 * the runbook, that person; never a secret (a comma inside a password splits it into two entries).
 */
function parsePairs(name: string, raw: string, people: ReadonlySet<string>): [string, string, number][] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .map((pair, i) => [pair, i + 1] as const)
    .filter(([pair]) => Boolean(pair))
    .map(([pair, position]) => {
      const at = pair.indexOf(":");
      const id = pair.slice(0, at).trim();
      if (at <= 0 || !pair.slice(at + 1))
        throw new CredentialsError(`${name}: entry ${position} must be <person>:<secret>`);
      if (!people.has(id))
        throw new CredentialsError(`${name}: entry ${position} names no person of the runbook`);
      return [id, pair.slice(at + 1), position];
    });
}

/** The epoch of a stored password: it changes when the password (or the credential mode) changes. */
function epochOf(mode: CredentialMode, personId: string, stored: string): string {
  return createHash("sha256").update(`${mode}\0${personId}\0${stored}`).digest("hex").slice(0, 24);
}

/** A plain password's salt is derived from the person, so its hash (and epoch) survive a restart. */
function stableSalt(personId: string): Buffer {
  return createHash("sha256").update(`warroom-password-salt\0${personId}`).digest().subarray(0, 16);
}

/**
 * Credentials from the environment: WARROOM_USERS="rex:<password or scrypt hash>,…" and
 * WARROOM_TOKENS="bot:<token or sha256:hex>,…". Plain passwords are hashed on load and dropped.
 * WARROOM_DEMO=1 (without WARROOM_USERS) provisions the demo passwords; nothing else ever does (no default
 * passwords). Bearer tokens come only from WARROOM_TOKENS, in demo mode too.
 */
export function loadCredentials(env: Env, personIds: readonly string[]): Credentials {
  const people = new Set(personIds);
  const passwords = new Map<string, string>();
  const tokens = new Map<string, string>();
  for (const [id, secret, position] of parsePairs("WARROOM_USERS", env.WARROOM_USERS ?? "", people)) {
    if (isPasswordHash(secret)) passwords.set(id, secret);
    else if (secret.length < MIN_PASSWORD)
      throw new CredentialsError(
        `WARROOM_USERS: entry ${position}: the password of "${id}" must be at least ${MIN_PASSWORD} characters`,
      );
    else passwords.set(id, hashPassword(secret, stableSalt(id)));
  }
  for (const [id, secret, position] of parsePairs("WARROOM_TOKENS", env.WARROOM_TOKENS ?? "", people)) {
    if (/^sha256:[0-9a-f]{64}$/.test(secret)) tokens.set(secret.slice(7), id);
    else if (secret.length < MIN_TOKEN)
      throw new CredentialsError(
        `WARROOM_TOKENS: entry ${position}: the token of "${id}" must be at least ${MIN_TOKEN} characters`,
      );
    else tokens.set(hashToken(secret), id);
  }
  const withEpochs = (mode: CredentialMode, message: string | null): Credentials => ({
    mode,
    message,
    passwords,
    tokens,
    epochs: new Map(
      [...passwords].map(([id, stored]) => [id, epochOf(mode, id, mode === "demo" ? "" : stored)]),
    ),
  });
  if (passwords.size > 0) return withEpochs("configured", null);
  if (env.WARROOM_DEMO === "1") {
    for (const id of personIds) passwords.set(id, hashPassword(demoPassword(id), randomBytes(16), DEMO_COST));
    return withEpochs(
      "demo",
      "Demo mode: each person signs in with the password <id>-demo-pass (for example rex / rex-demo-pass).",
    );
  }
  if (tokens.size > 0) return withEpochs("configured", null);
  const production = env.NODE_ENV === "production";
  return withEpochs(
    "disabled",
    `Sign-in is disabled: no credentials are configured${production ? " in production mode" : ""}. Set WARROOM_USERS (and/or WARROOM_TOKENS), or WARROOM_DEMO=1 for the demo credentials.`,
  );
}

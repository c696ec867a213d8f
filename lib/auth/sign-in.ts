import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import { GateFullError } from "@/lib/auth/hash-gate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { verifyPassword } from "@/lib/auth/password";
import { processGuards } from "@/lib/auth/process-guards";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { purgeExpiredSessions } from "@/lib/auth/session-purge";
import { appendTalliedAudit } from "@/lib/auth/tallied-audit";
import { newToken } from "@/lib/auth/token-hash";
import { createSession, deleteSession } from "@/lib/db/auth-sessions";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";

export const SESSION_TTL_SEC = 12 * 3600;

export const signInBody = z.object({
  person: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
});

function tooMany(retryAfterSec: number, what: string): Refusal {
  return new Refusal(429, `sign-in: ${what}; try again in ${retryAfterSec} s`, { retryAfterSec });
}

/**
 * Checks the password and opens a server-side session; the token is returned once and stored hashed.
 * Attempts are limited per client address and per person, hashes run a few at a time off the event loop,
 * and repeated failures are audited as one row per person, client and minute.
 */
export async function signIn(ctx: LaunchContext, meta: RequestMeta, body: z.infer<typeof signInBody>) {
  if (ctx.credentials.mode === "disabled")
    throw new Refusal(403, ctx.credentials.message ?? "sign-in is disabled");
  const { signInLimits } = processGuards();
  const person = ctx.runbook.people.find((p) => p.id === body.person);
  const client = meta.ip ?? "unknown";
  const refused = (message: string, data: Record<string, unknown>) =>
    appendTalliedAudit(
      ctx.db,
      `sign-in|${body.person}|${client}|${data.status}`,
      auditEntry(ctx.runbook.id, null, meta, "sign-in", message, data, "refused"),
      ctx.now(),
    );

  const limited = async (wait: number, what: string) => {
    await refused(`sign-in as "${shortId(body.person)}" refused: ${what}`, {
      person: shortId(body.person),
      status: 429,
    });
    return tooMany(wait, what);
  };
  const wait = signInLimits.begin(client, person?.id ?? null, ctx.now().getTime());
  if (wait > 0) throw await limited(wait, "too many attempts");
  const stored = person ? ctx.credentials.passwords.get(person.id) : undefined;
  let ok = false;
  try {
    ok = Boolean(person && stored && (await verifyPassword(body.password, stored)));
  } catch (err) {
    // Still counted: a flood must not get free attempts by keeping the gate full.
    if (err instanceof GateFullError) throw await limited(1, "busy checking other passwords");
    throw err;
  }
  if (!person || !ok) {
    await refused(`failed sign-in as "${shortId(body.person)}"`, {
      person: shortId(body.person),
      status: 401,
    });
    throw new Refusal(401, "person or password: wrong person or password");
  }
  signInLimits.succeeded(client, person.id);
  const { token, hash } = newToken();
  const expiresAt = new Date(ctx.now().getTime() + SESSION_TTL_SEC * 1000);
  const actor: Actor = { person, via: "session", sessionHash: hash };
  await createSession(
    ctx.db,
    {
      tokenHash: hash,
      personId: person.id,
      epoch: ctx.credentials.epochs.get(person.id) ?? "",
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
    auditEntry(ctx.runbook.id, actor, meta, "sign-in", `${person.name} signed in`, {
      expiresAt: expiresAt.toISOString(),
    }),
  );
  await purgeExpiredSessions(ctx.db, ctx.now());
  return { token, expiresAt, person };
}

export async function signOut(ctx: LaunchContext, actor: Actor, meta: RequestMeta): Promise<void> {
  if (!actor.sessionHash) return;
  await deleteSession(
    ctx.db,
    actor.sessionHash,
    auditEntry(ctx.runbook.id, actor, meta, "sign-out", `${actor.person.name} signed out`),
  );
}

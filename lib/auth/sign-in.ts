import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { verifyPassword } from "@/lib/auth/password";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { newToken } from "@/lib/auth/token-hash";
import { appendAudit } from "@/lib/db/append-audit";
import { createSession, deleteSession } from "@/lib/db/auth-sessions";
import { Refusal } from "@/lib/model/refusal";

export const SESSION_TTL_SEC = 12 * 3600;

export const signInBody = z.object({
  person: z.string().trim().toLowerCase().min(1),
  password: z.string().min(1).max(200),
});

/** Checks the password and opens a server-side session; the token is returned once and stored hashed. */
export async function signIn(ctx: LaunchContext, meta: RequestMeta, body: z.infer<typeof signInBody>) {
  if (ctx.credentials.mode === "disabled")
    throw new Refusal(403, ctx.credentials.message ?? "sign-in is disabled");
  const person = ctx.runbook.people.find((p) => p.id === body.person);
  const stored = person ? ctx.credentials.passwords.get(person.id) : undefined;
  if (!person || !stored || !verifyPassword(body.password, stored)) {
    await appendAudit(
      ctx.db,
      auditEntry(
        ctx.runbook.id,
        null,
        meta,
        "sign-in",
        `failed sign-in as "${body.person}"`,
        { person: body.person },
        "refused",
      ),
    );
    throw new Refusal(401, "person or password: wrong person or password");
  }
  const { token, hash } = newToken();
  const expiresAt = new Date(ctx.now().getTime() + SESSION_TTL_SEC * 1000);
  const actor: Actor = { person, via: "session", sessionHash: hash };
  await createSession(
    ctx.db,
    { tokenHash: hash, personId: person.id, expiresAt, ip: meta.ip, userAgent: meta.userAgent },
    auditEntry(ctx.runbook.id, actor, meta, "sign-in", `${person.name} signed in`, {
      expiresAt: expiresAt.toISOString(),
    }),
  );
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

import "server-only";
import type { LaunchContext } from "@/lib/auth/launch-context";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { hashToken } from "@/lib/auth/token-hash";
import { findSession } from "@/lib/db/auth-sessions";
import type { Person } from "@/lib/model/runbook-schema";

export type Actor = { person: Person; via: "session" | "token"; sessionHash: string | null };

/**
 * The person behind a request: a bearer token (scripts) or a session cookie whose credentials epoch is
 * still the person's; null when neither holds.
 */
export async function authenticate(ctx: LaunchContext, meta: RequestMeta): Promise<Actor | null> {
  const find = (id: string | undefined) => ctx.runbook.people.find((p) => p.id === id);
  if (meta.bearer) {
    const person = find(ctx.credentials.tokens.get(hashToken(meta.bearer)));
    return person ? { person, via: "token", sessionHash: null } : null;
  }
  if (meta.sessionToken) {
    const sessionHash = hashToken(meta.sessionToken);
    const session = await findSession(ctx.db, sessionHash, ctx.now());
    // A session dies with the credentials it was opened with (password changed, sign-in disabled).
    const current = session ? ctx.credentials.epochs.get(session.personId) : undefined;
    const person = current && current === session?.epoch ? find(session.personId) : undefined;
    return person ? { person, via: "session", sessionHash } : null;
  }
  return null;
}

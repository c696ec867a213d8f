import "server-only";
import { authenticate } from "@/lib/auth/authenticate";
import { readRequestMeta } from "@/lib/auth/request-meta";
import { getLaunchContext } from "@/lib/http/launch-context";
import { refusal } from "@/lib/http/route-adapter";

/** GET /api/auth/me: who is signed in (null when nobody) and whether sign-in is available at all. */
export async function handleMe(req: Request): Promise<Response> {
  const meta = readRequestMeta(req);
  try {
    const ctx = await getLaunchContext();
    const actor = await authenticate(ctx, meta);
    const p = actor?.person;
    return Response.json(
      {
        person: p
          ? { id: p.id, name: p.name, role: p.role, domain: p.domain ?? null, title: p.title ?? null }
          : null,
        via: actor?.via ?? null,
        signIn: { mode: ctx.credentials.mode, message: ctx.credentials.message },
        people: ctx.runbook.people.map((x) => ({
          id: x.id,
          name: x.name,
          role: x.role,
          domain: x.domain ?? null,
        })),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (err) {
    return refusal(err, null, null, meta, "me", false);
  }
}

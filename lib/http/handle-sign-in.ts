import "server-only";
import { checkOrigin, readRequestMeta, sessionCookie } from "@/lib/auth/request-meta";
import { SESSION_TTL_SEC, signIn, signInBody } from "@/lib/auth/sign-in";
import { getLaunchContext, type LaunchContext } from "@/lib/http/launch-context";
import { refusal } from "@/lib/http/route-adapter";
import { Refusal } from "@/lib/model/refusal";

/** POST /api/auth/sign-in: origin check, zod, password check, session cookie (httpOnly, SameSite=Strict). */
export async function handleSignIn(req: Request): Promise<Response> {
  const meta = readRequestMeta(req);
  let ctx: LaunchContext | null = null;
  try {
    ctx = await getLaunchContext();
    const bad = checkOrigin(meta, ctx.allowedOrigins);
    if (bad) throw new Refusal(403, bad);
    let raw: unknown;
    try {
      raw = await req.json();
    } catch {
      throw new Refusal(400, "body: not valid JSON");
    }
    const parsed = signInBody.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Refusal(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
    }
    const { token, expiresAt, person } = await signIn(ctx, meta, parsed.data);
    return Response.json(
      {
        person: { id: person.id, name: person.name, role: person.role, domain: person.domain ?? null },
        expiresAt,
      },
      {
        headers: {
          "Set-Cookie": sessionCookie(token, SESSION_TTL_SEC, meta.secure),
          "Cache-Control": "no-store",
        },
      },
    );
  } catch (err) {
    // Failed passwords are audited by signIn itself; origin refusals here.
    return refusal(err, ctx, null, meta, "sign-in", err instanceof Refusal && err.status === 403);
  }
}

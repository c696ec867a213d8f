import "server-only";
import { checkReach } from "@/lib/auth/reach";
import { readTokenFrom, viewCookie } from "@/lib/auth/read-gate";
import { checkOrigin, readRequestMeta, sessionCookie } from "@/lib/auth/request-meta";
import { SESSION_TTL_SEC, signIn, signInBody } from "@/lib/auth/sign-in";
import { getLaunchContext, type LaunchContext } from "@/lib/http/launch-context";
import { readJsonBody } from "@/lib/http/read-body";
import { refusal } from "@/lib/http/route-adapter";
import { Refusal } from "@/lib/model/refusal";
import { log, requestIdFrom, withRequestId } from "@/lib/runtime/log";
import { metrics } from "@/lib/runtime/metrics";

/** A person id and a password fit in far less. */
const SIGN_IN_MAX_BYTES = 4096;

/** POST /api/auth/sign-in: origin check, zod, password check, session cookie (httpOnly, SameSite=Strict). */
export async function handleSignIn(req: Request): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get("x-request-id"));
  const res = await withRequestId(requestId, () => signInRequest(req));
  res.headers.set("X-Request-Id", requestId);
  return res;
}

async function signInRequest(req: Request): Promise<Response> {
  const meta = readRequestMeta(req);
  let ctx: LaunchContext | null = null;
  try {
    ctx = await getLaunchContext();
    checkReach(meta, ctx.credentials, ctx.allowedHosts, ctx.enforceHosts);
    const bad = checkOrigin(meta, ctx.allowedOrigins);
    if (bad) throw new Refusal(403, bad);
    const parsed = signInBody.safeParse(await readJsonBody(req, SIGN_IN_MAX_BYTES));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Refusal(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
    }
    const { token, expiresAt, person } = await signIn(ctx, meta, parsed.data);
    const headers = new Headers({ "Cache-Control": "no-store" });
    headers.append("Set-Cookie", sessionCookie(token, SESSION_TTL_SEC, meta.secure));
    // Signed in is allowed to read: the board's pages and stream behind the read token open too.
    const readToken = readTokenFrom(process.env);
    if (readToken) headers.append("Set-Cookie", viewCookie(readToken, meta.secure));
    return Response.json(
      {
        person: { id: person.id, name: person.name, role: person.role, domain: person.domain ?? null },
        expiresAt,
      },
      { headers },
    );
  } catch (err) {
    if (err instanceof Refusal) {
      metrics().signInFailures.inc({ status: String(err.status) });
      // Never the password, nor the person as typed: a password pasted into the wrong field would land here.
      // A flood's 429s are counted but logged at debug: the limiter already answers them, a line each would
      // let a flood fill the log.
      log()[err.status === 429 ? "debug" : "warn"](
        { event: "sign-in-failure", status: err.status, client: meta.ip },
        `sign-in refused: ${err.message}`,
      );
    }
    // Failed passwords and 429s are audited by signIn itself; origin and host refusals here.
    const audit = err instanceof Refusal && (err.status === 403 || err.status === 421);
    return refusal(err, ctx, null, meta, "sign-in", audit);
  }
}

import "server-only";
import type { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import { type Actor, authenticate } from "@/lib/auth/authenticate";
import { checkOrigin, type RequestMeta, readRequestMeta } from "@/lib/auth/request-meta";
import { appendAudit } from "@/lib/db/append-audit";
import { getLaunchContext, type LaunchContext } from "@/lib/http/launch-context";
import { Refusal } from "@/lib/model/refusal";

type Handler<B, R> = (ctx: LaunchContext, actor: Actor, meta: RequestMeta, body: B) => Promise<R>;

export type RouteSpec<S extends z.ZodType, R> = {
  action: string;
  /** State-changing: Origin is checked for cookie sessions, and refusals are audited. */
  mutating: boolean;
  schema: S;
  run: Handler<z.infer<S>, R>;
  /** Turns the result into the response (default: JSON). */
  respond?: (result: R, meta: RequestMeta) => Response;
};

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

async function readInput(req: Request): Promise<unknown> {
  if (req.method === "GET") return Object.fromEntries(new URL(req.url).searchParams);
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Refusal(400, "body: not valid JSON");
  }
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Refusal(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
}

/** The thin adapter every launch route uses: origin → identity → zod → one verb → typed error to HTTP. */
export async function handleLaunchRoute<S extends z.ZodType, R>(
  req: Request,
  spec: RouteSpec<S, R>,
): Promise<Response> {
  const meta = readRequestMeta(req);
  let ctx: LaunchContext | null = null;
  let actor: Actor | null = null;
  try {
    ctx = await getLaunchContext();
    actor = await authenticate(ctx, meta);
    if (!actor) {
      throw new Refusal(401, meta.bearer ? "authorization: unknown bearer token" : "sign in first");
    }
    if (spec.mutating && actor.via === "session") {
      const bad = checkOrigin(meta, ctx.allowedOrigins);
      if (bad) throw new Refusal(403, bad);
    }
    const body = parse(spec.schema, await readInput(req));
    const result = await spec.run(ctx, actor, meta, body);
    return spec.respond ? spec.respond(result, meta) : json(result);
  } catch (err) {
    return refusal(err, ctx, actor, meta, spec.action, spec.mutating);
  }
}

/** Maps an error to HTTP; a refused state change is written to the audit log with who and why. */
export async function refusal(
  err: unknown,
  ctx: LaunchContext | null,
  actor: Actor | null,
  meta: RequestMeta,
  action: string,
  audit: boolean,
): Promise<Response> {
  if (!(err instanceof Refusal)) {
    console.error(`warroom: ${action} failed`, err);
    return json({ error: `${action} failed: ${err instanceof Error ? err.message : String(err)}` }, 500);
  }
  if (audit && ctx && err.status !== 503) {
    await appendAudit(
      ctx.db,
      auditEntry(
        ctx.runbook.id,
        actor,
        meta,
        action,
        `refused (${err.status}): ${err.message}`,
        err.details,
        "refused",
      ),
    ).catch(() => undefined);
  }
  return json({ error: err.message, ...err.details }, err.status);
}

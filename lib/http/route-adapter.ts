import "server-only";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import { type Actor, authenticate } from "@/lib/auth/authenticate";
import { checkReach } from "@/lib/auth/reach";
import { checkOrigin, type RequestMeta, readRequestMeta } from "@/lib/auth/request-meta";
import { appendTalliedAudit } from "@/lib/auth/tallied-audit";
import { appendAudit } from "@/lib/db/append-audit";
import { getLaunchContext, type LaunchContext } from "@/lib/http/launch-context";
import { readJsonBody } from "@/lib/http/read-body";
import { redactSecrets } from "@/lib/model/redact";
import { Refusal } from "@/lib/model/refusal";
import { log, requestIdFrom, withRequestId } from "@/lib/runtime/log";

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

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

async function readInput(req: Request): Promise<unknown> {
  if (req.method === "GET") return Object.fromEntries(new URL(req.url).searchParams);
  return readJsonBody(req);
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Refusal(400, `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
}

/**
 * The thin adapter every launch route uses: origin → identity → zod → one verb → typed error to HTTP.
 * Each request gets an id (the caller's X-Request-Id or a new one) on its log lines and its response.
 */
export async function handleLaunchRoute<S extends z.ZodType, R>(
  req: Request,
  spec: RouteSpec<S, R>,
): Promise<Response> {
  const requestId = requestIdFrom(req.headers.get("x-request-id"));
  const res = await withRequestId(requestId, () => runLaunchRoute(req, spec));
  try {
    res.headers.set("X-Request-Id", requestId);
  } catch {
    // a response with immutable headers goes out without the id; its log lines still carry it
  }
  return res;
}

async function runLaunchRoute<S extends z.ZodType, R>(
  req: Request,
  spec: RouteSpec<S, R>,
): Promise<Response> {
  const meta = readRequestMeta(req);
  let ctx: LaunchContext | null = null;
  let actor: Actor | null = null;
  try {
    ctx = await getLaunchContext();
    checkReach(meta, ctx.credentials, ctx.allowedHosts, ctx.enforceHosts);
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
    // One line per action (a vote, a decision, an incident, a rollback start), with who did it.
    if (spec.mutating)
      log().info({ event: "action", action: spec.action, person: actor.person.id }, `${spec.action} done`);
    return spec.respond ? spec.respond(result, meta) : json(result);
  } catch (err) {
    return refusal(err, ctx, actor, meta, spec.action, spec.mutating);
  }
}

/**
 * Maps an error to HTTP; a refused state change is written to the audit log with who and why (anonymous
 * refusals collapse into one row per client, action and minute). An unexpected error answers a generic
 * message with a reference; its detail goes to the server log only, scrubbed of secrets.
 */
export async function refusal(
  err: unknown,
  ctx: LaunchContext | null,
  actor: Actor | null,
  meta: RequestMeta,
  action: string,
  audit: boolean,
): Promise<Response> {
  if (!(err instanceof Refusal)) {
    const ref = randomBytes(6).toString("hex");
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log().error({ event: "internal-error", action, ref, err: redactSecrets(detail) }, `${action} failed`);
    return json({ error: `${action} failed: internal error (ref ${ref})`, ref }, 500);
  }
  // A refused sign-in has its own line, whatever the status (lib/http/handle-sign-in.ts).
  if (audit && action !== "sign-in") {
    log().info(
      { event: "refused", action, status: err.status, person: actor?.person.id ?? null, client: meta.ip },
      `${action} refused: ${err.message}`,
    );
  }
  if (audit && ctx && err.status !== 503) {
    const entry = auditEntry(
      ctx.runbook.id,
      actor,
      meta,
      action,
      `refused (${err.status}): ${err.message}`,
      err.details,
      "refused",
    );
    const write = actor
      ? appendAudit(ctx.db, entry)
      : appendTalliedAudit(ctx.db, `anon|${action}|${err.status}|${meta.ip ?? "unknown"}`, entry, ctx.now());
    await write.catch(() => undefined);
  }
  const retry = err.details.retryAfterSec;
  const headers: Record<string, string> = typeof retry === "number" ? { "Retry-After": String(retry) } : {};
  return json({ error: err.message, ...err.details }, err.status, headers);
}

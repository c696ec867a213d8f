import "server-only";
import { allSlackPosters, slackPosterFor } from "@/lib/comms/shared-slack-poster";
import type { PostAttempt, PostRecord, SlackPoster, SlackPosterOptions } from "@/lib/comms/slack-poster";
import { noteStatusPost } from "@/lib/comms/status-post-log";
import { appendAudit } from "@/lib/db/append-audit";
import { appendIncidentEvent } from "@/lib/db/append-incident-event";
import type { Db } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import type { AuditInput } from "@/lib/db/launch-types";
import { requestPublish } from "@/lib/hub/hub";
import { redactSecrets } from "@/lib/model/redact";
import { log } from "@/lib/runtime/log";
import { peekProcessState, processState } from "@/lib/runtime/process-state";

/** What a post carries besides its text (the poster's meta is string → string). */
export type CommsPostMeta = {
  runbookId: string;
  template: string;
  title: string;
  by: string;
  role: string;
  via: string;
  ip: string;
  userAgent: string;
  /** "1" when the template is a repeated status update (it restarts the 15-minute clock). */
  cadence: "0" | "1";
  /** The active incident when it was posted ("" when none): a status update lands on its timeline. */
  incidentId: string;
  /** The channels this delivery is for ("#us-launch-ops, #incidents") and the variable of its webhook. */
  channels: string;
  webhook: string;
};

/** Retry timing of posters created from now on (a new webhook URL); kept as "comms.poster-tuning". */
export type CommsPosterTuning = Pick<
  SlackPosterOptions,
  "backoffMs" | "maxBackoffMs" | "timeoutMs" | "maxAttempts"
>;

/** The process's poster of the webhook held by variable `env` (its URL given), auditing every attempt. */
export function commsPoster(env: string, url: string): SlackPoster {
  const tuning = peekProcessState<CommsPosterTuning>("comms.poster-tuning");
  return slackPosterFor(env, url, { ...tuning, onAttempt: auditAttempt });
}

/**
 * The Slack posts of this process to the webhooks configured now (`urls`, by variable), newest first: a
 * webhook whose URL changed or was removed since is another channel's history, not this one's.
 */
export function listCommsPosts(urls: ReadonlyMap<string, string>): PostRecord[] {
  return allSlackPosters()
    .filter(({ env, url }) => urls.get(env) === url)
    .flatMap(({ poster }) => poster.list())
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function outcomeOf(a: PostAttempt): string {
  return a.ok ? `HTTP ${a.status}` : (a.error ?? `HTTP ${a.status}`);
}

/** One audit entry per attempt outcome: retries as they happen, then delivered or failed. */
export function attemptAudit(record: PostRecord, attempt: PostAttempt): AuditInput {
  const m = record.meta as Partial<CommsPostMeta>;
  const who = {
    runbookId: m.runbookId ?? null,
    actor: m.by ?? null,
    role: m.role ?? null,
    via: m.via ?? null,
    ip: m.ip || null,
    userAgent: m.userAgent || null,
  };
  const data = {
    template: m.template ?? "",
    channels: m.channels ?? "",
    webhook: m.webhook ?? "",
    postId: record.id,
    cadence: m.cadence === "1",
    /** When it went out: the status-update clock restarts from here after a restart of the server. */
    postedAt: record.state === "sent" ? record.finishedAt : null,
    attempts: record.attempts.map((a) => ({
      n: a.n,
      status: a.status,
      error: a.error,
      durationMs: a.durationMs,
    })),
  };
  const title = `"${m.title ?? m.template}"`;
  const where = m.channels ? ` → ${m.channels} via ${m.webhook}` : "";
  if (record.state === "retrying") {
    return {
      ...who,
      action: "comms-attempt",
      outcome: "refused",
      message: `Slack post ${title}: attempt ${attempt.n} failed (${outcomeOf(attempt)}); retrying in ${seconds(attempt.retryInMs ?? 0)}${where}`,
      data,
    };
  }
  const n = `${record.attempts.length} attempt${record.attempts.length > 1 ? "s" : ""}`;
  return record.state === "sent"
    ? {
        ...who,
        action: "comms-delivery",
        outcome: "ok",
        message: `Slack post ${title} delivered (${n})${where}`,
        data,
      }
    : {
        ...who,
        action: "comms-delivery",
        outcome: "refused",
        message: `Slack post ${title} FAILED after ${n}: ${record.lastError ?? "unknown error"}${where}`,
        data,
      };
}

// Audit lines of one post are written in order: the request first, then each attempt.
function chains(): Map<string, Promise<unknown>> {
  return processState("comms.audit-chains", () => new Map<string, Promise<unknown>>());
}

/** Run `write` after every audit write queued for this post so far. */
export function auditInOrder(postId: string, write: () => Promise<unknown>, last = false): Promise<unknown> {
  const next = (chains().get(postId) ?? Promise.resolve()).catch(() => undefined).then(write);
  if (last) {
    chains().delete(postId);
  } else {
    chains().set(postId, next);
  }
  return next;
}

function auditAttempt(record: PostRecord, attempt: PostAttempt): void {
  const m = record.meta as Partial<CommsPostMeta>;
  if (record.state === "sent" && m.cadence === "1" && m.runbookId) {
    noteStatusPost(m.runbookId, record.finishedAt ?? new Date().toISOString());
    requestPublish();
  }
  // The board never waits for this: a failing database only costs the audit line (and says so).
  const entry = attemptAudit(record, attempt);
  const onTimeline = record.state === "sent" && m.cadence === "1" && m.incidentId;
  void auditInOrder(
    record.id,
    async () =>
      onTimeline
        ? recordStatusPost(await getDb(), m.incidentId as string, `posted to Slack: ${record.text}`, entry)
        : appendAudit(await getDb(), entry),
    record.state !== "retrying",
  ).catch((err: unknown) =>
    log().error(
      { event: "audit-failed", err: redactSecrets(err instanceof Error ? err.message : String(err)) },
      "could not audit a Slack post attempt",
    ),
  );
}

/** A status update on the incident's timeline ("status-post", as the incident console records one), audited with it. */
export function recordStatusPost(
  db: Db,
  incidentId: string,
  message: string,
  audit: AuditInput,
): Promise<number> {
  return appendIncidentEvent(db, {
    incidentId,
    kind: "status-post",
    actor: audit.actor,
    message,
    data: { template: (audit.data?.template as string | undefined) ?? null, via: "comms" },
    audit,
  });
}

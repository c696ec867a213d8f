import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { notApplicable } from "@/lib/comms/applicability";
import { type ChannelRoute, groupByWebhook, routeChannels } from "@/lib/comms/channel-routes";
import { canPostComms } from "@/lib/comms/comms-permissions";
import {
  auditInOrder,
  type CommsPostMeta,
  commsPoster,
  listCommsPosts,
  recordStatusPost,
} from "@/lib/comms/comms-poster";
import { commsContextNow, currentBoard, type PostSummary, summarisePost } from "@/lib/comms/comms-view";
import { findTemplate } from "@/lib/comms/list-templates";
import { renderTemplate } from "@/lib/comms/render-template";
import type { PostRecord } from "@/lib/comms/slack-poster";
import { SLACK_WEBHOOK_ENV, slackWebhooks } from "@/lib/comms/slack-webhook-url";
import { noteStatusPost } from "@/lib/comms/status-post-log";
import { leadingIncident } from "@/lib/comms/status-update-clock";
import { appendAudit } from "@/lib/db/append-audit";
import { readActiveIncidents } from "@/lib/incidents/incident-source";
import type { Template } from "@/lib/model/comms-schema";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";
import { processState } from "@/lib/runtime/process-state";

export const postBody = z.object({
  template: z.string().min(1).max(100),
  /** What a person typed into the blanks (manual placeholders only; live values cannot be overridden). */
  manual: z.record(z.string(), z.string().max(2000)).default({}),
  /** slack: send through the webhook; manual: "I posted this by hand" (restarts the status clock too). */
  mode: z.enum(["slack", "manual"]).default("slack"),
});

/**
 * A second identical post of one template within this window is taken for a double click: a loaded server
 * can handle the second click's request seconds after the first was delivered.
 */
export const REPEAT_WINDOW_MS = 60_000;
const PENDING = new Set<PostRecord["state"]>(["queued", "sending", "retrying"]);

/** One webhook's post of a message: the channels it carries and the state of its delivery. */
export type Delivery = { channels: string[]; webhook: string; post: PostSummary | null };

export type PostResult = {
  mode: "slack" | "manual";
  text: string;
  /** The first delivery's post (a message for one channel has only that one). */
  post: PostSummary | null;
  deliveries: Delivery[];
  /** Where each of the template's channels went, and why when not to its own webhook. */
  routes: ChannelRoute[];
};

type ManualMark = { text: string; at: number };
function manualMarks(): Map<string, ManualMark> {
  return processState("comms.manual-marks", () => new Map<string, ManualMark>());
}

/** Renders the template from the live board now, refusing blanks a person has not filled in. */
function renderForPost(ctx: LaunchContext, template: Template, manual: Record<string, string>) {
  const rendered = renderTemplate(template, commsContextNow(ctx, currentBoard(ctx), manual));
  const subject = notApplicable(rendered);
  if (subject) throw new Refusal(409, `"${template.title}" does not apply now: ${subject}`);
  const blanks = rendered.fields.filter((f) => f.isManual && f.value === null).map((f) => f.label);
  if (blanks.length > 0) {
    throw new Refusal(400, `manual: fill in ${blanks.join(", ")} before posting`, { missing: blanks });
  }
  return rendered;
}

/** A post of this template still on its way, or the same text delivered a moment ago (a double click). */
function inFlight(records: PostRecord[], runbookId: string, templateId: string, text: string, nowMs: number) {
  return records.find(
    (r) =>
      r.meta.runbookId === runbookId &&
      r.meta.template === templateId &&
      (PENDING.has(r.state) ||
        (r.state === "sent" && r.text === text && nowMs - Date.parse(r.finishedAt ?? "") < REPEAT_WINDOW_MS)),
  );
}

function postMeta(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  template: Template,
  target: { webhookEnv: string; channels: string[] },
  first: boolean,
): CommsPostMeta {
  // The status clock and the incident timeline count the message once, by its first delivery.
  const counted = first && template.cadence !== undefined;
  return {
    runbookId: ctx.runbook.id,
    template: template.id,
    title: template.title,
    by: actor.person.id,
    role: actor.person.role,
    via: actor.via,
    ip: meta.ip ?? "",
    userAgent: meta.userAgent ?? "",
    cadence: counted ? "1" : "0",
    incidentId: counted ? (leadingIncident(readActiveIncidents())?.id ?? "") : "",
    channels: target.channels.join(", "),
    webhook: target.webhookEnv,
  };
}

/** Post a rendered template to the Slack webhook (returns at once; delivery is retried and audited). */
export async function postMessage(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof postBody>,
): Promise<PostResult> {
  const allowed = canPostComms(actor.person);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const template = findTemplate(ctx.runbook, body.template);
  if (!template) throw new Refusal(404, `template: no template "${shortId(body.template)}"`);
  const rendered = renderForPost(ctx, template, body.manual);
  if (body.mode === "manual") return markPostedByHand(ctx, actor, meta, template, rendered.text);

  const { urls, available } = slackWebhooks(ctx.runbook.slackChannels);
  const routes = routeChannels(template.channels, ctx.runbook.slackChannels, available);
  const targets = groupByWebhook(routes).flatMap((t) => {
    const url = urls.get(t.webhookEnv);
    return url ? [{ ...t, url }] : [];
  });
  if (targets.length === 0) {
    throw new Refusal(
      409,
      available[SLACK_WEBHOOK_ENV]?.error ??
        `no Slack webhook configured (${SLACK_WEBHOOK_ENV}): copy the text and post it by hand`,
      { routes },
    );
  }
  // Check and enqueue with no await between them: one request wins, however close the clicks.
  const busy = inFlight(listCommsPosts(urls), ctx.runbook.id, template.id, rendered.text, Date.now());
  if (busy) {
    const what = PENDING.has(busy.state) ? `is being posted (${busy.state})` : "was just posted";
    throw new Refusal(409, `"${template.title}" ${what}; not posting it twice`, {
      post: summarisePost(busy),
    });
  }
  const posted = targets.map((t, i) => {
    const poster = commsPoster(t.webhookEnv, t.url);
    const id = poster.post(rendered.text, postMeta(ctx, actor, meta, template, t, i === 0));
    return { ...t, poster, id };
  });
  const unposted = routes.filter((r) => r.via === "none").map((r) => r.channel);
  const where = posted.map((p) => `${p.channels.join(", ")} via ${p.webhookEnv}`).join("; ");
  // Queued synchronously after post(): no attempt can have reported yet. Each delivery's attempts are
  // audited after this line.
  const [first, ...others] = posted;
  const written = auditInOrder(first?.id ?? "", () =>
    appendAudit(
      ctx.db,
      auditEntry(
        ctx.runbook.id,
        actor,
        meta,
        "comms-post",
        `${actor.person.name} posted "${template.title}" to Slack (${where})` +
          (unposted.length > 0 ? `; not posted to ${unposted.join(", ")}: no webhook` : ""),
        {
          template: template.id,
          postId: first?.id ?? "",
          postIds: posted.map((p) => p.id),
          text: rendered.text,
          missing: rendered.missing,
          routes: routes.map((r) => ({
            channel: r.channel,
            via: r.via,
            webhook: r.webhookEnv,
            note: r.note,
          })),
        },
      ),
    ),
  );
  for (const o of others) void auditInOrder(o.id, () => written).catch(() => undefined);
  await written;
  const deliveries = posted.map((p) => {
    const record = p.poster.status(p.id);
    return { channels: p.channels, webhook: p.webhookEnv, post: record && summarisePost(record) };
  });
  return { mode: "slack", text: rendered.text, post: deliveries[0]?.post ?? null, deliveries, routes };
}

/** "Posted by hand": audited with the text, and a status update restarts the incident clock. */
async function markPostedByHand(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  template: Template,
  text: string,
): Promise<PostResult> {
  const key = `${ctx.runbook.id}/${template.id}`;
  const last = manualMarks().get(key);
  const now = Date.now();
  if (last && last.text === text && now - last.at < REPEAT_WINDOW_MS) {
    throw new Refusal(409, `"${template.title}" was just marked as posted; not recording it twice`);
  }
  manualMarks().set(key, { text, at: now });
  const at = new Date(now).toISOString();
  const entry = auditEntry(
    ctx.runbook.id,
    actor,
    meta,
    "comms-manual",
    `${actor.person.name} posted "${template.title}" by hand (${template.channels.join(", ")})`,
    { template: template.id, text, cadence: template.cadence !== undefined, postedAt: at },
  );
  const incidentId = template.cadence ? leadingIncident(readActiveIncidents())?.id : undefined;
  await (incidentId
    ? recordStatusPost(ctx.db, incidentId, `posted by hand: ${text}`, entry)
    : appendAudit(ctx.db, entry)
  ).catch((err) => {
    manualMarks().delete(key);
    throw err;
  });
  if (template.cadence) {
    noteStatusPost(ctx.runbook.id, at);
    ctx.publish();
  }
  return { mode: "manual", text, post: null, deliveries: [], routes: [] };
}

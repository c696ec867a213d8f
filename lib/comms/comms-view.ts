import "server-only";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import type { Permission } from "@/lib/auth/permissions";
import { buildCommsContext } from "@/lib/comms/build-comms-context";
import { type ChannelRoute, routeChannels, type WebhookAvailability } from "@/lib/comms/channel-routes";
import { canPostComms } from "@/lib/comms/comms-permissions";
import { listCommsPosts } from "@/lib/comms/comms-poster";
import { listTemplates, statusCadenceMinutes } from "@/lib/comms/list-templates";
import { renderTemplate } from "@/lib/comms/render-template";
import type { PostRecord } from "@/lib/comms/slack-poster";
import { SLACK_WEBHOOK_ENV, slackWebhooks } from "@/lib/comms/slack-webhook-url";
import { leadingIncident } from "@/lib/comms/status-update-clock";
import { readActiveIncidents } from "@/lib/incidents/incident-source";
import type { BoardState } from "@/lib/model/board";
import type { CommsContext, RenderResult } from "@/lib/model/comms";
import type { Template } from "@/lib/model/comms-schema";
import type { DecisionRecord, Phase, StatusUpdateClock } from "@/lib/model/launch";
import { Refusal } from "@/lib/model/refusal";

export type PostSummary = Pick<
  PostRecord,
  "id" | "text" | "state" | "attempts" | "lastError" | "createdAt" | "finishedAt"
> & { template: string; title: string; by: string; channels: string; webhook: string };

/** A template as the panel shows it: its text now, and where each of its channels would be posted. */
export type TemplateView = Template & { rendered: RenderResult; routes: ChannelRoute[] };

export type CommsView = {
  /** The live facts the texts were filled from; the page re-renders with what a person types. */
  context: CommsContext;
  templates: TemplateView[];
  phase: Phase;
  decision: DecisionRecord | null;
  statusUpdate: StatusUpdateClock | null;
  /** Can anything be posted: the default webhook or any channel's own. */
  webhook: { configured: boolean; error: string | null };
  /** Each Slack channel of the runbook and whether its webhook variable is set (never the URL). */
  slack: {
    defaultEnv: string;
    available: WebhookAvailability;
    channels: { channel: string; webhookEnv: string; use: string | null }[];
  };
  canPost: Permission;
  /** This runbook's Slack posts in this process, newest first. */
  posts: PostSummary[];
};

export function summarisePost(r: PostRecord): PostSummary {
  return {
    id: r.id,
    text: r.text,
    state: r.state,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    template: r.meta.template ?? "",
    title: r.meta.title ?? "",
    by: r.meta.by ?? "",
    channels: r.meta.channels ?? "",
    webhook: r.meta.webhook ?? "",
  };
}

/** The board now, as /api/state serves it (stale readings already unknown). */
export function currentBoard(ctx: LaunchContext): BoardState {
  const board = ctx.board();
  if (!board) throw new Refusal(503, "the war room has no board yet (no runbook loaded)");
  return board;
}

/** A resolved incident stays the subject of the all-clear and the public resolution for this long. */
export const RESOLVED_SUBJECT_MS = 24 * 3600_000;

type CommsIncidentInput = NonNullable<Parameters<typeof buildCommsContext>[1]>["incident"];

/**
 * The incident the messages speak of: the active one (the incident store on the board, else the launch
 * flow's incident source), or the one resolved last (for the all-clear), never older than a day.
 */
export function commsIncident(board: BoardState, nowMs: number): CommsIncidentInput {
  const store = board.incidents;
  if (store?.active) return store.active;
  const source = leadingIncident(readActiveIncidents());
  if (source)
    return { severity: source.severity, title: source.title, declaredAt: source.declaredAt ?? null };
  const resolved = store?.recent.find((i) => i.resolvedAt);
  if (resolved?.resolvedAt && nowMs - Date.parse(resolved.resolvedAt) < RESOLVED_SUBJECT_MS) return resolved;
  return null;
}

/** The rollback the announcements speak of: the latest run on the board, with the reason Rex confirmed. */
function commsRollback(board: BoardState) {
  const run = board.rollback?.run;
  if (run?.kind !== "rollback") return null;
  return {
    reason: run.reason,
    by: run.requestedBy,
    startedAt: run.startedAt,
    // Only a finished run has an outcome to announce; "rollback complete" is unknown until then.
    outcome: run.status === "running" ? null : `${run.status}: ${run.outcome ?? ""}`,
  };
}

/** The facts every template is filled from: live board, effective T-0, the incident and the rollback. */
export function commsContextNow(ctx: LaunchContext, board: BoardState, manual: Record<string, string> = {}) {
  const incident = commsIncident(board, Date.parse(board.serverNow));
  return buildCommsContext(board, {
    incident,
    rollback: commsRollback(board),
    cadenceMinutes: incident ? statusCadenceMinutes(ctx.runbook, incident.severity) : undefined,
    manual,
  });
}

export function commsView(ctx: LaunchContext, actor: Actor): CommsView {
  const board = currentBoard(ctx);
  const context = commsContextNow(ctx, board);
  const channels = ctx.runbook.slackChannels;
  const { urls, available } = slackWebhooks(channels);
  return {
    context,
    templates: listTemplates(ctx.runbook).map((t) => ({
      ...t,
      rendered: renderTemplate(t, context),
      routes: routeChannels(t.channels, channels, available),
    })),
    phase: board.launchFlow.phase,
    decision: board.launchFlow.decision,
    statusUpdate: board.launchFlow.statusUpdate,
    webhook: { configured: urls.size > 0, error: available[SLACK_WEBHOOK_ENV]?.error ?? null },
    slack: {
      defaultEnv: SLACK_WEBHOOK_ENV,
      available,
      channels: channels.map((c) => ({ channel: c.channel, webhookEnv: c.webhookEnv, use: c.use ?? null })),
    },
    canPost: canPostComms(actor.person),
    posts: listCommsPosts(urls)
      .filter((r) => r.meta.runbookId === ctx.runbook.id)
      .map(summarisePost),
  };
}

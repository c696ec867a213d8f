import type { SlackChannel } from "@/lib/model/comms-schema";

/** The variable of the default webhook: channels without one of their own are posted there. */
export const DEFAULT_WEBHOOK_ENV = "WARROOM_SLACK_WEBHOOK_URL";

/** Which webhooks are usable now, by variable name (never the URLs): `null` set, else why not. */
export type WebhookAvailability = Record<string, { configured: boolean; error: string | null }>;

/**
 * Where one of a template's channels goes: its own webhook, the default one (with the note saying why),
 * or nowhere (copy and post by hand).
 */
export type ChannelRoute = {
  channel: string;
  via: "own" | "default" | "none";
  /** The variable whose webhook posts it (null when nothing does). */
  webhookEnv: string | null;
  note: string | null;
};

function unusable(env: string, available: WebhookAvailability): string {
  return available[env]?.error ?? `${env} is not set`;
}

/** Pure: each channel of a template to the webhook that posts it, from the runbook's map and what is set. */
export function routeChannels(
  channels: readonly string[],
  slackChannels: readonly SlackChannel[],
  available: WebhookAvailability,
): ChannelRoute[] {
  const hasDefault = available[DEFAULT_WEBHOOK_ENV]?.configured === true;
  return channels.map((channel) => {
    const own = slackChannels.find((c) => c.channel === channel);
    if (own && available[own.webhookEnv]?.configured) {
      return { channel, via: "own", webhookEnv: own.webhookEnv, note: null };
    }
    const why = own
      ? `no webhook for ${channel} (${unusable(own.webhookEnv, available)})`
      : channel.startsWith("#")
        ? `${channel} has no webhook of its own in the runbook`
        : `${channel} is not a Slack channel`;
    if (hasDefault) {
      const also = channel.startsWith("#") ? "" : `; post it to ${channel} by hand too`;
      return {
        channel,
        via: "default",
        webhookEnv: DEFAULT_WEBHOOK_ENV,
        note: `${why}: the default webhook (${DEFAULT_WEBHOOK_ENV}) posts it${also}`,
      };
    }
    return {
      channel,
      via: "none",
      webhookEnv: null,
      note: `${why} and no default webhook (${unusable(DEFAULT_WEBHOOK_ENV, available)}): copy and post it by hand`,
    };
  });
}

/** One post per webhook: channels sharing a webhook (the default) are posted once, named together. */
export function groupByWebhook(
  routes: readonly ChannelRoute[],
): { webhookEnv: string; channels: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const r of routes) {
    if (!r.webhookEnv) continue;
    groups.set(r.webhookEnv, [...(groups.get(r.webhookEnv) ?? []), r.channel]);
  }
  return [...groups].map(([webhookEnv, channels]) => ({ webhookEnv, channels }));
}

/** "#us-launch-ops (its webhook) · #incidents (default webhook: no webhook for #incidents (…))". */
export function describeRoutes(routes: readonly ChannelRoute[]): string {
  return routes
    .map((r) =>
      r.via === "own"
        ? `${r.channel} via ${r.webhookEnv}`
        : r.via === "default"
          ? `${r.channel} via the default webhook`
          : `${r.channel} not posted`,
    )
    .join(", ");
}

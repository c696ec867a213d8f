import "server-only";
import { z } from "zod";
import { DEFAULT_WEBHOOK_ENV, type WebhookAvailability } from "@/lib/comms/channel-routes";
import type { SlackChannel } from "@/lib/model/comms-schema";

export const SLACK_WEBHOOK_ENV = DEFAULT_WEBHOOK_ENV;

const webhookUrl = z
  .string()
  .url("must be an absolute URL")
  .refine((u) => !URL.canParse(u) || /^https?:$/.test(new URL(u).protocol), "must be http(s)");

export type WebhookConfig = { url: string | null; error: string | null };

/** The incoming-webhook URL held by the variable `name`; none set means "copy, don't post". */
export function webhookFromEnv(
  name: string,
  env: Record<string, string | undefined> = process.env,
): WebhookConfig {
  const raw = env[name]?.trim();
  if (!raw) return { url: null, error: null };
  const parsed = webhookUrl.safeParse(raw);
  if (parsed.success) return { url: parsed.data, error: null };
  // Never echo the value: a webhook URL is a credential.
  return { url: null, error: `${name}: ${parsed.error.issues[0]?.message ?? "invalid"}` };
}

/** The default webhook (channels without one of their own). */
export function slackWebhookFromEnv(env: Record<string, string | undefined> = process.env): WebhookConfig {
  return webhookFromEnv(SLACK_WEBHOOK_ENV, env);
}

/** The default webhook and each channel's, by variable: the URLs (server only) and what may be shown. */
export function slackWebhooks(
  channels: readonly SlackChannel[],
  env: Record<string, string | undefined> = process.env,
): { urls: Map<string, string>; available: WebhookAvailability } {
  const urls = new Map<string, string>();
  const available: WebhookAvailability = {};
  for (const name of [SLACK_WEBHOOK_ENV, ...channels.map((c) => c.webhookEnv)]) {
    const { url, error } = webhookFromEnv(name, env);
    if (url) urls.set(name, url);
    available[name] = { configured: url !== null, error };
  }
  return { urls, available };
}

import "server-only";
import { z } from "zod";

export const SLACK_WEBHOOK_ENV = "WARROOM_SLACK_WEBHOOK_URL";

const webhookUrl = z
  .string()
  .url("must be an absolute URL")
  .refine((u) => !URL.canParse(u) || /^https?:$/.test(new URL(u).protocol), "must be http(s)");

export type WebhookConfig = { url: string | null; error: string | null };

/** The incoming-webhook URL from the environment; none configured means "copy, don't post". */
export function slackWebhookFromEnv(env: Record<string, string | undefined> = process.env): WebhookConfig {
  const raw = env[SLACK_WEBHOOK_ENV]?.trim();
  if (!raw) return { url: null, error: null };
  const parsed = webhookUrl.safeParse(raw);
  if (parsed.success) return { url: parsed.data, error: null };
  // Never echo the value: a webhook URL is a credential.
  return { url: null, error: `${SLACK_WEBHOOK_ENV}: ${parsed.error.issues[0]?.message ?? "invalid"}` };
}

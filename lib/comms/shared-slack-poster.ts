import "server-only";
import { createSlackPoster, type SlackPoster, type SlackPosterOptions } from "@/lib/comms/slack-poster";
import { SLACK_WEBHOOK_ENV, slackWebhookFromEnv } from "@/lib/comms/slack-webhook-url";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

/** One poster per webhook variable: each channel's messages keep their order in its own queue. */
type Shared = Map<string, { url: string; poster: SlackPoster }>;

function posters(): Shared {
  const current = peekProcessState<Shared>("comms.slack-poster");
  if (current instanceof Map) return current;
  const fresh: Shared = new Map();
  setProcessState<Shared>("comms.slack-poster", fresh);
  return fresh;
}

/**
 * The process-wide poster of the webhook held by variable `env`. Kept in the process state because
 * instrumentation and route handlers are separate bundles with their own module copies. `options` apply
 * when the poster is created (first use, or after the variable's URL changed: the old poster is closed).
 */
export function slackPosterFor(
  env: string,
  url: string,
  options: Omit<SlackPosterOptions, "url"> = {},
): SlackPoster {
  const all = posters();
  const current = all.get(env);
  if (current?.url === url) return current.poster;
  current?.poster.close();
  const poster = createSlackPoster({ ...options, url });
  all.set(env, { url, poster });
  return poster;
}

/** Every poster of this process, by the variable of its webhook and the URL it posts to. */
export function allSlackPosters(): { env: string; url: string; poster: SlackPoster }[] {
  return [...posters()].map(([env, { url, poster }]) => ({ env, url, poster }));
}

/** The poster of the default webhook, or null when none is configured. */
export function sharedSlackPoster(
  env: Record<string, string | undefined> = process.env,
  options: Omit<SlackPosterOptions, "url"> = {},
): SlackPoster | null {
  const { url } = slackWebhookFromEnv(env);
  return url ? slackPosterFor(SLACK_WEBHOOK_ENV, url, options) : null;
}

import "server-only";
import { createSlackPoster, type SlackPoster, type SlackPosterOptions } from "@/lib/comms/slack-poster";
import { slackWebhookFromEnv } from "@/lib/comms/slack-webhook-url";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

type Shared = { url: string; poster: SlackPoster };

/**
 * The process-wide poster for the configured webhook, or null when none is configured. Kept in the process state
 * because instrumentation and route handlers are separate bundles with their own module copies. `options`
 * apply when the poster is created (first call, or after the URL changed).
 */
export function sharedSlackPoster(
  env: Record<string, string | undefined> = process.env,
  options: Omit<SlackPosterOptions, "url"> = {},
): SlackPoster | null {
  const { url } = slackWebhookFromEnv(env);
  if (!url) return null;
  const current = peekProcessState<Shared>("comms.slack-poster");
  if (current?.url === url) return current.poster;
  current?.poster.close();
  const poster = createSlackPoster({ ...options, url });
  setProcessState<Shared>("comms.slack-poster", { url, poster });
  return poster;
}

import type { ChannelRoute } from "@/lib/comms/channel-routes";
import type { CommsView, PostSummary } from "@/lib/comms/comms-view";

/** The newest post of a template and the other deliveries of the same click (one per webhook). */
export function lastPosts(posts: readonly PostSummary[], template: string): PostSummary[] {
  const mine = posts.filter((p) => p.template === template);
  const newest = mine[0];
  if (!newest) return [];
  const at = Date.parse(newest.createdAt);
  return mine.filter((p) => p.text === newest.text && Math.abs(Date.parse(p.createdAt) - at) < 2000);
}

const ROUTE_CLASSES: Record<ChannelRoute["via"], string> = {
  own: "text-ok",
  default: "text-warn",
  none: "text-crit",
};

/** Where each channel of the message goes: its own webhook, the default one (and why), or nowhere. */
export function RouteList({ id, routes }: { id: string; routes: readonly ChannelRoute[] }) {
  return (
    <ul className="text-sm" data-testid={`comms-routes-${id}`}>
      {routes.map((r) => (
        <li key={r.channel} data-via={r.via} className={ROUTE_CLASSES[r.via]}>
          {r.channel} →{" "}
          {r.via === "own"
            ? `its webhook (${r.webhookEnv})`
            : r.via === "default"
              ? "the default webhook"
              : "not posted"}
          {r.note && <span className="text-gray-400"> — {r.note}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The runbook's Slack channels and whether each has its webhook set (the variable's name, never the URL). */
export function SlackChannels({ view }: { view: CommsView }) {
  if (view.slack.channels.length === 0) return null;
  return (
    <span className="text-sm text-gray-300" data-testid="comms-slack-channels">
      {view.slack.channels.map((c, i) => {
        const set = view.slack.available[c.webhookEnv]?.configured === true;
        return (
          <span key={c.channel} title={c.use ?? undefined}>
            {i > 0 && " · "}
            {c.channel}:{" "}
            <span className={set ? "text-ok" : "text-warn"}>
              {set ? c.webhookEnv : `${c.webhookEnv} unset`}
            </span>
          </span>
        );
      })}
    </span>
  );
}

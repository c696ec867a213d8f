import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_WEBHOOK_ENV, groupByWebhook, routeChannels } from "@/lib/comms/channel-routes";
import { allSlackPosters, slackPosterFor } from "@/lib/comms/shared-slack-poster";
import { slackWebhooks } from "@/lib/comms/slack-webhook-url";
import type { SlackChannel } from "@/lib/model/comms-schema";
import { slackChannelSchema } from "@/lib/model/comms-schema";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { resetProcessState } from "@/lib/runtime/process-state";
import { type LocalServer, startHttpServer, waitFor } from "@/test/support/local-server";

const CHANNELS: SlackChannel[] = [
  { channel: "#us-launch-ops", webhookEnv: "HOOK_OPS" },
  { channel: "#incidents-critical", webhookEnv: "HOOK_CRIT" },
];
const URL_A = "http://127.0.0.1:9/services/a";
const URL_B = "http://127.0.0.1:9/services/b";

describe("routeChannels", () => {
  const route = (channels: string[], env: Record<string, string>) =>
    routeChannels(channels, CHANNELS, slackWebhooks(CHANNELS, env).available);

  it.each([
    [
      "its own webhook when its variable is set",
      ["#us-launch-ops"],
      { HOOK_OPS: URL_A, [DEFAULT_WEBHOOK_ENV]: URL_B },
      [["#us-launch-ops", "own", "HOOK_OPS", null]],
    ],
    [
      "the default webhook, saying why, when its variable is unset",
      ["#incidents-critical"],
      { [DEFAULT_WEBHOOK_ENV]: URL_B },
      [
        [
          "#incidents-critical",
          "default",
          DEFAULT_WEBHOOK_ENV,
          "no webhook for #incidents-critical (HOOK_CRIT is not set): the default webhook (WARROOM_SLACK_WEBHOOK_URL) posts it",
        ],
      ],
    ],
    [
      "a channel the runbook maps to no variable",
      ["#random"],
      { [DEFAULT_WEBHOOK_ENV]: URL_B },
      [
        [
          "#random",
          "default",
          DEFAULT_WEBHOOK_ENV,
          "#random has no webhook of its own in the runbook: the default webhook (WARROOM_SLACK_WEBHOOK_URL) posts it",
        ],
      ],
    ],
    [
      "a place that is not a Slack channel",
      ["status page"],
      { [DEFAULT_WEBHOOK_ENV]: URL_B },
      [
        [
          "status page",
          "default",
          DEFAULT_WEBHOOK_ENV,
          "status page is not a Slack channel: the default webhook (WARROOM_SLACK_WEBHOOK_URL) posts it; post it to status page by hand too",
        ],
      ],
    ],
    [
      "nowhere without either",
      ["#incidents-critical"],
      {},
      [
        [
          "#incidents-critical",
          "none",
          null,
          "no webhook for #incidents-critical (HOOK_CRIT is not set) and no default webhook (WARROOM_SLACK_WEBHOOK_URL is not set): copy and post it by hand",
        ],
      ],
    ],
    [
      "an invalid URL is not used, and not echoed",
      ["#us-launch-ops"],
      { HOOK_OPS: "ftp://secret-token@example", [DEFAULT_WEBHOOK_ENV]: URL_B },
      [
        [
          "#us-launch-ops",
          "default",
          DEFAULT_WEBHOOK_ENV,
          "no webhook for #us-launch-ops (HOOK_OPS: must be http(s)): the default webhook (WARROOM_SLACK_WEBHOOK_URL) posts it",
        ],
      ],
    ],
  ] as const)("%s", (_n, channels, env, expected) => {
    const routes = route([...channels], env);
    expect(routes.map((r) => [r.channel, r.via, r.webhookEnv, r.note])).toEqual(expected);
    expect(JSON.stringify(routes)).not.toContain("secret-token");
  });

  it("one post per webhook: channels falling back to the default are posted there once", () => {
    const routes = routeChannels(
      ["#us-launch-ops", "#incidents-critical", "#random"],
      CHANNELS,
      slackWebhooks(CHANNELS, { HOOK_OPS: URL_A, [DEFAULT_WEBHOOK_ENV]: URL_B }).available,
    );
    expect(groupByWebhook(routes)).toEqual([
      { webhookEnv: "HOOK_OPS", channels: ["#us-launch-ops"] },
      { webhookEnv: DEFAULT_WEBHOOK_ENV, channels: ["#incidents-critical", "#random"] },
    ]);
  });

  it("the runbook names a variable, never a URL; BuyWhere maps incident §4.3's four channels", () => {
    expect(
      slackChannelSchema.safeParse({ channel: "#x", webhookEnv: "https://hooks.slack.com/services/T/B/x" })
        .success,
    ).toBe(false);
    const runbook = parseRunbook(buildBuyWhereUsLaunch({}), "test");
    expect(runbook.slackChannels.map((c) => [c.channel, c.webhookEnv])).toEqual([
      ["#us-launch-ops", "WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS"],
      ["#incidents", "WARROOM_SLACK_WEBHOOK_INCIDENTS"],
      ["#incidents-critical", "WARROOM_SLACK_WEBHOOK_INCIDENTS_CRITICAL"],
      ["#us-alerts", "WARROOM_SLACK_WEBHOOK_US_ALERTS"],
    ]);
    // Every channel a template names is mapped (the public places are not Slack channels of this workspace).
    const slackChannels = new Set(runbook.slackChannels.map((c) => c.channel));
    const named = runbook.templates.flatMap((t) => t.channels).filter((c) => c.startsWith("#"));
    expect(named.filter((c) => !slackChannels.has(c))).toEqual([]);
  });
});

describe("posting per channel against local Slack stand-ins", () => {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    for (const { poster } of allSlackPosters()) poster.close();
    resetProcessState("comms.slack-poster");
    for (const s of servers.splice(0)) await s.close();
  });

  async function hook(): Promise<LocalServer & { texts: string[] }> {
    const texts: string[] = [];
    const server = await startHttpServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        texts.push((JSON.parse(body) as { text: string }).text);
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      });
    });
    servers.push(server);
    return Object.assign(server, { texts });
  }

  it("each channel's webhook gets the message once; an unmapped channel goes to the default", async () => {
    const [ops, crit, fallback] = [await hook(), await hook(), await hook()];
    const env = {
      HOOK_OPS: `${ops.url}/hook`,
      HOOK_CRIT: `${crit.url}/hook`,
      [DEFAULT_WEBHOOK_ENV]: fallback.url,
    };
    const { urls, available } = slackWebhooks(CHANNELS, env);
    const routes = routeChannels(["#us-launch-ops", "#incidents-critical", "#random"], CHANNELS, available);
    const ids = groupByWebhook(routes).map((g) => {
      const poster = slackPosterFor(g.webhookEnv, urls.get(g.webhookEnv) ?? "", { backoffMs: 20 });
      return { poster, id: poster.post("rollback started", { channels: g.channels.join(", ") }) };
    });
    await waitFor(() => ids.every(({ poster, id }) => poster.status(id)?.state === "sent"), 20_000);
    expect([ops.texts, crit.texts, fallback.texts]).toEqual([
      ["rollback started"],
      ["rollback started"],
      ["rollback started"],
    ]);
    expect(allSlackPosters().map((p) => p.env)).toEqual(["HOOK_OPS", "HOOK_CRIT", DEFAULT_WEBHOOK_ENV]);
  });

  it("a changed URL for one variable closes its old poster; the others keep theirs", async () => {
    const a = slackPosterFor("HOOK_OPS", URL_A);
    const b = slackPosterFor("HOOK_CRIT", URL_B);
    expect(slackPosterFor("HOOK_OPS", URL_A)).toBe(a);
    const a2 = slackPosterFor("HOOK_OPS", `${URL_A}-rotated`);
    expect(a2).not.toBe(a);
    expect(slackPosterFor("HOOK_CRIT", URL_B)).toBe(b);
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as commsPost } from "@/app/api/comms/post/route";
import { GET as commsGet } from "@/app/api/comms/route";
import { POST as resolvePost } from "@/app/api/incidents/resolve/route";
import { POST as incidentsPost } from "@/app/api/incidents/route";
import { GET as stateGet } from "@/app/api/launch/state/route";
import type { CommsPosterTuning } from "@/lib/comms/comms-poster";
import type { CommsView, PostSummary } from "@/lib/comms/comms-view";
import { closeDb, getDb } from "@/lib/db/client";
import { getHub } from "@/lib/hub/hub";
import { refreshIncidents } from "@/lib/incidents/incident-section";
import type { LaunchFlowState } from "@/lib/model/launch";
import { resetProcessState, setProcessState } from "@/lib/runtime/process-state";
import { setHarnessCredentials, signIn } from "@/test/support/api-process";
import { restoreEnvAfterAll } from "@/test/support/env-backends";
import { type Caller, installRunbook, REX_TOKEN, request, setLevels } from "@/test/support/launch-harness";
import { createTestDatabase } from "@/test/support/test-database";

/** A stand-in for Slack: a real HTTP server on loopback answering from a script, recording every body. */
type Receiver = { url: string; bodies: string[]; close: () => Promise<void> };

async function startReceiver(script: (n: number) => number | "hang"): Promise<Receiver> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      bodies.push(body);
      const answer = script(bodies.length);
      if (answer === "hang") return;
      res.writeHead(answer, { "content-type": "text/plain" });
      res.end(answer === 200 ? "ok" : "internal_error");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret`,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

restoreEnvAfterAll([
  "DATABASE_URL",
  "WARROOM_DATA_DIR",
  "WARROOM_USERS",
  "WARROOM_TOKENS",
  "WARROOM_SLACK_WEBHOOK_URL",
  "WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS",
]);
const ACTORS = ["rex", "bolt", "lyra", "vera", "guest"] as const;
const cookies: Record<string, string> = {};
let dropDb: () => Promise<void> = async () => {};
const receivers: Receiver[] = [];

async function receiver(script: (n: number) => number | "hang"): Promise<Receiver> {
  const r = await startReceiver(script);
  receivers.push(r);
  process.env.WARROOM_SLACK_WEBHOOK_URL = r.url;
  return r;
}

async function eventually<T>(what: string, fn: () => Promise<T | null | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await fn();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function view(caller: Caller = { cookie: cookies.lyra }): Promise<CommsView> {
  const res = await commsGet(request("/api/comms", caller));
  expect(res.status).toBe(200);
  return (await res.json()) as CommsView;
}

function post(caller: Caller, template: string, extra: Record<string, unknown> = {}) {
  return commsPost(request("/api/comms/post", caller, { template, ...extra }));
}

async function settled(id: string): Promise<PostSummary> {
  return eventually(`post ${id} to finish`, async () => {
    const p = (await view()).posts.find((x) => x.id === id);
    return p && (p.state === "sent" || p.state === "failed") ? p : null;
  });
}

async function auditOf(postId: string) {
  const db = await getDb();
  const rows = await db.auditEntry.findMany({ orderBy: { id: "asc" } });
  return rows.filter((r) => (r.data as { postId?: string } | null)?.postId === postId);
}

beforeAll(async () => {
  setHarnessCredentials();
  const db = await createTestDatabase("comms");
  process.env.DATABASE_URL = db.url;
  dropDb = db.drop;
  installRunbook();
  await getDb();
  // Attempts time out at 1.5 s: four of them inline would hold a request 6 s, far beyond the bound below.
  setProcessState<CommsPosterTuning>("comms.poster-tuning", {
    backoffMs: 20,
    maxBackoffMs: 100,
    timeoutMs: 1500,
  });
  for (const p of ACTORS) cookies[p] = await signIn(p);
});

afterAll(async () => {
  setProcessState("comms.poster-tuning", undefined);
  for (const r of receivers) await r.close();
  await closeDb();
  await dropDb();
});

beforeEach(() => {
  setLevels({});
});

function installedRunbookId(): string {
  return getHub().loaded?.runbook.id ?? "";
}

describe("communications API against a local Slack stand-in", () => {
  it("authorization matrix: who reads, who posts; anonymous 401, wrong origin 403", async () => {
    await receiver(() => 200);
    // One template per allowed caller, so the single-flight rule does not answer for the roles.
    const callers: [string, Caller, string, number, number][] = [
      // name, caller, template, GET status, POST status
      ["anonymous", {}, "launch-post", 401, 401],
      ["unknown bearer", { bearer: "not-a-token-not-a-token-xx", origin: null }, "launch-post", 401, 401],
      ["guest (viewer)", { cookie: cookies.guest }, "launch-post", 200, 403],
      ["vera (exec)", { cookie: cookies.vera }, "launch-post", 200, 403],
      ["bolt (owner, infra)", { cookie: cookies.bolt }, "launch-post", 200, 403],
      [
        "lyra, wrong origin",
        { cookie: cookies.lyra, origin: "http://evil.example" },
        "launch-post",
        200,
        403,
      ],
      ["lyra, no origin", { cookie: cookies.lyra, origin: null }, "launch-post", 200, 403],
      ["lyra (owner, comms)", { cookie: cookies.lyra }, "launch-post", 200, 202],
      ["rex (lead)", { cookie: cookies.rex }, "prelaunch-complete", 200, 202],
      ["rex bearer token", { bearer: REX_TOKEN, origin: null }, "public-status", 200, 202],
    ];
    const rows: string[] = [];
    for (const [name, caller, template, getStatus, postStatus] of callers) {
      const got = [
        (await commsGet(request("/api/comms", caller))).status,
        (await post(caller, template)).status,
      ];
      rows.push(`| ${name.padEnd(20)} | ${got[0]} | ${got[1]} |`);
      expect(got, name).toEqual([getStatus, postStatus]);
    }
    console.log(["| caller               | GET /api/comms | POST /api/comms/post |", ...rows].join("\n"));
    const db = await getDb();
    const refused = await db.auditEntry.findFirst({
      where: { action: "comms-post", outcome: "refused", actor: "vera" },
    });
    expect(refused?.message).toMatch(
      /only the incident lead or the comms owner posts messages; Vera is exec/,
    );
    const evil = await db.auditEntry.findFirst({
      where: { action: "comms-post", outcome: "refused", actor: "lyra" },
    });
    expect(evil?.message).toMatch(/origin: http:\/\/evil\.example is not this server/);
  });

  it("success: the rendered text reaches the webhook as {text}, and is audited as requested and delivered", async () => {
    const slack = await receiver(() => 200);
    const res = await post({ cookie: cookies.lyra }, "launch-post");
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.text).toMatch(/^🚀 BuyWhere US Launch commencing — \d\d:\d\d E[DS]T \w+ \d+, \d{4}$/);
    const done = await settled(body.post.id);
    expect(done).toMatchObject({ state: "sent", template: "launch-post", by: "lyra", lastError: null });
    expect(done.attempts).toHaveLength(1);
    expect(slack.bodies.map((b) => JSON.parse(b))).toEqual([{ text: body.text }]);
    const audit = await eventually("delivery audit", async () => {
      const rows = await auditOf(body.post.id);
      return rows.length >= 2 ? rows : null;
    });
    expect(audit.map((a) => `${a.action}:${a.outcome}:${a.actor}`)).toEqual([
      "comms-post:ok:lyra",
      "comms-delivery:ok:lyra",
    ]);
    expect(audit[1]?.message).toBe(
      'Slack post "Launch commencing (T-0)" delivered (1 attempt) → #us-launch-ops via WARROOM_SLACK_WEBHOOK_URL',
    );
  });

  it("a 500 is retried and the retry succeeds; the failed attempt is reported", async () => {
    const slack = await receiver((n) => (n === 1 ? 500 : 200));
    const body = await (await post({ cookie: cookies.rex }, "launch-post")).json();
    const done = await settled(body.post.id);
    expect(done.state).toBe("sent");
    expect(done.attempts.map((a) => [a.n, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    expect(done.lastError).toMatch(/500/);
    expect(slack.bodies).toHaveLength(2);
    const audit = await eventually("retry audit", async () => {
      const rows = await auditOf(body.post.id);
      return rows.length >= 3 ? rows : null;
    });
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual([
      "comms-post:ok",
      "comms-attempt:refused",
      "comms-delivery:ok",
    ]);
    expect(audit[1]?.message).toMatch(/attempt 1 failed \(HTTP 500.*\); retrying in 20 ms/);
  });

  it("a webhook that keeps failing is reported as failed after 4 attempts; the board answers meanwhile", async () => {
    const slack = await receiver(() => 500);
    const started = Date.now();
    const res = await post({ cookie: cookies.rex }, "prelaunch-complete");
    expect(res.status).toBe(202);
    const state = await stateGet(request("/api/launch/state", {}));
    expect(state.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    const { post: queued } = await res.json();
    const done = await settled(queued.id);
    expect(done.state).toBe("failed");
    expect(done.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500]);
    expect(done.lastError).toMatch(/HTTP 500/);
    expect(slack.bodies).toHaveLength(4);
    const last = await eventually("failure audit", async () => {
      const rows = await auditOf(queued.id);
      const final = rows.find((r) => r.action === "comms-delivery");
      return final ?? null;
    });
    expect(last.outcome).toBe("refused");
    expect(last.message).toMatch(
      /^Slack post "Pre-launch checklist complete.*" FAILED after 4 attempts: HTTP 500/,
    );
  });

  it("a hanging webhook times out and is retried without holding up the request", async () => {
    await receiver(() => "hang");
    const started = Date.now();
    const res = await post({ cookie: cookies.rex }, "public-status");
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5000);
    const { post: queued } = await res.json();
    const done = await settled(queued.id);
    expect(done.state).toBe("failed");
    expect(done.attempts).toHaveLength(4);
    expect(done.lastError).toBe("no answer within 1500 ms");
  });

  it("a double click posts once: concurrent posts of one template give one 202 and 409s", async () => {
    const slack = await receiver(() => 200);
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        post(i % 2 ? { bearer: REX_TOKEN, origin: null } : { cookie: cookies.lyra }, "launch-post"),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409, 409]);
    const refusal = await results.find((r) => r.status === 409)?.json();
    expect(refusal.error).toMatch(
      /"Launch commencing \(T-0\)" (is being posted \(\w+\)|was just posted); not posting it twice/,
    );
    const ok = await results.find((r) => r.status === 202)?.json();
    await settled(ok.post.id);
    // A click right after delivery, with the same text, is still the same click.
    const again = await post({ cookie: cookies.lyra }, "launch-post");
    expect(again.status).toBe(409);
    expect(slack.bodies).toHaveLength(1);
  });

  it("bad input: an unknown template is 404, unfilled blanks are 400 naming them", async () => {
    await receiver(() => 200);
    const unknown = await post({ cookie: cookies.lyra }, "nope");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toBe('template: no template "nope"');
    const blank = await post({ cookie: cookies.lyra }, "status-update", { manual: { summary: "x" } });
    expect(blank.status).toBe(400);
    expect((await blank.json()).error).toMatch(/^manual: fill in what we're doing, ETA before posting$/);
    const notNow = await post({ cookie: cookies.rex }, "rollback-incident");
    expect(notNow.status).toBe(409);
    expect((await notNow.json()).error).toBe(
      '"Rollback initiated (incident response)" does not apply now: no rollback decision',
    );
    const mode = await post({ cookie: cookies.lyra }, "launch-post", { mode: "fax" });
    expect(mode.status).toBe(400);
  });

  it("during an incident the status update is due every 15 min; a post restarts the clock and lands on the timeline", async () => {
    resetProcessState("comms.status-posts");
    await receiver(() => 200);
    setLevels({ "latency-p99": "crit" });
    // The real incident store (lib/incidents) feeds the launch flow's incident source.
    const declared = await incidentsPost(
      request(
        "/api/incidents",
        { bearer: REX_TOKEN, origin: null },
        { severity: "P1", title: "search P99 over 3 s" },
      ),
    );
    expect(declared.status, await declared.clone().text()).toBe(200);
    const incident = (await declared.json()).incident as { id: string; declaredAt: string };
    await refreshIncidents(installedRunbookId());
    const launch = async () =>
      (await (await stateGet(request("/api/launch/state", {}))).json()) as LaunchFlowState;
    let clock = (await launch()).statusUpdate;
    expect(clock).toMatchObject({ severity: "P1", everyMinutes: 15, lastPostedAt: null, unknown: null });
    expect(Date.parse(clock?.dueAt ?? "")).toBe(Date.parse(incident.declaredAt) + 15 * 60_000);

    const v = await view();
    const update = v.templates.find((t) => t.id === "incident-update");
    expect(update?.rendered.text).toMatch(
      /Incident update — P1\nStatus: 🟡 DEGRADED\n- Impact: .*latency-p99 broken \(test\)/,
    );
    expect(v.statusUpdate?.dueAt).toBe(clock?.dueAt);

    const manual = { root_cause: "slow query", action: "index added", eta: "10 min" };
    const res = await post({ cookie: cookies.rex }, "incident-update", { manual });
    expect(res.status).toBe(202);
    const done = await settled((await res.json()).post.id);
    expect(done.state).toBe("sent");
    expect(done.text).toContain("- Root cause: slow query");
    clock = await eventually("the clock to restart", async () => {
      const c = (await launch()).statusUpdate;
      return c?.lastPostedAt ? c : null;
    });
    expect(Date.parse(clock.dueAt ?? "") - Date.parse(clock.lastPostedAt ?? "")).toBe(15 * 60_000);
    expect(Date.parse(clock.dueAt ?? "")).toBeGreaterThan(Date.now() + 14 * 60_000);

    // The post is on the incident's timeline, so the incident console's clock agrees.
    const db = await getDb();
    const events = await eventually("the status-post event", async () => {
      const rows = await db.incidentEvent.findMany({
        where: { incidentId: incident.id, kind: "status-post" },
      });
      return rows.length > 0 ? rows : null;
    });
    expect(events[0]?.message).toMatch(/^posted to Slack: .*Incident update — P1/s);

    // The clock survives a restart: it is read back from the audit log.
    resetProcessState("comms.status-posts");
    const reloaded = await eventually("reload from the audit log", async () => {
      const c = (await launch()).statusUpdate;
      return c?.lastPostedAt ? c : null;
    });
    expect(reloaded.dueAt).toBe(clock.dueAt);

    const resolved = await resolvePost(
      request(
        "/api/incidents/resolve",
        { bearer: REX_TOKEN, origin: null },
        { id: incident.id, reason: "fixed" },
      ),
    );
    expect(resolved.status, await resolved.clone().text()).toBe(200);
    await refreshIncidents(installedRunbookId());
    expect((await launch()).statusUpdate).toBeNull();
    // The resolved incident is what the all-clear speaks of.
    const clear = (await view()).templates.find((t) => t.id === "all-clear-incident");
    expect(clear?.rendered.text).toMatch(/All-clear — P1 resolved\nIncident: search P99 over 3 s/);
  });

  it("each channel goes to its own webhook; one without goes to the default, and the panel says which", async () => {
    const fallback = await receiver(() => 200);
    const ops = await startReceiver(() => 200);
    receivers.push(ops);
    process.env.WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS = ops.url;
    try {
      const v = await view();
      // The variable's name is shown, never the URL (a credential).
      expect(JSON.stringify(v)).not.toContain(ops.url);
      expect(v.slack.available.WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS).toEqual({
        configured: true,
        error: null,
      });
      const routes = v.templates.find((t) => t.id === "rollback-incident")?.routes ?? [];
      expect(routes.map((r) => [r.channel, r.via, r.webhookEnv])).toEqual([
        ["#us-launch-ops", "own", "WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS"],
        ["#incidents-critical", "default", "WARROOM_SLACK_WEBHOOK_URL"],
      ]);
      expect(routes[1]?.note).toBe(
        "no webhook for #incidents-critical (WARROOM_SLACK_WEBHOOK_INCIDENTS_CRITICAL is not set): the default webhook (WARROOM_SLACK_WEBHOOK_URL) posts it",
      );

      const res = await post({ cookie: cookies.lyra }, "prelaunch-complete");
      expect(res.status).toBe(202);
      const body = await res.json();
      expect(
        body.deliveries.map((d: { channels: string[]; webhook: string }) => [d.channels, d.webhook]),
      ).toEqual([[["#us-launch-ops"], "WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS"]]);
      expect((await settled(body.post.id)).state).toBe("sent");
      expect(ops.bodies.map((b) => JSON.parse(b).text)).toEqual([body.text]);
      expect(fallback.bodies).toEqual([]);
      const audit = await eventually("delivery audit", async () => {
        const rows = await auditOf(body.post.id);
        return rows.length >= 2 ? rows : null;
      });
      expect(audit[0]?.message).toMatch(
        /^Lyra posted ".*" to Slack \(#us-launch-ops via WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS\)$/,
      );
      expect(audit[1]?.message).toMatch(
        /delivered \(1 attempt\) → #us-launch-ops via WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS$/,
      );

      // The public notice's places are not Slack channels of the runbook: the default webhook posts it once.
      const pub = await (await post({ bearer: REX_TOKEN, origin: null }, "public-status")).json();
      expect(
        pub.deliveries.map((d: { channels: string[]; webhook: string }) => [d.channels, d.webhook]),
      ).toEqual([[["status page", "developer Slack"], "WARROOM_SLACK_WEBHOOK_URL"]]);
      expect(pub.routes[0].note).toMatch(/^status page is not a Slack channel: the default webhook/);
      expect((await settled(pub.post.id)).state).toBe("sent");
      expect(fallback.bodies).toHaveLength(1);
      expect(ops.bodies).toHaveLength(1);
    } finally {
      delete process.env.WARROOM_SLACK_WEBHOOK_US_LAUNCH_OPS;
    }
  });

  it("without a webhook: posting is refused with the reason, posting by hand is recorded once", async () => {
    delete process.env.WARROOM_SLACK_WEBHOOK_URL;
    expect((await view()).webhook).toEqual({ configured: false, error: null });
    const slack = await post({ cookie: cookies.lyra }, "launch-post");
    expect(slack.status).toBe(409);
    expect((await slack.json()).error).toMatch(/^no Slack webhook configured \(WARROOM_SLACK_WEBHOOK_URL\)/);
    const byHand = await post({ cookie: cookies.lyra }, "public-status", { mode: "manual" });
    expect(byHand.status).toBe(200);
    expect((await post({ cookie: cookies.lyra }, "public-status", { mode: "manual" })).status).toBe(409);
    const db = await getDb();
    const row = await db.auditEntry.findFirst({ where: { action: "comms-manual" }, orderBy: { id: "desc" } });
    expect(row).toMatchObject({ actor: "lyra", outcome: "ok" });
    expect(row?.message).toMatch(/^Lyra posted ".*" by hand/);
    process.env.WARROOM_SLACK_WEBHOOK_URL = "ftp://hooks.example/x";
    expect((await view()).webhook).toEqual({
      configured: false,
      error: "WARROOM_SLACK_WEBHOOK_URL: must be http(s)",
    });
  });
});

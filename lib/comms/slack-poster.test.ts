import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createSlackPoster, type PostAttempt, type SlackPoster } from "@/lib/comms/slack-poster";
import { slackWebhookFromEnv } from "@/lib/comms/slack-webhook-url";
import { closedPort, type LocalServer, startHttpServer, waitFor } from "@/test/support/local-server";

type Received = { method: string; contentType: string; body: unknown };
type Reply = (n: number, res: http.ServerResponse) => void;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A real webhook receiver on 127.0.0.1 that answers request n (1-based) with `reply`. */
async function receiver(reply: Reply): Promise<LocalServer & { received: Received[] }> {
  const received: Received[] = [];
  const server = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        contentType: req.headers["content-type"] ?? "",
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      reply(received.length, res);
    });
  });
  cleanup.push(() => server.close());
  return Object.assign(server, { received });
}

// Per-attempt timeout far above what a loopback answer takes even at load 20: only the tests about
// timeouts (with a receiver that never answers) pass a short one.
const ATTEMPT_TIMEOUT_MS = 5000;
/** How long a test waits for a post to settle: bounds a loaded host, not a target. */
const SETTLE_MS = 20_000;

function poster(url: string, attempts: PostAttempt[] = [], extra = {}): SlackPoster {
  const p = createSlackPoster({
    url,
    timeoutMs: ATTEMPT_TIMEOUT_MS,
    maxAttempts: 3,
    backoffMs: 20,
    onAttempt: (_r, a) => attempts.push(a),
    ...extra,
  });
  cleanup.push(() => p.close());
  return p;
}

const settled = (p: SlackPoster, id: string) => () => ["sent", "failed"].includes(p.status(id)?.state ?? "");
const ok: Reply = (_n, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok");

describe("Slack webhook poster", () => {
  it("retries 5xx with backoff and delivers on the third attempt", async () => {
    const hook = await receiver((n, res) =>
      n <= 2 ? res.writeHead(n === 1 ? 500 : 503).end("no") : ok(n, res),
    );
    const attempts: PostAttempt[] = [];
    const p = poster(`${hook.url}/services/T/B/X`, attempts);
    const id = p.post("T+15 status: GREEN", { template: "t15-status", channel: "#us-launch-ops" });
    await waitFor(settled(p, id), SETTLE_MS);

    const record = p.status(id);
    expect(record).toMatchObject({
      state: "sent",
      lastError: "HTTP 503: no",
      meta: { template: "t15-status" },
    });
    expect(record?.attempts.map((a) => [a.ok, a.status, a.retryInMs])).toEqual([
      [false, 500, 20],
      [false, 503, 40],
      [true, 200, null],
    ]);
    expect(attempts).toHaveLength(3);
    expect(hook.received).toHaveLength(3);
    expect(hook.received[0]).toEqual({
      method: "POST",
      contentType: "application/json; charset=utf-8",
      body: { text: "T+15 status: GREEN" },
    });
  });

  it("a hanging webhook times out on every attempt, then fails; post() never waited", async () => {
    const hook = await receiver(() => {}); // never answers
    const p = poster(hook.url, [], { maxAttempts: 2, timeoutMs: 150 });
    // post() returns before any attempt: the message is still queued when it does.
    const id = p.post("⚠️ ROLLBACK INITIATED");
    expect(p.status(id)?.state).toBe("queued");

    await waitFor(settled(p, id), SETTLE_MS);
    const record = p.status(id);
    expect(record?.state).toBe("failed");
    expect(record?.lastError).toBe("no answer within 150 ms");
    expect(record?.attempts).toHaveLength(2);
    for (const a of record?.attempts ?? []) expect(a.durationMs).toBeGreaterThanOrEqual(140);
    expect(hook.received).toHaveLength(2);
  });

  it("a refused connection is retried, then reported", async () => {
    const port = await closedPort();
    const p = poster(`http://127.0.0.1:${port}/hook`);
    const id = p.post("all-clear");
    await waitFor(settled(p, id), SETTLE_MS);
    expect(p.status(id)).toMatchObject({ state: "failed", lastError: "connection refused (ECONNREFUSED)" });
    expect(p.status(id)?.attempts).toHaveLength(3);
  });

  it("a 4xx answer (bad payload, revoked hook) is not retried", async () => {
    const hook = await receiver((_n, res) => res.writeHead(404).end("no_service"));
    const p = poster(hook.url);
    const id = p.post("x");
    await waitFor(settled(p, id), SETTLE_MS);
    expect(p.status(id)).toMatchObject({ state: "failed", lastError: "HTTP 404: no_service" });
    expect(hook.received).toHaveLength(1);
  });

  it("honours a 429's Retry-After", async () => {
    const hook = await receiver((n, res) =>
      n === 1 ? res.writeHead(429, { "retry-after": "0" }).end() : ok(n, res),
    );
    const p = poster(hook.url);
    const id = p.post("x");
    await waitFor(settled(p, id), SETTLE_MS);
    expect(p.status(id)?.attempts.map((a) => a.retryInMs)).toEqual([0, null]);
    expect(p.status(id)?.state).toBe("sent");
  });

  it("delivers in order, one at a time, and escapes what Slack requires", async () => {
    const hook = await receiver((n, res) => (n === 1 ? res.writeHead(500).end() : ok(n, res)));
    const p = poster(hook.url);
    const first = p.post("Reason: error rate >5% & <1% ok");
    const second = p.post("second");
    await waitFor(() => settled(p, first)() && settled(p, second)(), SETTLE_MS);
    expect(hook.received.map((r) => (r.body as { text: string }).text)).toEqual([
      "Reason: error rate &gt;5% &amp; &lt;1% ok",
      "Reason: error rate &gt;5% &amp; &lt;1% ok",
      "second",
    ]);
    expect(p.list().map((r) => [r.id, r.state])).toEqual([
      [second, "sent"],
      [first, "sent"],
    ]);
  });

  it("refuses beyond its queue bound and fails what is queued when closed", async () => {
    const hook = await receiver(() => {});
    const p = poster(hook.url, [], { maxQueued: 1, timeoutMs: 5000 });
    const inFlight = p.post("1");
    await waitFor(() => p.status(inFlight)?.state === "sending", SETTLE_MS);
    const queued = p.post("2");
    const refused = p.post("3");
    expect(p.status(refused)).toMatchObject({
      state: "failed",
      lastError: "queue full (1 messages waiting)",
    });
    p.close();
    await waitFor(settled(p, inFlight), SETTLE_MS);
    expect(p.status(inFlight)).toMatchObject({ state: "failed", lastError: "cancelled: poster closed" });
    expect(p.status(queued)).toMatchObject({ state: "failed", lastError: "poster closed" });
  });

  it("an observer that throws does not stop delivery", async () => {
    const hook = await receiver(ok);
    const p = createSlackPoster({
      url: hook.url,
      onAttempt: () => {
        throw new Error("audit down");
      },
    });
    cleanup.push(() => p.close());
    const id = p.post("x");
    await waitFor(settled(p, id), SETTLE_MS);
    expect(p.status(id)?.state).toBe("sent");
  });
});

describe("slackWebhookFromEnv", () => {
  it.each([
    [{}, { url: null, error: null }],
    [{ WARROOM_SLACK_WEBHOOK_URL: "  " }, { url: null, error: null }],
    [
      { WARROOM_SLACK_WEBHOOK_URL: "http://127.0.0.1:9/hook" },
      { url: "http://127.0.0.1:9/hook", error: null },
    ],
    [
      { WARROOM_SLACK_WEBHOOK_URL: "hooks.slack.com/x" },
      { url: null, error: "WARROOM_SLACK_WEBHOOK_URL: must be an absolute URL" },
    ],
    [
      { WARROOM_SLACK_WEBHOOK_URL: "ftp://127.0.0.1/x" },
      { url: null, error: "WARROOM_SLACK_WEBHOOK_URL: must be http(s)" },
    ],
  ])("%j", (env, want) => {
    expect(slackWebhookFromEnv(env)).toEqual(want);
  });
});

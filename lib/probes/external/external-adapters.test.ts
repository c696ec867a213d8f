import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { checkSchema } from "@/lib/model/runbook-schema";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

// Stand-ins for Sentry's issue list and GA4's runRealtimeReport on 127.0.0.1; they check the token and
// answer what the test set for them.
const TOKEN = "test-token-value-9f3a";
let sentryIssues: unknown = [];
let ga4Counts: Record<string, Record<string, number>> = {};
/** Rows of a one-dimension report, by dimension: [value, count]. */
let ga4Rows: Record<string, [string, number][]> = {};
let requests: { path: string; auth: string | undefined; body: string }[] = [];
let server: LocalServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      requests.push({ path: `${url.pathname}${url.search}`, auth: req.headers.authorization, body });
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { detail: "Invalid token" });
      if (url.pathname.startsWith("/api/0/projects/buywhere/api/issues/")) return json(200, sentryIssues);
      if (url.pathname === "/v1beta/properties/999:runRealtimeReport")
        return json(200, { detail: "not a report" });
      const dimension = (JSON.parse(body || "{}") as { dimensions?: { name: string }[] }).dimensions?.[0]
        ?.name;
      const report = url.pathname.match(/^\/v1beta\/properties\/123456:(runRealtimeReport|runReport)$/)?.[1];
      if (report && dimension !== "eventName") {
        // GA4 refuses a dimension its Realtime API does not have.
        if (report === "runRealtimeReport" && dimension === "sessionSource")
          return json(400, { error: { message: "Field sessionSource is not a valid dimension" } });
        const rows = (ga4Rows[dimension ?? ""] ?? []).map(([value, n]) => ({
          dimensionValues: [{ value }],
          metricValues: [{ value: String(n) }],
        }));
        const head = {
          kind: `analyticsData#${report}`,
          dimensionHeaders: [{ name: dimension }],
          metricHeaders: [
            { name: report === "runReport" ? "sessions" : "activeUsers", type: "TYPE_INTEGER" },
          ],
        };
        return json(200, rows.length ? { ...head, rows, rowCount: rows.length } : head);
      }
      if (url.pathname === "/v1beta/properties/123456:runRealtimeReport") {
        const asked = JSON.parse(body) as {
          dimensionFilter: { filter: { stringFilter: { value: string } } };
          minuteRanges: { name: string }[];
        };
        const event = asked.dimensionFilter.filter.stringFilter.value;
        const rows = asked.minuteRanges.flatMap((r) => {
          const n = ga4Counts[event]?.[r.name];
          return n === undefined
            ? []
            : [
                {
                  dimensionValues: [{ value: event }, { value: r.name }],
                  metricValues: [{ value: String(n) }],
                },
              ];
        });
        const head = {
          kind: "analyticsData#runRealtimeReport",
          dimensionHeaders: [{ name: "eventName" }],
          metricHeaders: [{ name: "eventCount", type: "TYPE_INTEGER" }],
        };
        return json(200, rows.length ? { ...head, rows, rowCount: rows.length } : head);
      }
      return json(404, { error: "not found" });
    });
  });
});
afterAll(() => server.close());

function presetCheck(id: string, env: Record<string, string> = {}) {
  const runbook = buildBuyWhereUsLaunch({
    WARROOM_SENTRY_URL: server.url,
    WARROOM_SENTRY_PROJECT: "api",
    WARROOM_SENTRY_TOKEN_ENV: "TEST_SENTRY_TOKEN",
    WARROOM_GA4_URL: server.url,
    WARROOM_GA4_PROPERTY: "123456",
    WARROOM_GA4_TOKEN_ENV: "TEST_GA4_TOKEN",
    ...env,
  });
  const check = runbook.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return checkSchema.parse({ ...check, minIntervalSec: 5 });
}

const read = (
  id: string,
  state = new Map<string, unknown>(),
  now = Date.now,
  env: Record<string, string> = {},
) => runProbe(presetCheck(id, env), { timeoutMs: 3000, state, now });

describe("Sentry adapter (launch-day §3.1)", () => {
  it("reads the largest count among new matching issues: 51 is critical, 50 is not", async () => {
    vi.stubEnv("TEST_SENTRY_TOKEN", TOKEN);
    requests = [];
    sentryIssues = [
      {
        id: "1",
        shortId: "API-7",
        title: "UnhandledPromiseRejection: pool timeout",
        count: "51",
        firstSeen: "2026-04-23T14:02:00Z",
      },
      {
        id: "2",
        shortId: "API-8",
        title: "UnhandledPromiseRejection: redis",
        count: "3",
        firstSeen: "2026-04-23T14:05:00Z",
      },
    ];
    const crit = await read("sentry-unhandled-rejections");
    expect(crit.level).toBe("crit");
    expect(crit.value).toBe(51);
    expect(crit.summary).toContain("API-7");
    expect(requests[0]?.auth).toBe(`Bearer ${TOKEN}`);
    expect(decodeURIComponent(requests[0]?.path ?? "")).toContain(
      "is:unresolved firstSeen:-24h UnhandledPromiseRejection",
    );
    // The token is used, never shown.
    expect(JSON.stringify(crit)).not.toContain(TOKEN);

    sentryIssues = [
      { id: "1", shortId: "API-7", title: "UnhandledPromiseRejection", count: "50", firstSeen: "x" },
    ];
    expect((await read("sentry-unhandled-rejections")).level).toBe("ok");
    sentryIssues = [];
    const none = await read("sentry-unhandled-rejections");
    expect(none).toMatchObject({ level: "ok", value: 0 });
    vi.unstubAllEnvs();
  });

  it("unknown with the reason when the token is missing, refused, or the project is not configured", async () => {
    vi.stubEnv("TEST_SENTRY_TOKEN", "");
    const missing = await read("sentry-unhandled-rejections");
    expect(missing).toMatchObject({ level: "unknown", value: null });
    expect(missing.summary).toContain("TEST_SENTRY_TOKEN is not set");

    vi.stubEnv("TEST_SENTRY_TOKEN", "wrong");
    const refused = await read("sentry-unhandled-rejections");
    expect(refused).toMatchObject({ level: "unknown", value: null });
    expect(refused.summary).toContain("HTTP 401");
    vi.unstubAllEnvs();

    const runbook = buildBuyWhereUsLaunch({});
    const unset = runbook.checks.find((c) => c.id === "sentry-unhandled-rejections");
    expect(unset?.unavailable).toContain("WARROOM_SENTRY_PROJECT");
  });

  it("asks at most once per interval and says how old a reused answer is", async () => {
    vi.stubEnv("TEST_SENTRY_TOKEN", TOKEN);
    sentryIssues = [];
    requests = [];
    const state = new Map<string, unknown>();
    let t = Date.parse("2026-04-23T14:00:00Z");
    const now = () => t;
    await read("sentry-unhandled-rejections", state, now);
    t += 3000;
    const again = await read("sentry-unhandled-rejections", state, now);
    expect(requests).toHaveLength(1);
    expect(again.summary).toContain("fetched 3 s ago");
    t += 3000;
    await read("sentry-unhandled-rejections", state, now);
    expect(requests).toHaveLength(2);
    vi.unstubAllEnvs();
  });
});

describe("GA4 real-time adapter (launch-day §3.3)", () => {
  it("rates per minute against the runbook's figures", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    ga4Counts = { page_view: { window: 60 }, search: { window: 20 }, affiliate_click: { window: 5 } };
    const pv = await read("ga4-page-view");
    expect(pv).toMatchObject({ level: "ok", value: 12, unit: "/min" });
    const search = await read("ga4-search");
    expect(search).toMatchObject({ level: "warn", value: 4 });
    expect(search.summary).toContain("search 4/min");
    expect((await read("ga4-affiliate-click")).level).toBe("ok");
    ga4Counts = {};
    // No rows at all: zero events, which is a reading (below the expected rate), not an unknown.
    expect(await read("ga4-affiliate-click")).toMatchObject({ level: "warn", value: 0 });
    vi.unstubAllEnvs();
  });

  it("sessions trend: the last 15 min against the 15 before", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    ga4Counts = { session_start: { recent: 150, earlier: 100 } };
    expect(await read("ga4-sessions-trend")).toMatchObject({ level: "ok", value: 50, unit: "%" });
    ga4Counts = { session_start: { recent: 80, earlier: 100 } };
    const down = await read("ga4-sessions-trend");
    expect(down).toMatchObject({ level: "warn", value: -20 });
    expect(down.summary).toContain("down");
    ga4Counts = {};
    expect((await read("ga4-sessions-trend")).level).toBe("unknown");
    vi.unstubAllEnvs();
  });

  it("an answer that is not a real-time report reads unknown, not 0", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    const r = await read("ga4-page-view", new Map(), Date.now, { WARROOM_GA4_PROPERTY: "999" });
    expect(r).toMatchObject({ level: "unknown", value: null });
    expect(r.summary).toBe("GA4 answered with something that is not a real-time report");
    vi.unstubAllEnvs();
  });

  it("unknown when unconfigured or unreachable, never a number", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", "");
    expect((await read("ga4-page-view")).summary).toContain("TEST_GA4_TOKEN is not set");
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    const closed = await read("ga4-page-view", new Map(), Date.now, {
      WARROOM_GA4_URL: "http://127.0.0.1:9",
    });
    expect(closed).toMatchObject({ level: "unknown", value: null });
    expect(closed.summary).toMatch(/GA4: request failed/);
    vi.unstubAllEnvs();
    expect(buildBuyWhereUsLaunch({}).checks.find((c) => c.id === "ga4-page-view")?.unavailable).toContain(
      "WARROOM_GA4_PROPERTY",
    );
  });
});

describe("GA4 key dimensions (launch-day §3.3): country, device, source", () => {
  it("country: the United States share of active users in the last 30 min, under half warns", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    requests = [];
    ga4Rows = {
      country: [
        ["United States", 354],
        ["Canada", 25],
        ["India", 12],
        ["Germany", 9],
        ["France", 12],
      ],
    };
    const us = await read("ga4-country");
    expect(us).toMatchObject({ level: "ok", value: 85.9, unit: "%" });
    expect(us.summary).toBe(
      "United States 85.9% of 412 active users (last 30 min); Canada 6.1%, India 2.9%, France 2.9%, other 2.2%",
    );
    expect(us.evidence).toMatchObject({ total: 412, "country United States": 354, "country Canada": 25 });
    const asked = JSON.parse(requests[0]?.body ?? "{}");
    expect(requests[0]?.path).toBe("/v1beta/properties/123456:runRealtimeReport");
    expect(asked).toEqual({
      dimensions: [{ name: "country" }],
      metrics: [{ name: "activeUsers" }],
      minuteRanges: [{ name: "window", startMinutesAgo: 29, endMinutesAgo: 0 }],
    });
    // Traffic routed elsewhere: the US is not the majority.
    ga4Rows = {
      country: [
        ["India", 300],
        ["United States", 100],
      ],
    };
    const routed = await read("ga4-country");
    expect(routed).toMatchObject({ level: "warn", value: 25 });
    expect(routed.summary).toMatch(/^United States 25% of 400 active users .*expected >= 50/);
    // No US row at all is a 0 % share, not an unknown.
    ga4Rows = { country: [["India", 10]] };
    expect(await read("ga4-country")).toMatchObject({ level: "warn", value: 0 });
    vi.unstubAllEnvs();
  });

  it("device: the mobile share, with desktop and tablet beside it", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    ga4Rows = {
      deviceCategory: [
        ["desktop", 120],
        ["mobile", 270],
        ["tablet", 10],
      ],
    };
    const device = await read("ga4-device");
    expect(device).toMatchObject({ level: "ok", value: 67.5, unit: "%" });
    expect(device.summary).toBe("mobile 67.5% of 400 active users (last 30 min); desktop 30%, tablet 2.5%");
    vi.unstubAllEnvs();
  });

  it("source: today's sessions by source from the standard report (the Realtime API has none)", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    requests = [];
    ga4Rows = {
      sessionSource: [
        ["(direct)", 400],
        ["producthunt.com", 300],
        ["t.co", 200],
        ["google", 80],
        ["bing", 20],
      ],
    };
    const source = await read("ga4-source");
    expect(source).toMatchObject({ level: "ok", value: 40, unit: "%" });
    expect(source.summary).toBe(
      "(direct) 40% of 1000 sessions (today so far, as GA4 has processed it); producthunt.com 30%, t.co 20%, google 8%, other 2%",
    );
    expect(requests[0]?.path).toBe("/v1beta/properties/123456:runReport");
    expect(JSON.parse(requests[0]?.body ?? "{}")).toMatchObject({
      dimensions: [{ name: "sessionSource" }],
      dateRanges: [{ startDate: "today", endDate: "today" }],
    });
    vi.unstubAllEnvs();
  });

  it("nobody in the window, a refusal, a bad answer, no token or no property: unknown with the reason", async () => {
    vi.stubEnv("TEST_GA4_TOKEN", TOKEN);
    ga4Rows = {};
    const empty = await read("ga4-device");
    expect(empty).toMatchObject({ level: "unknown", value: null });
    expect(empty.summary).toBe("no active users in GA4 (last 30 min): no device share to read");
    const bad = await read("ga4-country", new Map(), Date.now, { WARROOM_GA4_PROPERTY: "999" });
    expect(bad).toMatchObject({ level: "unknown", value: null });
    vi.stubEnv("TEST_GA4_TOKEN", "wrong");
    const refused = await read("ga4-source");
    expect(refused).toMatchObject({ level: "unknown", value: null });
    expect(refused.summary).toContain("HTTP 401");
    vi.stubEnv("TEST_GA4_TOKEN", "");
    expect((await read("ga4-country")).summary).toContain("TEST_GA4_TOKEN is not set");
    vi.unstubAllEnvs();
    const unset = buildBuyWhereUsLaunch({}).checks.filter((c) =>
      ["ga4-country", "ga4-device", "ga4-source"].includes(c.id),
    );
    expect(unset.map((c) => c.unavailable)).toEqual(
      Array(3).fill("GA4 not configured: WARROOM_GA4_PROPERTY is not set"),
    );
  });

  it("the schema asks a breakdown for its dimension and a rate for its event", () => {
    const base = {
      id: "x",
      label: "x",
      kind: "ga4",
      url: "http://127.0.0.1:1",
      property: "1",
      tokenEnv: "T",
    };
    expect(checkSchema.safeParse({ ...base, measure: "breakdown" }).success).toBe(false);
    expect(checkSchema.safeParse({ ...base, measure: "rate" }).success).toBe(false);
    expect(checkSchema.safeParse({ ...base, measure: "breakdown", dimension: "country" }).success).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type CheckOf, checkSchema } from "@/lib/model/runbook-schema";
import { dateHourMinute, minutesBetween, readGa4Users } from "@/lib/probes/external/ga4-users";
import { impactLines } from "@/lib/rules/postmortem-sections";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

// A stand-in for GA4's runReport on 127.0.0.1: it checks the token and counts the users of the minutes asked.
const TOKEN = "ga4-users-token-7c1e";
let usersByMinute: Record<string, number> = {};
let asked: { path: string; body: Record<string, unknown> }[] = [];
let server: LocalServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      const parsed = JSON.parse(body || "{}");
      asked.push({ path: req.url ?? "", body: parsed });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(403, { error: "denied" });
      if (req.url === "/v1beta/properties/999:runReport") return json(200, { detail: "no" });
      const minutes: string[] = parsed.dimensionFilter?.filter?.inListFilter?.values ?? [];
      // The stand-in's users are distinct per minute, so the count is the sum of the minutes asked.
      const users = minutes.reduce((n, m) => n + (usersByMinute[m] ?? 0), 0);
      const head = {
        kind: "analyticsData#runReport",
        metricHeaders: [{ name: "activeUsers", type: "TYPE_INTEGER" }],
      };
      return json(
        200,
        users > 0 ? { ...head, rows: [{ metricValues: [{ value: String(users) }] }], rowCount: 1 } : head,
      );
    });
  });
});
afterAll(() => server.close());

function ga4(extra: Record<string, unknown> = {}): CheckOf<"ga4"> {
  return checkSchema.parse({
    id: "ga4-page-view",
    label: "GA4",
    kind: "ga4",
    url: server.url,
    property: "123456",
    event: "page_view",
    tokenEnv: "TEST_GA4_USERS_TOKEN",
    ...extra,
  }) as CheckOf<"ga4">;
}

const NY = "America/New_York";
// 14:03–14:05 UTC is 10:03–10:05 EDT on 23 April.
const FROM = Date.parse("2026-04-23T14:03:20Z");
const TO = Date.parse("2026-04-23T14:05:00Z");
const window = { fromMs: FROM, toMs: TO, timeZone: NY, nowIso: "2026-04-23T16:00:00.000Z" };
const signal = () => AbortSignal.timeout(5000);

describe("GA4 users over an incident (incident §6.2 affected users)", () => {
  it("names GA4's minutes in the property's zone", () => {
    expect(dateHourMinute(FROM, NY)).toBe("202604231003");
    expect(dateHourMinute(FROM, "UTC")).toBe("202604231403");
    expect(minutesBetween(FROM, TO, NY)).toEqual(["202604231003", "202604231004", "202604231005"]);
  });

  it("counts activeUsers over the incident's minutes, with the source of the figure", async () => {
    vi.stubEnv("TEST_GA4_USERS_TOKEN", TOKEN);
    asked = [];
    usersByMinute = { "202604231002": 500, "202604231003": 40, "202604231004": 35, "202604231005": 12 };
    const got = await readGa4Users(ga4(), window, signal());
    expect(got).toEqual({
      ok: true,
      users: 87,
      source:
        "GA4 property 123456: activeUsers over 202604231003–202604231005 (America/New_York), as GA4 had processed it at 2026-04-23T16:00:00.000Z",
    });
    expect(asked[0]?.path).toBe("/v1beta/properties/123456:runReport");
    expect(asked[0]?.body).toEqual({
      dateRanges: [{ startDate: "2026-04-23", endDate: "2026-04-23" }],
      metrics: [{ name: "activeUsers" }],
      dimensionFilter: {
        filter: {
          fieldName: "dateHourMinute",
          inListFilter: { values: ["202604231003", "202604231004", "202604231005"] },
        },
      },
    });
    // Nobody counted: GA4 leaves the rows out, and that is 0 users.
    usersByMinute = {};
    expect(await readGa4Users(ga4(), window, signal())).toMatchObject({ ok: true, users: 0 });
    vi.unstubAllEnvs();
  });

  it.each([
    ["no GA4 check", null, TOKEN, "the runbook has no GA4 check"],
    [
      "GA4 not configured",
      { unavailable: "GA4 not configured: WARROOM_GA4_PROPERTY is not set" },
      TOKEN,
      "GA4 not configured: WARROOM_GA4_PROPERTY is not set",
    ],
    ["no token", {}, "", "GA4 not configured: TEST_GA4_USERS_TOKEN is not set"],
    ["the token refused", {}, "wrong", "GA4: HTTP 403: the token was refused"],
    ["not a report", { property: "999" }, TOKEN, "GA4 answered with something that is not a report"],
    ["unreachable", { url: "http://127.0.0.1:9" }, TOKEN, /^GA4: request failed/],
  ] as const)("%s: the reason, never a number", async (_n, extra, token, reason) => {
    vi.stubEnv("TEST_GA4_USERS_TOKEN", token);
    const got = await readGa4Users(extra === null ? null : ga4(extra), window, signal());
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toMatch(reason);
    vi.unstubAllEnvs();
  });

  it("an incident longer than a day is not asked for", async () => {
    vi.stubEnv("TEST_GA4_USERS_TOKEN", TOKEN);
    const got = await readGa4Users(ga4(), { ...window, toMs: FROM + 25 * 3600_000 }, signal());
    expect(got).toEqual({
      ok: false,
      reason: "the incident spans 1501 minutes; GA4 is asked for a day at most",
    });
    vi.unstubAllEnvs();
  });

  it("the post-mortem's impact line: the figure with its source, or unknown with the reason", () => {
    expect(impactLines(3, null, [], { ok: true, users: 87, source: "GA4 property 1: …" })[2]).toBe(
      "- Users affected: 87 active users (GA4 property 1: …)",
    );
    expect(impactLines(3, null, [], { ok: false, reason: "GA4 not configured" })[2]).toBe(
      "- Users affected: unknown — GA4 not configured — [estimate]",
    );
  });
});

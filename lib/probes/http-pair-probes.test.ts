import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { type Check, checkSchema } from "@/lib/model/runbook-schema";
import { type LocalServer, startHttpServer } from "@/test/support/local-server";

// A server whose /cached answers its first call slowly and the next ones at once (until /flush), whose
// /uncached is always slow, and whose /job reports the start and completion the test sets.
let server: LocalServer;
let warm = false;
let job: Record<string, unknown> = {};
const answer = (res: import("node:http").ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/cached") {
      const delay = warm ? 0 : 120;
      warm = true;
      setTimeout(() => answer(res, 200, { id: 1 }), delay);
    } else if (path === "/uncached") setTimeout(() => answer(res, 200, { id: 1 }), 120);
    else if (path === "/refused") answer(res, 401, { detail: "Invalid or inactive API key" });
    else if (path === "/job") answer(res, 200, { data_status: job });
    else answer(res, 404, { detail: "Not Found" });
  });
});
afterAll(() => server.close());

const check = (fields: Record<string, unknown>): Check =>
  checkSchema.parse({ id: "c", label: "c", ...fields, url: `${server.url}${fields.url}` });
const probe = (c: Check) => runProbe(c, { timeoutMs: 3000, state: new Map() });
const repeat = (url: string) =>
  check({ kind: "http-repeat", url, thresholds: { direction: "above", warn: 50, crit: 80 } });

describe("http-repeat: the same call twice", () => {
  it("a cache answering the second call is ok, with both timings as evidence", async () => {
    warm = false;
    const r = await probe(repeat("/cached"));
    expect(r.level).toBe("ok");
    expect(r.summary).toMatch(/^second call to \/cached [\d.]+ ms after [\d.]+ ms \([\d.]+% of the first\)$/);
    expect(r.evidence.firstMs).toBeGreaterThanOrEqual(110);
    expect(Number(r.evidence.secondMs)).toBeLessThan(Number(r.evidence.firstMs));
  });

  it("a second call as slow as the first is critical: the cache is not answering", async () => {
    const r = await probe(repeat("/uncached"));
    expect(r.level).toBe("crit");
    expect(r.summary).toMatch(/not faster|barely faster/);
    expect(r.evidence.firstMs).toBeGreaterThanOrEqual(110);
    expect(r.evidence.secondMs).toBeGreaterThanOrEqual(110);
  });

  it("a refused call is critical with its status, never a comparison", async () => {
    const r = await probe(repeat("/refused"));
    expect(r.level).toBe("crit");
    expect(r.summary).toBe("first call: HTTP 401 from /refused (expected 200)");
  });

  it("unavailable: unknown with its reason, nothing sent", async () => {
    const r = await probe(
      check({
        kind: "http-repeat",
        url: "/cached",
        unavailable: "no API key: set X",
        thresholds: { direction: "above", crit: 80 },
      }),
    );
    expect(r.level).toBe("unknown");
    expect(r.summary).toBe("no API key: set X");
  });

  it("thresholds must read 'above' (a slower second call is worse)", () => {
    const below = { kind: "http-repeat", url: "/x", thresholds: { direction: "below", crit: 1 } };
    expect(() => check(below)).toThrow(/use above/);
  });
});

describe("http-run: a job started and not completed", () => {
  const run = () =>
    check({
      kind: "http-run",
      url: "/job",
      name: "sync",
      startedPath: "data_status.sync_started_at",
      completedPath: "data_status.last_sync_at",
      maxMinutes: 10,
    });
  const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

  it("started 12 min ago with no completion: critical, with when it started", async () => {
    job = { sync_started_at: ago(12), last_sync_at: ago(180) };
    const r = await probe(run());
    expect(r.level).toBe("crit");
    expect(r.value).toBeCloseTo(12, 0);
    expect(r.summary).toMatch(/^sync started \S+Z, 12 min ago, not completed: > 10 min, hung$/);
    expect(r.evidence.startedAt).toBe(job.sync_started_at);
  });

  it("completed after it started, or none started: ok", async () => {
    job = { sync_started_at: ago(12), last_sync_at: ago(9) };
    expect((await probe(run())).summary).toMatch(/^no sync in progress; the last started .* after 3 min$/);
    job = { sync_started_at: null, last_sync_at: ago(9) };
    expect((await probe(run())).level).toBe("ok");
  });

  it("a service that does not report the start reads unknown, naming the field (never 'no sync')", async () => {
    job = { last_sync_at: ago(9) };
    const r = await probe(run());
    expect(r.level).toBe("unknown");
    expect(r.summary).toBe("data_status.sync_started_at missing from /job: the service does not report it");
  });

  it("a start that is not a timestamp is critical and says so", async () => {
    job = { sync_started_at: "soon", last_sync_at: ago(9) };
    const r = await probe(run());
    expect(r.level).toBe("crit");
    expect(r.summary).toBe('data_status.sync_started_at in /job is "soon", not a timestamp');
  });
});

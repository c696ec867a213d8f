import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import { type Check, checkSchema } from "@/lib/model/runbook-schema";
import { closedPort, type LocalServer, startHttpServer } from "@/test/support/local-server";

const HTML = `<!doctype html><html><head><title>502 Bad Gateway</title></head><body>${"<p>nginx</p>".repeat(100)}</body></html>`;
const JSON_ROUTES: Record<string, unknown> = {
  "/health": { status: "ok", ts: "2026-04-23T13:00:00Z", catalog: { total_products: 1342817 } },
  "/health-error": { status: "error", detail: "Internal Server Error" },
  "/health-no-catalog": { status: "ok" },
  "/detailed-slow-db": { status: "degraded", db_response_ms: 850 },
  "/detailed": { status: "healthy", db_response_ms: 12 },
  "/small-catalog": { catalog: { total_products: 1000 } },
  "/string-value": { db_response_ms: "fast" },
  "/numeric-string": { db_response_ms: "42" },
};

let server: LocalServer;
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const json = JSON_ROUTES[path];
    if (json !== undefined) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(req.method === "HEAD" ? undefined : JSON.stringify(json));
    } else if (path === "/down") {
      res.writeHead(503, { "content-type": "application/json" }).end('{"status":"error"}');
    } else if (path === "/html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(HTML);
    } else if (path === "/truncated") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"o');
    } else if (path === "/huge") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(Buffer.alloc(5 * 1024 * 1024, "["));
    } else if (path === "/text") {
      res.writeHead(200, { "content-type": "text/plain" }).end("pong from api");
    } else if (path === "/echo" && req.method === "POST") {
      // A read-only query with a body (004: POST /api/mcp/search): answers what it was sent.
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString("utf8");
      });
      req.on("end", () =>
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ type: req.headers["content-type"], body })),
      );
    } else if (path === "/slow") {
      setTimeout(() => res.writeHead(200).end("late"), 150);
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
    }
  });
});
afterAll(() => server.close());

function httpCheck(fields: Record<string, unknown>): Check {
  return checkSchema.parse({
    id: "c",
    label: "c",
    kind: "http",
    ...fields,
    url: `${server.url}${fields.url}`,
  });
}
const STATUS_OK = [{ path: "status", equals: "ok" }];

type Case = {
  name: string;
  check: Record<string, unknown>;
  level: string;
  summary: RegExp | string;
  value?: number | string | null;
};

const CASES: Case[] = [
  {
    name: "healthy",
    check: { url: "/health", json: STATUS_OK },
    level: "ok",
    summary: /^HTTP 200 from \/health in [\d.]+ ms$/,
  },
  {
    name: "200 with status error",
    check: { url: "/health-error", json: STATUS_OK },
    level: "crit",
    summary: 'status "error" from /health-error (expected "ok")',
  },
  {
    name: "unexpected status",
    check: { url: "/down", json: STATUS_OK },
    level: "crit",
    summary: "HTTP 503 from /down (expected 200)",
  },
  {
    name: "expected 503",
    check: { url: "/down", expectStatus: [503] },
    level: "ok",
    summary: /^HTTP 503 from \/down/,
  },
  {
    name: "HTML instead of JSON",
    check: { url: "/html", json: STATUS_OK },
    level: "crit",
    summary: /^expected JSON, got text\/html: <!doctype html><html><head><title>502 Bad Gateway/,
  },
  {
    name: "truncated JSON",
    check: { url: "/truncated", json: STATUS_OK },
    level: "crit",
    summary: /^expected JSON, got invalid JSON \(.+\): \{"status":"o$/,
  },
  {
    name: "5 MB body",
    check: { url: "/huge", json: STATUS_OK },
    level: "crit",
    summary: /^body exceeded 1 MiB from 127\.0\.0\.1:\d+\/huge$/,
    value: null,
  },
  {
    name: "field above critical",
    check: {
      url: "/detailed-slow-db",
      value: { path: "db_response_ms", unit: "ms" },
      thresholds: { direction: "above", crit: 500 },
    },
    level: "crit",
    summary: "db_response_ms 850 ms > 500 ms (critical)",
    value: 850,
  },
  {
    name: "field within limits",
    check: {
      url: "/detailed",
      json: [{ path: "status", equals: "healthy" }],
      value: { path: "db_response_ms", unit: "ms" },
      thresholds: { direction: "above", crit: 500 },
    },
    level: "ok",
    summary: "db_response_ms 12 ms from /detailed",
    value: 12,
  },
  {
    name: "failing assertion with failLevel warn",
    check: {
      url: "/health-no-catalog",
      json: [...STATUS_OK, { path: "catalog.total_products", exists: true, failLevel: "warn" }],
    },
    level: "warn",
    summary: "catalog.total_products missing from /health-no-catalog",
  },
  {
    name: "crit assertion outranks a warn one",
    check: {
      url: "/health-error",
      json: [{ path: "catalog.total_products", exists: true, failLevel: "warn" }, ...STATUS_OK],
    },
    level: "crit",
    summary: 'status "error" from /health-error (expected "ok")',
  },
  {
    name: "oneOf",
    check: { url: "/detailed-slow-db", json: [{ path: "status", oneOf: ["healthy", "ok"] }] },
    level: "crit",
    summary: 'status "degraded" from /detailed-slow-db (expected one of ["healthy", "ok"])',
  },
  {
    name: "field that must be absent",
    check: { url: "/health-error", json: [{ path: "detail", exists: false }] },
    level: "crit",
    summary: 'detail "Internal Server Error" from /health-error (expected absent)',
  },
  {
    name: "value below a below-threshold",
    check: {
      url: "/small-catalog",
      value: { path: "catalog.total_products" },
      thresholds: { direction: "below", crit: 1_300_000 },
    },
    level: "crit",
    summary: "catalog.total_products 1000 < 1300000 (critical)",
    value: 1000,
  },
  {
    name: "value field missing",
    check: {
      url: "/health",
      value: { path: "db_response_ms", unit: "ms" },
      thresholds: { direction: "above", crit: 500 },
    },
    level: "crit",
    summary: "db_response_ms missing from /health",
    value: null,
  },
  {
    name: "non-numeric value with thresholds",
    check: {
      url: "/string-value",
      value: { path: "db_response_ms" },
      thresholds: { direction: "above", crit: 500 },
    },
    level: "crit",
    summary: 'db_response_ms is "fast" in /string-value, not a number',
  },
  {
    name: "non-numeric value without thresholds is shown as text",
    check: { url: "/string-value", value: { path: "db_response_ms" } },
    level: "ok",
    summary: "db_response_ms fast from /string-value",
    value: "fast",
  },
  {
    name: "numeric string value",
    check: {
      url: "/numeric-string",
      value: { path: "db_response_ms" },
      thresholds: { direction: "above", crit: 500 },
    },
    level: "ok",
    summary: "db_response_ms 42 from /numeric-string",
    value: 42,
  },
  {
    name: "body keyword present",
    check: { url: "/text", bodyContains: "pong" },
    level: "ok",
    summary: /^HTTP 200/,
  },
  {
    name: "body keyword absent",
    check: { url: "/text", bodyContains: "buywhere-20" },
    level: "crit",
    summary: 'body of /text does not contain "buywhere-20"',
  },
  {
    name: "latency over warning",
    check: { url: "/slow", thresholds: { direction: "above", warn: 100, crit: 5000 } },
    level: "warn",
    // The server waits 150 ms; a loaded host adds to it, never takes away, and crit is far off at 5 s.
    summary: /^latency \d{3,4}(\.\d)? ms > 100 ms \(warning\)$/,
  },
  {
    name: "HEAD cannot check a body",
    check: { url: "/health", method: "HEAD", json: STATUS_OK },
    level: "unknown",
    summary: "check asks for body conditions but uses HEAD, which has no body",
  },
  {
    name: "HEAD status only",
    check: { url: "/health", method: "HEAD" },
    level: "ok",
    summary: /^HTTP 200 from \/health/,
  },
];

describe("http probe", () => {
  it.each(CASES)("$name → $level", async ({ check, level, summary, value }) => {
    const reading = await runProbe(httpCheck(check), { timeoutMs: 3000, state: new Map() });
    expect(reading.level).toBe(level);
    if (typeof summary === "string") expect(reading.summary).toBe(summary);
    else expect(reading.summary).toMatch(summary);
    if (value !== undefined) expect(reading.value).toBe(value);
    expect(reading.evidence.url).toContain(String(check.url));
    expect(reading.evidence.latencyMs).toEqual(expect.any(Number));
    expect(String(reading.evidence.bodyExcerpt ?? "").length).toBeLessThanOrEqual(300);
    expect(reading.conditions.some((c) => !c.ok)).toBe(level !== "ok");
  });

  it("keeps status, content type and a short excerpt as evidence", async () => {
    const reading = await runProbe(httpCheck({ url: "/html", json: STATUS_OK }), {
      timeoutMs: 3000,
      state: new Map(),
    });
    expect(reading.evidence).toMatchObject({ status: 200, contentType: "text/html; charset=utf-8" });
    expect(reading.evidence.bodyExcerpt).toMatch(/^<!doctype html>.*…$/);
    expect(String(reading.evidence.bodyExcerpt).length).toBe(300);
    expect(reading.conditions).toContainEqual(
      expect.objectContaining({ condition: "[BODY] is JSON", ok: false, level: "crit" }),
    );
  });

  it("gives latency in ms as the value when no field is named", async () => {
    const reading = await runProbe(httpCheck({ url: "/health" }), { timeoutMs: 3000, state: new Map() });
    expect(reading).toMatchObject({ level: "ok", unit: "ms", value: expect.any(Number) });
  });

  it("reports connection refused as crit", async () => {
    const port = await closedPort();
    const check = checkSchema.parse({
      id: "c",
      label: "c",
      kind: "http",
      url: `http://127.0.0.1:${port}/health`,
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading).toMatchObject({
      level: "crit",
      summary: `connection refused by 127.0.0.1:${port}`,
      value: null,
    });
    expect(reading.evidence).toMatchObject({
      errorCode: "refused",
      error: `connection refused by 127.0.0.1:${port}`,
    });
  });

  it("reports an unknown host as unknown", async () => {
    const check = checkSchema.parse({
      id: "c",
      label: "c",
      kind: "http",
      url: "http://no-such-host.invalid/health",
    });
    const reading = await runProbe(check, { timeoutMs: 3000, state: new Map() });
    expect(reading).toMatchObject({
      level: "unknown",
      summary: "cannot resolve no-such-host.invalid (ENOTFOUND)",
    });
  });
});

describe("POST with a body", () => {
  it("sends the body as JSON and judges the answer like a GET", async () => {
    const check = httpCheck({
      url: "/echo",
      method: "POST",
      body: '{"filters":{"ltv_min":1000}}',
      json: [
        { path: "type", equals: "application/json" },
        { path: "body", equals: '{"filters":{"ltv_min":1000}}' },
      ],
    });
    const r = await runProbe(check, { timeoutMs: 2000, state: new Map() });
    expect(r.level).toBe("ok");
    expect(r.summary).toMatch(/^HTTP 200 from \/echo in /);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunbook, parseRunbook, RunbookError } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

const preset = () =>
  structuredClone(buildBuyWhereUsLaunch({})) as Record<string, unknown> & {
    checks: Record<string, unknown>[];
  };

function refusal(raw: unknown): string {
  try {
    parseRunbook(raw, "test");
  } catch (err) {
    expect(err).toBeInstanceOf(RunbookError);
    return (err as Error).message;
  }
  throw new Error("runbook was accepted");
}

describe("the BuyWhere preset", () => {
  it("is a valid runbook with the launch-day and deploy checks", () => {
    const { runbook, source, launchOverride } = loadRunbook({});
    expect(source).toBe("preset:buywhere-us-launch");
    expect(launchOverride).toBeNull();
    expect(runbook.collector.intervalMs).toBe(5000);
    expect(runbook.launch.timeZone).toBe("America/New_York");
    expect(runbook.people.map((p) => p.id)).toEqual(["rex", "bolt", "sol", "link", "atlas", "lyra", "vera"]);
    const kinds = new Set(runbook.checks.map((c) => c.kind));
    expect([...kinds].sort()).toEqual([
      "docker-container",
      "docker-env",
      "docker-images",
      "docker-logs",
      "ga4",
      "host",
      "http",
      "pgbouncer",
      "postgres",
      "product-detail",
      "prometheus",
      "redirect",
      "redis",
      "search",
      "sentry",
      "tls",
      "uptime",
    ]);
  });
});

describe("refusing a bad runbook names the field and the reason", () => {
  const cases: [string, (rb: ReturnType<typeof preset>) => unknown, RegExp][] = [
    ["missing launch", (rb) => ({ ...rb, launch: undefined }), /launch: .*(expected object|Required)/i],
    [
      "bad time zone",
      (rb) => ({ ...rb, launch: { local: "2026-04-23T09:00", timeZone: "Mars/Olympus" } }),
      /launch\.timeZone: is not an IANA time zone/,
    ],
    [
      "bad local time",
      (rb) => ({ ...rb, launch: { local: "9am", timeZone: "UTC" } }),
      /launch\.local: must be a local date-time/,
    ],
    [
      "check url not absolute",
      (rb) => {
        rb.checks[0] = { ...rb.checks[0], url: "/health" };
        return rb;
      },
      /checks\[0\]\.url: must be an absolute URL/,
    ],
    [
      "unknown check kind",
      (rb) => {
        rb.checks[1] = { ...rb.checks[1], kind: "ftp" };
        return rb;
      },
      /checks\[1\]\.kind: /,
    ],
    [
      "duplicate id",
      (rb) => {
        rb.checks[1] = { ...rb.checks[1], id: rb.checks[0]?.id };
        return rb;
      },
      /checks\[1\]\.id: duplicate check id "api-health"/,
    ],
    [
      "warn after crit",
      (rb) => {
        rb.checks[1] = { ...rb.checks[1], thresholds: { direction: "above", warn: 900, crit: 500 } };
        return rb;
      },
      /checks\[1\]\.thresholds: warn must be reached before crit/,
    ],
    [
      "interval too short",
      (rb) => ({ ...rb, collector: { intervalMs: 200 } }),
      /collector\.intervalMs: must be at least 1000 ms/,
    ],
    [
      "gauge of unknown check",
      (rb) => ({ ...rb, gauges: [{ check: "nope" }] }),
      /gauges\[0\]\.check: no check with id "nope"/,
    ],
    ["no checks", (rb) => ({ ...rb, checks: [] }), /checks: needs at least one check/],
    [
      "detail url without {id}",
      (rb) => {
        const i = rb.checks.findIndex((c) => c.kind === "product-detail");
        rb.checks[i] = { ...rb.checks[i], detailUrl: "http://x/p" };
        return rb;
      },
      /checks\[\d+\]\.detailUrl: must contain \{id\}/,
    ],
  ];
  it.each(cases)("%s", (_name, mutate, message) => {
    expect(refusal(mutate(preset()))).toMatch(message);
  });
});

describe("loading from a file and the environment", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-runbook-"));

  it("reads YAML and JSON files", () => {
    const json = path.join(dir, "rb.json");
    writeFileSync(json, JSON.stringify(preset()));
    expect(loadRunbook({ WARROOM_RUNBOOK: json }).runbook.id).toBe("buywhere-us-launch");
    const yaml = path.join(dir, "rb.yaml");
    writeFileSync(
      yaml,
      "id: tiny\nname: Tiny\nsystem: T\nlaunch: {local: '2026-05-01T10:00', timeZone: UTC}\nchecks:\n  - {id: h, kind: http, label: H, url: 'http://127.0.0.1:1/health'}\n",
    );
    const loaded = loadRunbook({ WARROOM_RUNBOOK: yaml });
    expect(loaded.runbook.checks[0]).toMatchObject({ kind: "http", expectStatus: [200], method: "GET" });
  });

  it.each([
    ["truncated JSON", "rb-bad.json", '{"id": "x", ', /not valid JSON/],
    ["unknown extension", "rb.toml", "id = 1", /must end in \.json, \.yaml or \.yml/],
  ])("refuses %s", (_n, name, text, message) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    expect(() => loadRunbook({ WARROOM_RUNBOOK: file })).toThrow(message);
  });

  it("reads references, with and without a default, in a JSON file from the environment, a port too", () => {
    const json = path.join(dir, "refs.json");
    const tls = {
      id: "tls",
      kind: "tls",
      label: "TLS",
      host: `\${TLS_HOST:-127.0.0.1}`,
      port: `\${TLS_PORT}`,
    };
    const http = {
      id: "h",
      kind: "http",
      label: "H",
      url: `\${API}/health`,
      headers: { "X-Key": `\${KEY}` },
    };
    const launch = { local: "2026-05-01T10:00", timeZone: "UTC" };
    writeFileSync(
      json,
      JSON.stringify({ id: "tiny", name: "Tiny", system: "T", launch, checks: [http, tls] }),
    );
    const env = { WARROOM_RUNBOOK: json, API: "http://10.0.0.1:8000/", KEY: "k-123456", TLS_PORT: "9443" };
    const loaded = loadRunbook(env).runbook;
    expect(loaded.checks[0]).toMatchObject({
      url: "http://10.0.0.1:8000/health",
      headers: { "X-Key": "k-123456" },
    });
    expect(loaded.checks[1]).toMatchObject({ host: "127.0.0.1", port: 9443 });
    expect(() => loadRunbook({ ...env, TLS_PORT: "https" })).toThrow(
      /checks\[1\]\.port: must be a port number/,
    );
  });

  it("refuses a missing file and an unknown preset", () => {
    expect(() => loadRunbook({ WARROOM_RUNBOOK: path.join(dir, "nope.yaml") })).toThrow(/cannot read/);
    expect(() => loadRunbook({ WARROOM_PRESET: "nope" })).toThrow(
      /unknown preset "nope"; known presets: buywhere-us-launch, deal-scout, customer-intelligence/,
    );
  });

  it("moves T-0 with WARROOM_LAUNCH_AT and overrides the interval", () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const loaded = loadRunbook({ WARROOM_LAUNCH_AT: "now+2h", WARROOM_INTERVAL_MS: "1000" }, now);
    expect(loaded.runbook.launch.local).toBe("2026-11-22T09:00:00"); // 14:00Z in EST
    expect(loaded.runbook.collector.intervalMs).toBe(1000);
    expect(loaded.launchOverride?.runbookLocal).toBe("2026-04-23T09:00");
    expect(() => loadRunbook({ WARROOM_LAUNCH_AT: "tomorrow" })).toThrow(/WARROOM_LAUNCH_AT: "tomorrow"/);
    expect(() => loadRunbook({ WARROOM_INTERVAL_MS: "500" })).toThrow(
      /WARROOM_INTERVAL_MS: must be an integer of at least 1000/,
    );
  });
});

describe("the other seed systems' presets", () => {
  it.each([
    ["deal-scout", ["health", "queue-depth", "error-rate", "latency-p95"]],
    [
      "customer-intelligence",
      ["health", "data-freshness", "latency-p95", "latency-p99", "error-rate", "cache-hit-rate", "db-pool"],
    ],
  ])("%s is valid and selected by WARROOM_PRESET alone", (preset, checkIds) => {
    const { runbook, source } = loadRunbook({ WARROOM_PRESET: preset });
    expect(source).toBe(`preset:${preset}`);
    expect(runbook.checks.map((c) => c.id)).toEqual(expect.arrayContaining(checkIds));
  });
});

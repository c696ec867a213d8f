import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runRunbookCli } from "./runbook-cli";

const dir = mkdtempSync(path.join(tmpdir(), "warroom-runbook-cli-"));

function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runRunbookCli(args, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(""), err: err.join("\n") };
}

function exported(preset: string, env: Record<string, string> = {}): string {
  const { code, out } = run(["export", preset], env);
  expect(code).toBe(0);
  const file = path.join(dir, `${preset}-${Object.keys(env).length}.yaml`);
  writeFileSync(file, out);
  return file;
}

const STACK = {
  WARROOM_API_URL: "http://127.0.0.1:28000",
  WARROOM_DOCKER_PROJECT: "shop",
  WARROOM_DB_URL: "postgres://app:hunter2-db-pass@127.0.0.1:35432/catalog",
  BUYWHERE_API_KEY: "bw_live_9f8e7d6c5b4a",
  WARROOM_STACK_DIR: "/srv/shop",
};

describe("runbook check lists what it will probe and what it may do", () => {
  it("BuyWhere on another stack: each check's id, kind and target; the rollback's containers and steps", () => {
    const { code, out, err } = run(["check", exported("buywhere-us-launch", STACK)], STACK);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toMatch(/valid runbook "buywhere-us-launch"/);
    expect(out).toMatch(/Probes \(66 checks, every 5 s\)/);
    expect(out).toMatch(/^ {2}api-health +http +GET http:\/\/127\.0\.0\.1:28000\/health$/m);
    expect(out).toMatch(
      /^ {2}catalog-status +http +GET http:\/\/127\.0\.0\.1:28000\/v1\/status \(sends Authorization\)$/m,
    );
    expect(out).toMatch(
      /^ {2}db-primary +postgres +ping on postgres:\/\/app:\*\*\*@127\.0\.0\.1:35432\/catalog$/m,
    );
    expect(out).toMatch(/^ {2}container-api +docker-container +container shop service api via/m);
    expect(out).toMatch(
      /^ {2}latency-p99-search +prometheus +.*\(latency-p99 of handler=~"\/\(v1\|api\)\/search" over 60 s\)$/m,
    );
    expect(out).toMatch(
      /^ {2}search-retailers +search +.*; by retailer, needs amazon, each priced in USD\)$/m,
    );
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("bw_live");
    expect(out).toContain("rollback: docker, on compose project shop");
    expect(out).toContain("primary    shop-api-1: recreated on its previous image (PREV_API_IMAGE)");
    expect(out).toMatch(/dependent {2}shop-scraper-scheduler-1: .*optional: skipped/);
    expect(out).toContain("state file /srv/shop/.rollback_state");
    expect(out).toContain("verifies against http://127.0.0.1:28000:");
    expect(out).toContain("docker compose -p shop run --rm migrate alembic downgrade -1");
    expect(out).toContain("restart: docker, on compose project shop");
    expect(out).toContain(
      "cleanup: docker (incident §3.4: docker builder prune -f and old scrape data; launch day §4.4: old scrape files; deploy §1.4: old logs), by the lead or the infra owner:",
    );
    expect(out).toContain("never: a tagged image (every sha- image stays), a container, a volume");
    expect(out).toMatch(
      /system prune \(launch day §4\.4\): docker system prune -f\n +! Removes every stopped container/,
    );
  });

  it("Deal Scout: a Docker restart and rollback with optional dependents named, its service actions", () => {
    const { code, out } = run(["check", exported("deal-scout")]);
    expect(code).toBe(0);
    expect(out).toContain(
      "stack: compose project deal-scout: deal-scout-backend-1 (primary), deal-scout-worker-1 (dependent, optional), deal-scout-beat-1 (dependent, optional)",
    );
    expect(out).toContain("rollback: docker, on compose project deal-scout");
    expect(out).toContain(
      "primary    deal-scout-backend-1: recreated on its previous image (PREV_API_IMAGE), deal-scout-backend:latest re-tagged, then verified",
    );
    expect(out).toContain("primary    deal-scout-backend-1: restarted, waited for health, then verified");
    expect(out).toContain("restart-postgres (RESTART POSTGRES): restart postgres, exec postgres, verify");
  });

  it("Customer Intelligence: no stack, rollback and restart manual, the sync a request; admin checks say why they are not probed", () => {
    const { code, out } = run(["check", exported("customer-intelligence")]);
    expect(code).toBe(0);
    expect(out).toContain("stack: none named: no Docker action; the service actions are requests");
    expect(out).toMatch(/^ {4}sync-sales \(SYNC\): POST http:\/\/127\.0\.0\.1:\d+\/admin\/sync-sales$/m);
    expect(out).toContain("restart: manual (004: restart service), never run by warroom:");
    expect(out).toContain("1. restart the service: railway restart");
    expect(out).toMatch(/^ {2}cache-hit-rate +http +not probed: no admin key/m);
  });
});

describe("runbook check refuses a bad file with the field named and exit 1", () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const minimal = (checks: string, actions = "") =>
    [
      "id: tiny",
      "name: Tiny",
      "system: Tiny API",
      "launch: { local: '2026-05-01T09:00', timeZone: UTC }",
      "triggers: []",
      `checks:\n${checks}`,
      actions,
    ].join("\n");

  it.each([
    [
      "a URL that is not one",
      minimal("  - { id: health, kind: http, label: Health, url: 'not a url' }"),
      /checks\[0\]\.url: must be an absolute URL/,
    ],
    [
      "two primaries",
      minimal(
        "  - { id: health, kind: http, label: Health, url: 'http://127.0.0.1:1/health' }",
        "actions:\n  stack: { project: p, stateFile: /s, services: [{ service: a, role: primary }, { service: b, role: primary }] }\n  rollback: { kind: docker }",
      ),
      /actions\.stack\.services: needs exactly one primary service/,
    ],
    [
      "an unset variable",
      minimal(`  - { id: health, kind: http, label: Health, url: '\${TINY_URL}/health' }`),
      /checks\[0\]\.url: \$\{TINY_URL\} is not set and has no default/,
    ],
    ["not YAML", "id: [unclosed", /not valid YAML/],
  ])("%s", (name, text, expected) => {
    const { code, out, err } = run(["check", write(`${name.replace(/ /g, "-")}.yaml`, text)]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(expected);
  });

  it("a default makes the same file valid", () => {
    const text = minimal(
      `  - { id: health, kind: http, label: Health, url: '\${TINY_URL:-http://127.0.0.1:9}/health' }`,
    );
    const { code, out } = run(["check", write("default.yaml", text)]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}health +http +GET http:\/\/127\.0\.0\.1:9\/health$/m);
    expect(out).toContain("rollback: not described by this runbook");
  });

  it("usage is exit 2; an unknown preset is exit 1 naming the known ones", () => {
    expect(run([]).code).toBe(2);
    expect(run(["frobnicate", "x"]).code).toBe(2);
    const unknown = run(["export", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/known presets: buywhere-us-launch, deal-scout, customer-intelligence/);
  });
});

// Helpers for the launch integration tests: a started-looking hub with live readings and requests
// against the real route handlers. Never used by the app.
import { evaluateBoard } from "@/lib/collector/publish-board";
import { getHub } from "@/lib/hub/hub";
import type { RunbookActionsInput } from "@/lib/model/actions-schema";
import type { Reading } from "@/lib/model/probe";
import type { Level } from "@/lib/model/runbook-schema";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

export const ORIGIN = "http://127.0.0.1:3999";
export const PASSWORDS: Record<string, string> = {
  rex: "rex-password-1",
  bolt: "bolt-password-1",
  sol: "sol-password-1",
  link: "link-password-1",
  atlas: "atlas-password-1",
  lyra: "lyra-password-1",
  vera: "vera-password-1",
  guest: "guest-password-1",
};
export const REX_TOKEN = "rex-bot-token-abcdefghijklmnopqrstuvwxyz";

/** The BuyWhere preset plus a plain viewer, T-0 two hours ahead. */
export function installRunbook(actions?: RunbookActionsInput): void {
  const input = buildBuyWhereUsLaunch({});
  if (actions) input.actions = actions;
  input.people = [...(input.people ?? []), { id: "guest", name: "Guest", role: "viewer" }];
  const t0 = new Date(Date.now() + 2 * 3600_000);
  const local = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "America/New_York",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(t0)
    .replace(" ", "T");
  input.launch = { ...input.launch, local };
  const hub = getHub();
  hub.loaded = { runbook: parseRunbook(input, "test"), source: "test", launchOverride: null };
  hub.storage.ready = true;
  setLevels({});
}

/** Fresh readings for every check: ok unless named. */
export function setLevels(levels: Record<string, Level>): void {
  const hub = getHub();
  const now = new Date().toISOString();
  for (const check of hub.loaded?.runbook.checks ?? []) {
    const level = levels[check.id] ?? "ok";
    const reading: Reading = {
      checkId: check.id,
      level,
      value: null,
      unit: null,
      summary: level === "ok" ? "fine" : `${check.id} broken (test)`,
      conditions: [],
      evidence: {},
      collectedAt: now,
      durationMs: 1,
    };
    hub.latest.set(check.id, reading);
  }
  // As a collector cycle would: the pipeline evaluates the new readings into the board routes read.
  evaluateBoard(hub, new Date());
}

export type Caller = { cookie?: string; bearer?: string; origin?: string | null };

export function request(path: string, caller: Caller, body?: unknown): Request {
  const headers = new Headers({ "user-agent": "vitest", "x-forwarded-for": "127.0.0.9" });
  if (body !== undefined) headers.set("content-type", "application/json");
  if (caller.cookie) headers.set("cookie", caller.cookie);
  if (caller.bearer) headers.set("authorization", `Bearer ${caller.bearer}`);
  const origin = caller.origin === undefined ? ORIGIN : caller.origin;
  if (origin) headers.set("origin", origin);
  return new Request(`${ORIGIN}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

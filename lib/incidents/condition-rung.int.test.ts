import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as notePost } from "@/app/api/incidents/events/route";
import { POST as declarePost } from "@/app/api/incidents/route";
import { buildBoardState } from "@/lib/collector/build-board-state";
import { closeDb, getDb } from "@/lib/db/client";
import { getHub } from "@/lib/hub/hub";
import { refreshIncidents } from "@/lib/incidents/incident-section";
import type { IncidentRecord } from "@/lib/model/incident";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";
import { envBackends } from "@/test/support/env-backends";
import { request, setLevels } from "@/test/support/launch-harness";

// 003's fourth rung, "Executive/Customer: if SLA breached or multi-hour outage", on the Deal Scout preset: a
// declared incident shows it with the ladder, due at the first of its conditions, and the on-call engineer
// marks it engaged by its name through the incidents API, as the board's note form does.
const TOKEN = "oncall-bot-token-abcdefghijklmnopqrstuvwxyz";
const ENV_KEYS = ["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_TOKENS"] as const;
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
const pglite = envBackends("condition-rung").find((b) => b.name === "pglite");
let cleanup: (() => Promise<void>) | undefined;
let incident: IncidentRecord;

beforeAll(async () => {
  process.env.WARROOM_TOKENS = `oncall:${TOKEN}`;
  cleanup = await pglite?.open();
  await getDb();
  const hub = getHub();
  hub.loaded = { runbook: parseRunbook(buildDealScout({}), "test"), source: "test", launchOverride: null };
  hub.storage.ready = true;
  setLevels({});
}, 60_000);
afterAll(async () => {
  await closeDb();
  await cleanup?.();
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const caller = { bearer: TOKEN, origin: null };
const active = async (at: Date) => {
  await refreshIncidents("deal-scout");
  return buildBoardState(getHub(), at)?.incidents?.active;
};

describe("Deal Scout's executive rung on a declared incident", () => {
  it("a HIGH incident: the rung is due when its 1 h resolution target passes, before 2 h open", async () => {
    const res = await declarePost(
      request("/api/incidents", caller, { severity: "P1", title: "Task queue stuck" }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    incident = ((await res.json()) as { incident: IncidentRecord }).incident;
    const now = await active(new Date());
    const rung = now?.escalation.engagement.find((e) => e.rung === "executive");
    expect(rung).toMatchObject({
      atMinutes: 60,
      when: "unresolved past 1 h (SLA) or open 2 h",
      status: "upcoming",
    });
    expect(rung?.who).toMatch(/^Executive \/ customer/);
    const later = await active(new Date(Date.parse(incident.declaredAt) + 62 * 60_000));
    expect(later?.escalation.engagement.find((e) => e.rung === "executive")?.status).toBe("overdue");
  });

  it("marked engaged by its name: done; a rung the runbook does not have is refused", async () => {
    const bad = await notePost(
      request("/api/incidents/events", caller, {
        id: incident.id,
        kind: "engaged",
        rung: "board",
        message: "x",
      }),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/no rung "board"/);
    const ok = await notePost(
      request("/api/incidents/events", caller, {
        id: incident.id,
        kind: "engaged",
        rung: "executive",
        message: "VP engineering told; customer email drafted",
      }),
    );
    expect(ok.status, await ok.clone().text()).toBe(200);
    const later = await active(new Date(Date.parse(incident.declaredAt) + 62 * 60_000));
    const ladder = later?.escalation.engagement ?? [];
    expect(ladder.find((e) => e.rung === "executive")?.status).toBe("done");
    // The minute rungs are untouched by it.
    expect(ladder.find((e) => e.atMinutes === 30 && !e.rung)?.status).toBe("overdue");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as postmortemGet } from "@/app/api/incidents/[id]/postmortem/route";
import { POST as checklistPost } from "@/app/api/incidents/checklist/route";
import { POST as resolvePost } from "@/app/api/incidents/resolve/route";
import { POST as declarePost } from "@/app/api/incidents/route";
import { buildBoardState } from "@/lib/collector/build-board-state";
import { closeDb, getDb } from "@/lib/db/client";
import { getHub } from "@/lib/hub/hub";
import { refreshIncidents } from "@/lib/incidents/incident-section";
import type { ChecklistView } from "@/lib/model/checklist";
import type { IncidentRecord } from "@/lib/model/incident";
import { resetProcessState } from "@/lib/runtime/process-state";
import { openApiProcess } from "@/test/support/api-process";
import { envBackends, restoreEnvAfterAll } from "@/test/support/env-backends";
import { type Caller, REX_TOKEN, request } from "@/test/support/launch-harness";

const backends = envBackends("checklists");

const RUNBOOK = "buywhere-us-launch";
restoreEnvAfterAll(["DATABASE_URL", "WARROOM_DATA_DIR", "WARROOM_USERS", "WARROOM_TOKENS"]);

async function boardLists(): Promise<ChecklistView[]> {
  await refreshIncidents(RUNBOOK);
  return buildBoardState(getHub(), new Date())?.incidents?.checklists ?? [];
}

const itemOf = (lists: ChecklistView[], list: string, item: string) =>
  lists.find((l) => l.id === list)?.items.find((i) => i.id === item);

describe.each(backends)("checklist ticks on $name", (backend) => {
  let cookies: Record<string, string> = {};
  let close = async () => {};
  let incident: IncidentRecord;
  const tick = (c: Caller, body: Record<string, unknown>) =>
    checklistPost(request("/api/incidents/checklist", c, { incident: incident.id, ...body }));

  beforeAll(async () => {
    ({ cookies, close } = await openApiProcess(backend, ["rex", "bolt", "sol", "lyra", "vera", "guest"]));
    const res = await declarePost(
      request("/api/incidents", { cookie: cookies.rex }, { severity: "P1", title: "Catalog rows garbled" }),
    );
    expect(res.status).toBe(200);
    incident = ((await res.json()) as { incident: IncidentRecord }).incident;
  });
  afterAll(() => close());

  it("who may tick: the owner or the lead; others 403 (audited), anonymous 401, bad input 400/404/409", async () => {
    const corruption = { checklist: "incident-calls", item: "data-corruption" };
    expect((await tick({}, corruption)).status).toBe(401);
    const sol = await tick({ cookie: cookies.sol }, corruption);
    expect(sol.status).toBe(403);
    expect(((await sol.json()) as { error: string }).error).toMatch(
      /ticked by Bolt or the incident lead, not Sol/,
    );
    expect((await tick({ cookie: cookies.vera }, corruption)).status).toBe(403);
    expect((await tick({ cookie: cookies.guest }, corruption)).status).toBe(403);
    expect((await tick({ cookie: cookies.bolt, origin: "http://evil.example" }, corruption)).status).toBe(
      403,
    );
    expect((await tick({ cookie: cookies.bolt }, { checklist: "nope", item: "x" })).status).toBe(404);
    expect((await tick({ cookie: cookies.bolt }, { checklist: "incident-calls", item: "nope" })).status).toBe(
      404,
    );
    // An entry says what the other system showed: without it nothing is recorded.
    const bare = { checklist: "rollback-verification", item: "no-p1-alerts" };
    expect((await tick({ cookie: cookies.bolt }, bare)).status).toBe(400);
    // The post-incident list is in force once the incident is resolved, not before.
    const early = await tick(
      { cookie: cookies.rex },
      { checklist: "post-incident", item: "paperclip-task", note: "BUY-1" },
    );
    expect(early.status).toBe(409);

    expect((await tick({ cookie: cookies.bolt }, { ...corruption, note: "checksums differ" })).status).toBe(
      200,
    );
    expect((await tick({ cookie: cookies.bolt }, { ...bare, note: "quiet since 09:12" })).status).toBe(200);
    // The lead may tick any item, an owner's too.
    expect(
      (await tick({ bearer: REX_TOKEN }, { checklist: "incident-calls", item: "container-logs" })).status,
    ).toBe(200);

    const db = await getDb();
    const refused = await db.auditEntry.findMany({ where: { action: "checklist-tick", outcome: "refused" } });
    expect(refused.map((r) => r.actor).sort()).toEqual(expect.arrayContaining(["guest", "sol", "vera"]));
    const ok = await db.auditEntry.findMany({
      where: { action: "checklist-tick", outcome: "ok" },
      orderBy: { id: "asc" },
    });
    expect(ok.map((r) => r.actor)).toEqual(["bolt", "bolt", "rex"]);
    expect(ok[0]?.message).toBe(
      'Bolt ticked "Data corruption confirmed — a rollback trigger; Rex calls the rollback" (Calls and manual steps): checksums differ',
    );
    expect(ok[0]?.data).toMatchObject({
      incidentId: incident.id,
      checklist: "incident-calls",
      item: "data-corruption",
      done: true,
    });
    expect(ok[0]?.data).toHaveProperty("checklistTickId", expect.any(Number));
  });

  it("the board shows the active incident's lists with who ticked what, when", async () => {
    const lists = await boardLists();
    expect(lists.map((l) => l.id)).toEqual(["incident-calls", "rollback-verification"]);
    expect(itemOf(lists, "incident-calls", "data-corruption")).toMatchObject({
      done: true,
      by: "bolt",
      byName: "Bolt",
      note: "checksums differ",
      ownerName: "Bolt",
    });
    expect(itemOf(lists, "incident-calls", "container-logs")).toMatchObject({ done: true, by: "rex" });
    expect(itemOf(lists, "incident-calls", "security-incident")).toMatchObject({
      done: false,
      by: null,
      at: null,
    });
    expect(itemOf(lists, "rollback-verification", "no-p1-alerts")).toMatchObject({
      kind: "entry",
      system: "#us-alerts",
      note: "quiet since 09:12",
    });
  });

  it("an untick is a new row: the latest counts, the database refuses edits and deletes", async () => {
    const res = await tick(
      { cookie: cookies.bolt },
      { checklist: "incident-calls", item: "data-corruption", done: false },
    );
    expect(res.status).toBe(200);
    expect(itemOf(await boardLists(), "incident-calls", "data-corruption")).toMatchObject({
      done: false,
      by: "bolt",
    });
    const db = await getDb();
    const rows = await db.checklistTick.findMany({
      where: { itemId: "data-corruption" },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => r.done)).toEqual([true, false]);
    await expect(db.$executeRawUnsafe(`UPDATE "ChecklistTick" SET "done" = true`)).rejects.toThrow();
    await expect(db.$executeRawUnsafe(`DELETE FROM "ChecklistTick"`)).rejects.toThrow();
  });

  it("ticks are read back after a restart (database reopened, caches reread)", async () => {
    await closeDb();
    resetProcessState("incidents.cache", "db.launch-cache");
    await getDb();
    const lists = await boardLists();
    expect(lists.map((l) => l.id)).toEqual(["incident-calls", "rollback-verification"]);
    expect(itemOf(lists, "incident-calls", "data-corruption")).toMatchObject({ done: false, by: "bolt" });
    expect(itemOf(lists, "incident-calls", "container-logs")).toMatchObject({ done: true, by: "rex" });
  });

  it("after resolution: the response lists close, the post-incident list is in force and in the post-mortem", async () => {
    const resolved = await resolvePost(
      request(
        "/api/incidents/resolve",
        { cookie: cookies.rex },
        { id: incident.id, reason: "restored from backup" },
      ),
    );
    expect(resolved.status).toBe(200);
    const late = await tick(
      { cookie: cookies.rex },
      { checklist: "incident-calls", item: "security-incident" },
    );
    expect(late.status).toBe(409);
    const notice = {
      checklist: "post-incident",
      item: "public-resolved",
      note: "status page: resolved 10:05",
    };
    expect((await tick({ cookie: cookies.bolt }, notice)).status).toBe(403);
    expect((await tick({ cookie: cookies.lyra }, notice)).status).toBe(200);
    const task = { checklist: "post-incident", item: "paperclip-task", note: "BUY-3420 created" };
    expect((await tick({ cookie: cookies.rex }, task)).status).toBe(200);

    const lists = await boardLists();
    expect(lists.map((l) => l.id)).toEqual(["post-incident"]);
    expect(lists[0]).toMatchObject({ done: 2, total: 3, incidentId: incident.id });

    const res = await postmortemGet(
      request(`/api/incidents/${incident.id}/postmortem`, { cookie: cookies.vera }),
      {
        params: Promise.resolve({ id: incident.id }),
      },
    );
    expect(res.status).toBe(200);
    const md = await res.text();
    expect(md).toMatch(/## Checklists/);
    expect(md).toMatch(/### Post-incident — 2\/3/);
    expect(md).toMatch(
      /- \[x\] Paperclip task created under BUY-3413 .*\(Paperclip: BUY-3420 created\) — Rex at \d\d:\d\d/,
    );
    expect(md).toMatch(
      /- \[ \] Monitoring and alerting back in their normal state — owner Bolt, not recorded/,
    );
    expect(md).toMatch(/- \[ \] Data corruption confirmed .* — Bolt at \d\d:\d\d/);
    expect(md).toMatch(/\| \d\d:\d\d \| checklist \(Bolt\) unticked "Data corruption confirmed/);
  });
});

import { describe, expect, it } from "vitest";
import { boardChecklists } from "@/lib/rules/checklists";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { PRESETS, type PresetId } from "@/lib/runbook/presets";

const built = (id: PresetId) => parseRunbook(PRESETS[id]({}), `preset ${id}`);

/** The lists the board shows for an active incident of the given scenario. */
function inForce(id: PresetId, scenario: string): string[] {
  const rb = built(id);
  return boardChecklists({
    checklists: rb.checklists,
    active: { id: "i1", scenarios: [scenario] },
    lastResolved: null,
    ticks: [],
    people: rb.people,
  }).map((l) => l.id);
}

describe("the presets' checklists", () => {
  it.each(Object.keys(PRESETS) as PresetId[])(
    "%s: has response and post-incident lists, every item owned",
    (id) => {
      const rb = built(id);
      expect(rb.checklists.some((l) => l.phase === "incident")).toBe(true);
      expect(rb.checklists.some((l) => l.phase === "post-incident")).toBe(true);
      for (const l of rb.checklists) for (const i of l.items) expect(i.owner, `${l.id}/${i.id}`).not.toBe("");
    },
  );

  it("owners are the runbooks' people: Bolt restores and checks, Rex calls, Lyra speaks publicly", () => {
    const owners = Object.fromEntries(
      built("buywhere-us-launch").checklists.flatMap((l) => l.items.map((i) => [`${l.id}/${i.id}`, i.owner])),
    );
    expect(owners).toMatchObject({
      "incident-calls/data-corruption": "bolt",
      "incident-calls/security-incident": "rex",
      "incident-calls/db-restore": "bolt",
      "post-incident/public-resolved": "lyra",
      "post-incident/paperclip-task": "rex",
    });
  });

  it("004's P3 (cosmetic / planned, 24 h) is the on-call engineer's tick after the incident, not a severity", () => {
    const rb = built("customer-intelligence");
    const post = rb.checklists.find((l) => l.id === "post-incident");
    const p3 = post?.items.find((i) => i.id === "p3-filed");
    expect(p3).toMatchObject({ kind: "tick", owner: "oncall" });
    expect(p3?.label).toMatch(/24 h/);
    expect(Object.keys(rb.scale.levels)).toEqual(["P0", "P1", "P2"]);
  });

  it.each([
    ["deal-scout", "database", ["database", "escalation", "rollback"]],
    ["deal-scout", "error-rate", ["error-rate", "escalation", "rollback"]],
    ["deal-scout", "marketplace", ["marketplace", "escalation", "rollback"]],
    ["customer-intelligence", "health", ["outage", "outside"]],
    ["customer-intelligence", "slow", ["degraded", "outside"]],
    ["customer-intelligence", "auth", ["auth", "outside"]],
    ["buywhere-us-launch", "search-slow", ["incident-calls", "rollback-verification"]],
  ] as const)("%s: a %s incident shows %j", (id, scenario, want) => {
    expect(inForce(id, scenario)).toEqual(want);
  });

  it("an external entry names the system it reads, never a value of its own", () => {
    for (const id of Object.keys(PRESETS) as PresetId[]) {
      for (const l of built(id).checklists)
        for (const i of l.items)
          if (i.kind === "entry") expect(i.system, `${id} ${l.id}/${i.id}`).toBeTruthy();
    }
  });
});

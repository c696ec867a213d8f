import { describe, expect, it } from "vitest";
import type { ChecklistTickRecord } from "@/lib/model/checklist";
import { type Checklist, checkChecklistRefs, checklistSchema } from "@/lib/model/checklist-schema";
import {
  boardChecklists,
  canTickChecklistItem,
  checklistView,
  declaredScenario,
  incidentChecklists,
} from "@/lib/rules/checklists";

const PEOPLE = [
  { id: "rex", name: "Rex", role: "lead" },
  { id: "bolt", name: "Bolt", role: "owner" },
  { id: "sol", name: "Sol", role: "owner" },
  { id: "vera", name: "Vera", role: "exec" },
  { id: "guest", name: "Guest", role: "viewer" },
];

const list = (over: Partial<Checklist> & Pick<Checklist, "id">): Checklist =>
  checklistSchema.parse({
    label: over.id,
    phase: "incident",
    source: "test",
    items: [{ id: "a", kind: "tick", owner: "bolt", label: "A" }],
    ...over,
  });

const tickRec = (over: Partial<ChecklistTickRecord>): ChecklistTickRecord => ({
  id: 1,
  incidentId: "i1",
  checklistId: "calls",
  itemId: "a",
  personId: "bolt",
  done: true,
  note: null,
  at: "2026-04-23T13:00:00.000Z",
  ...over,
});

describe("canTickChecklistItem", () => {
  const cases: [string, string, string, boolean][] = [
    ["the owner", "bolt", "bolt", true],
    ["another owner", "sol", "bolt", false],
    ["the lead, for anyone's item", "rex", "bolt", true],
    ["an exec", "vera", "bolt", false],
    ["an exec named as owner", "vera", "vera", true],
    ["a viewer, even named as owner", "guest", "guest", false],
    ["anyone of the owner role", "sol", "role:owner", true],
    ["someone of another role", "vera", "role:owner", false],
  ];
  it.each(cases)("%s", (_, who, owner, ok) => {
    const person = PEOPLE.find((p) => p.id === who);
    if (!person) throw new Error(who);
    expect(canTickChecklistItem(person, { id: "a", owner }, PEOPLE).ok).toBe(ok);
  });

  it("a refusal names who may", () => {
    const sol = PEOPLE[2];
    if (!sol) throw new Error("sol");
    expect(canTickChecklistItem(sol, { id: "a", owner: "bolt" }, PEOPLE)).toEqual({
      ok: false,
      reason: 'item "a" is ticked by Bolt or the incident lead, not Sol',
    });
  });
});

describe("checklistView", () => {
  const calls = list({ id: "calls" });
  it("the latest tick of this incident counts; another incident's ticks do not", () => {
    const ticks = [
      tickRec({ id: 1, done: true }),
      tickRec({ id: 2, done: false, personId: "rex", at: "2026-04-23T13:05:00.000Z" }),
      tickRec({ id: 3, incidentId: "i2", done: true }),
    ];
    const v = checklistView(calls, "i1", ticks, PEOPLE);
    expect(v.items[0]).toMatchObject({
      done: false,
      by: "rex",
      byName: "Rex",
      at: "2026-04-23T13:05:00.000Z",
    });
    expect(v).toMatchObject({ done: 0, total: 1, incidentId: "i1" });
    expect(checklistView(calls, "i2", ticks, PEOPLE)).toMatchObject({ done: 1 });
  });

  it("nothing recorded is not done, with its owner named", () => {
    const v = checklistView(calls, "i1", [], PEOPLE);
    expect(v.items[0]).toMatchObject({ done: false, by: null, at: null, ownerName: "Bolt" });
  });
});

describe("which lists are in force", () => {
  const lists = [
    list({ id: "calls" }),
    list({ id: "db", scenarios: ["database"] }),
    list({ id: "after", phase: "post-incident" }),
  ];
  const ids = (
    active: { id: string; scenarios: string[] } | null,
    lastResolved: { id: string } | null,
    ticks: ChecklistTickRecord[] = [],
  ) => boardChecklists({ checklists: lists, active, lastResolved, ticks, people: PEOPLE }).map((l) => l.id);

  it.each([
    [
      "an active incident without a matching scenario: the unscoped lists",
      { id: "i1", scenarios: ["health"] },
      null,
      [],
      ["calls"],
    ],
    [
      "its scenario matches: the scenario's list too",
      { id: "i1", scenarios: ["database"] },
      null,
      [],
      ["calls", "db"],
    ],
    [
      "a list ticked for the incident stays",
      { id: "i1", scenarios: [] },
      null,
      [tickRec({ checklistId: "db" })],
      ["calls", "db"],
    ],
    ["resolved, none active: the post-incident lists", null, { id: "i1" }, [], ["after"]],
    ["no incident at all: nothing", null, null, [], []],
  ] as const)("%s", (_, active, resolved, ticks, want) => {
    expect(
      ids(active ? { ...active, scenarios: [...active.scenarios] } : null, resolved, [...ticks]),
    ).toEqual(want);
  });

  it("the post-mortem lists every list in force for the incident, post-incident included", () => {
    const incident = { id: "i1", suggestion: { scenario: { id: "database" } } };
    expect(incidentChecklists(lists, incident, [], PEOPLE).map((l) => l.id)).toEqual([
      "calls",
      "db",
      "after",
    ]);
    expect(declaredScenario({})).toBeNull();
    expect(declaredScenario({ scenario: null })).toBeNull();
  });
});

describe("checklist data is refused with the field named", () => {
  const rb = (checklists: unknown[]) => ({
    checklists: checklists.map((c) => checklistSchema.parse(c)),
    people: PEOPLE,
    scale: { tree: [{ id: "database" }] },
  });
  const issues = (checklists: unknown[]) => {
    const out: string[] = [];
    checkChecklistRefs(rb(checklists), (i) => out.push(`${i.path.join(".")}: ${i.message}`));
    return out;
  };
  const base = { id: "x", label: "X", phase: "incident", source: "s" };

  it.each([
    [
      "an unknown owner",
      [{ ...base, items: [{ id: "a", kind: "tick", owner: "nobody", label: "A" }] }],
      'checklists.0.items.0.owner: no person with id "nobody"',
    ],
    [
      "a role nobody has",
      [{ ...base, items: [{ id: "a", kind: "tick", owner: "role:cfo", label: "A" }] }],
      'checklists.0.items.0.owner: no person has role "cfo"',
    ],
    [
      "an unknown scenario",
      [{ ...base, scenarios: ["redis"], items: [{ id: "a", kind: "tick", owner: "bolt", label: "A" }] }],
      'checklists.0.scenarios.0: no decision-tree branch with id "redis"',
    ],
    [
      "a duplicate item",
      [
        {
          ...base,
          items: [
            { id: "a", kind: "tick", owner: "bolt", label: "A" },
            { id: "a", kind: "tick", owner: "bolt", label: "B" },
          ],
        },
      ],
      'checklists.0.items.1.id: duplicate item id "a"',
    ],
  ])("%s", (_, lists, want) => {
    expect(issues(lists)).toEqual([want]);
  });

  it("an entry names its system, a tick does not", () => {
    const item = (x: object) =>
      checklistSchema.safeParse({ ...base, items: [{ id: "a", owner: "bolt", label: "A", ...x }] });
    expect(item({ kind: "entry" }).success).toBe(false);
    expect(item({ kind: "tick", system: "Sentry" }).success).toBe(false);
    expect(item({ kind: "entry", system: "Sentry" }).success).toBe(true);
  });
});

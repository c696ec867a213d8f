import type { CheckLevel, ItemState, MilestoneState, TickRecord } from "@/lib/model/launch";
import type { Milestone, MilestoneItem } from "@/lib/model/launch-flow-schema";

/** The latest tick of each item by its owner; ticks by anyone else never count. */
export function latestTicks(
  items: readonly MilestoneItem[],
  ticks: readonly TickRecord[],
): Map<string, TickRecord> {
  const owners = new Map(items.flatMap((i) => (i.kind === "manual" ? [[i.id, i.owner] as const] : [])));
  const byItem = new Map<string, TickRecord>();
  for (const t of [...ticks].sort((a, b) => a.id - b.id)) {
    if (owners.get(t.itemId) === t.personId) byItem.set(t.itemId, t);
  }
  return byItem;
}

function itemState(
  item: MilestoneItem,
  checks: ReadonlyMap<string, CheckLevel>,
  ticks: ReadonlyMap<string, TickRecord>,
): ItemState {
  if (item.kind === "auto") {
    const evidence = item.checks.map(
      (id): CheckLevel =>
        checks.get(id) ?? { id, label: id, level: "unknown", summary: "no reading for this check" },
    );
    const accepted = new Set<string>(item.accept);
    return {
      id: item.id,
      label: item.label,
      kind: "auto",
      owner: null,
      done: evidence.every((c) => accepted.has(c.level)),
      evidence,
      tick: null,
    };
  }
  const tick = ticks.get(item.id) ?? null;
  return {
    id: item.id,
    label: item.label,
    kind: "manual",
    owner: item.owner,
    done: tick?.done ?? false,
    evidence: [],
    tick,
  };
}

/**
 * Each milestone at effective T-0 + offset: done when every item is (automatic items from the live
 * checks, manual ones ticked by their owner) or, for the poll, once the call is made; otherwise upcoming,
 * due, or overdue past its grace.
 */
export function evaluateMilestones(input: {
  milestones: readonly Milestone[];
  t0Ms: number;
  nowMs: number;
  checks: ReadonlyMap<string, CheckLevel>;
  ticks: readonly TickRecord[];
  decided: boolean;
}): MilestoneState[] {
  const allItems = input.milestones.flatMap((m) => m.items);
  const ticks = latestTicks(allItems, input.ticks);
  return [...input.milestones]
    .sort((a, b) => a.offsetMinutes - b.offsetMinutes)
    .map((m) => {
      const dueMs = input.t0Ms + m.offsetMinutes * 60_000;
      const items = m.items.map((i) => itemState(i, input.checks, ticks));
      const done = m.awaitsDecision
        ? input.decided && items.every((i) => i.done)
        : items.length > 0 && items.every((i) => i.done);
      const status = done
        ? "done"
        : input.nowMs < dueMs
          ? "upcoming"
          : input.nowMs < dueMs + m.graceMinutes * 60_000
            ? "due"
            : "overdue";
      return {
        id: m.id,
        label: m.label,
        offsetMinutes: m.offsetMinutes,
        dueAt: new Date(dueMs).toISOString(),
        status,
        statusPost: m.statusPost ?? null,
        source: m.source ?? null,
        items,
      };
    });
}

/** The milestone to show next: the earliest one not done. */
export function nextMilestone(milestones: readonly MilestoneState[]): MilestoneState | null {
  return milestones.find((m) => m.status !== "done") ?? null;
}

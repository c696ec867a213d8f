import { formatClock } from "@/components/format";
import { itemEvidence } from "@/components/launch/launch-parts";
import type { GateState, MilestoneState } from "@/lib/model/launch";

const GATE_ORDER = { red: 0, waived: 1, green: 2 } as const;
const GATE_CLASSES = {
  green: "text-ok",
  red: "border-2 border-crit bg-crit/20 text-crit",
  waived: "border-2 border-warn bg-warn/10 text-warn",
} as const;

/** P0 gates for the kiosk: red and waived first with their reasons, green ones one short line each. */
export function TvGates({ gates, names }: { gates: GateState[]; names: Record<string, string> }) {
  const sorted = [...gates].sort((a, b) => GATE_ORDER[a.status] - GATE_ORDER[b.status]);
  const red = gates.filter((g) => g.status === "red").length;
  return (
    <section
      aria-label="P0 gates"
      className="h-full overflow-hidden rounded-xl bg-panel p-3"
      data-testid="gates"
    >
      <h2 className="mb-1 text-2xl font-bold">
        P0 gates{" "}
        <span className={`text-xl font-normal ${red > 0 ? "text-crit" : "text-gray-300"}`}>
          {red > 0 ? `${red} red` : "all green"} of {gates.length}
        </span>
      </h2>
      <ul className="flex flex-col gap-1">
        {sorted.map((g) => (
          <li
            key={g.id}
            data-testid={`gate-${g.id}`}
            data-status={g.status}
            className={`rounded-lg px-2 ${GATE_CLASSES[g.status]}`}
          >
            <div className="flex justify-between gap-2 text-lg font-bold">
              <span className="truncate">{g.label}</span>
              <span>{g.status.toUpperCase()}</span>
            </div>
            {g.status !== "green" && (
              <div className="line-clamp-2 text-base text-gray-200">{g.reasons.join(" · ")}</div>
            )}
            {g.waiver && (
              <div className="truncate text-base text-warn" data-testid={`gate-${g.id}-waiver`}>
                waived by {names[g.waiver.personId] ?? g.waiver.personId}: {g.waiver.reason}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

type Item = MilestoneState["items"][number];
const itemRank = (i: Item) => (i.done ? 2 : i.kind === "auto" ? 0 : 1);

/** The milestone in force, what is not done first: failing measured items, then manual ones still open. */
export function TvMilestoneNow({
  milestone,
  names,
  timeZone,
}: {
  milestone: MilestoneState | null;
  names: Record<string, string>;
  timeZone: string;
}) {
  if (!milestone || milestone.items.length === 0) return null;
  const done = milestone.items.filter((i) => i.done).length;
  const items = [...milestone.items].sort((a, b) => itemRank(a) - itemRank(b));
  return (
    <section
      aria-label="milestone now"
      className="h-full overflow-hidden rounded-xl bg-panel p-3"
      data-testid="milestone-now"
      data-milestone={milestone.id}
    >
      <h2 className="text-2xl font-bold">
        Now: {milestone.label}{" "}
        <span className="text-xl font-normal text-gray-300">
          {done}/{milestone.items.length} done · due {formatClock(milestone.dueAt, timeZone, false)} ·{" "}
          {milestone.status.toUpperCase()}
        </span>
      </h2>
      <ul className="mt-1 flex flex-col text-xl">
        {items.map((i) => (
          <li key={i.id} data-testid={`now-item-${i.id}`} data-done={i.done} className="truncate">
            <span className={i.done ? "text-ok" : i.kind === "auto" ? "text-crit" : "text-gray-400"}>
              {i.done ? "✔" : i.kind === "auto" ? "✘" : "○"}
            </span>{" "}
            {i.label}
            <span className="pl-2 text-base text-gray-400">{itemEvidence(i, names)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { formatClock } from "@/components/format";
import { itemEvidence, relative } from "@/components/launch/launch-parts";
import type { GateState, MilestoneState } from "@/lib/model/launch";

const GATE_ORDER = { red: 0, waived: 1, green: 2 } as const;
const GATE_CLASSES = {
  green: "text-ok",
  red: "border-2 border-crit bg-crit/20 text-crit",
  waived: "border-2 border-warn bg-warn/10 text-warn",
} as const;

/**
 * P0 gates for the kiosk: red and waived ones first as boxes with their reasons, the green ones after them
 * as one wrapped line of names, so all of them fit beside the milestone.
 */
export function TvGates({ gates, names }: { gates: GateState[]; names: Record<string, string> }) {
  const open = [...gates]
    .filter((g) => g.status !== "green")
    .sort((a, b) => GATE_ORDER[a.status] - GATE_ORDER[b.status]);
  const green = gates.filter((g) => g.status === "green");
  const red = gates.filter((g) => g.status === "red").length;
  return (
    <section
      aria-label="P0 gates"
      className="flex h-full flex-col rounded-xl bg-panel p-3"
      data-testid="gates"
    >
      <h2 className="mb-1 text-2xl font-bold">
        P0 gates{" "}
        <span className={`text-xl font-normal ${red > 0 ? "text-crit" : "text-gray-300"}`}>
          {red > 0 ? `${red} red` : "all green"} of {gates.length}
        </span>
      </h2>
      <ul className="flex flex-col gap-1">
        {open.map((g) => (
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
            <div className="truncate text-base text-gray-200" title={g.reasons.join(" · ")}>
              {g.reasons.join(" · ")}
            </div>
            {g.waiver && (
              <div className="truncate text-base text-warn" data-testid={`gate-${g.id}-waiver`}>
                waived by {names[g.waiver.personId] ?? g.waiver.personId}: {g.waiver.reason}
              </div>
            )}
          </li>
        ))}
        {green.length > 0 && (
          <li className="text-lg font-semibold text-ok">
            {green.map((g) => (
              <span
                key={g.id}
                data-testid={`gate-${g.id}`}
                data-status={g.status}
                className="mr-3 inline-block"
              >
                ✔ {g.label}
              </span>
            ))}
          </li>
        )}
      </ul>
    </section>
  );
}

/**
 * A column that shows only whole rows: whatever does not fit wraps into a second column that is clipped
 * away, instead of a row cut in half at the bottom edge.
 */
export const CLIP_WHOLE_ROWS = "flex min-h-0 flex-1 flex-col flex-wrap content-start overflow-hidden";

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
      className="flex h-full flex-col rounded-xl bg-panel p-3"
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
      <ul className={`mt-1 text-xl ${CLIP_WHOLE_ROWS}`}>
        {items.map((i) => (
          <li key={i.id} data-testid={`now-item-${i.id}`} data-done={i.done} className="w-full truncate">
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

/** The next milestone in one line: what, when, how far, how many items done. */
export function TvNextMilestone({
  milestone,
  nowMs,
  timeZone,
}: {
  milestone: MilestoneState | null;
  nowMs: number;
  timeZone: string;
}) {
  const when = milestone ? relative(Date.parse(milestone.dueAt) - nowMs) : "";
  const tone = milestone?.status === "overdue" ? "text-crit" : milestone?.status === "due" ? "text-warn" : "";
  return (
    <section
      aria-label="next milestone"
      className="rounded-xl bg-panel px-3 py-2"
      data-testid="next-milestone"
    >
      {milestone ? (
        <div className="line-clamp-2 text-2xl">
          <span className="text-gray-300">Next:</span> <b>{milestone.label}</b>{" "}
          <span className={tone}>
            {formatClock(milestone.dueAt, timeZone, false)} ({when}) · {milestone.status.toUpperCase()}
            {milestone.items.length > 0 &&
              ` · ${milestone.items.filter((i) => i.done).length}/${milestone.items.length}`}
          </span>
        </div>
      ) : (
        <div className="text-2xl">All milestones done</div>
      )}
    </section>
  );
}

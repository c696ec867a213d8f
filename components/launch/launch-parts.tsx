import type {
  CheckpointState,
  GateState,
  LaunchFlowState,
  MilestoneState,
  Phase,
  PollState,
} from "@/lib/model/launch";
import { formatAge } from "@/lib/rules/staleness";

export const PHASE_CLASSES: Record<Phase, string> = {
  "PRE-LAUNCH": "bg-gray-700 text-white",
  "POLL OPEN": "bg-sky-600 text-white",
  HOLDING: "bg-warn text-black",
  GO: "bg-ok text-black",
  LAUNCHED: "bg-ok text-black",
  INCIDENT: "bg-crit text-white",
};

const GATE_CLASSES = {
  green: "border-ok/60 text-ok",
  red: "border-crit bg-crit/20 text-crit",
  waived: "border-warn bg-warn/10 text-warn",
} as const;

const VOTE_CLASSES = { go: "text-ok", hold: "text-warn", none: "text-gray-500" } as const;

export function PhaseBanner({ flow }: { flow: LaunchFlowState }) {
  return (
    <div
      data-testid="launch-phase"
      data-phase={flow.phase}
      className={`rounded-xl px-6 py-3 ${PHASE_CLASSES[flow.phase]}`}
    >
      <div className="text-6xl font-black tracking-wide">{flow.loaded ? flow.phase : "LOADING…"}</div>
      <div className="text-xl font-semibold" data-testid="launch-phase-detail">
        {flow.error ?? flow.phaseDetail}
      </div>
      <RedSinceCall flow={flow} />
    </div>
  );
}

/** After GO a gate can still turn red: the banner must not read as "all clear" while one is. */
function RedSinceCall({ flow }: { flow: LaunchFlowState }) {
  if (flow.phase !== "GO" && flow.phase !== "LAUNCHED") return null;
  const red = flow.gates.filter((g) => g.status === "red");
  if (red.length === 0) return null;
  return (
    <div
      className="mt-1 rounded bg-crit px-2 py-0.5 text-xl font-bold text-white"
      data-testid="red-since-call"
    >
      ⚠ P0 red now: {red.map((g) => g.label).join(", ")}
    </div>
  );
}

export function PollTable({
  poll,
  names,
  checkpoints = [],
}: {
  poll: PollState;
  names: Record<string, string>;
  /** Calls before this one (deploy §4's Go/Hold at 08:30), shown first: a Hold there refuses the GO. */
  checkpoints?: readonly CheckpointState[];
}) {
  return (
    <section aria-label="go/no-go poll" className="rounded-xl bg-panel p-4" data-testid="poll">
      <h2 className="mb-2 text-2xl font-bold">
        Go / No-Go · round {poll.round}{" "}
        <span className="text-lg font-normal text-gray-400">
          {poll.open ? "open" : "closed"} · {poll.go} go · {poll.hold} hold · {poll.missing} waiting
        </span>
      </h2>
      <table className="w-full text-2xl">
        <tbody>
          {checkpoints.map((c) => (
            <CheckpointRow key={c.id} checkpoint={c} names={names} />
          ))}
          {poll.domains.map((d) => (
            <tr
              key={d.domain}
              data-testid={`poll-${d.domain}`}
              data-vote={d.vote ?? "none"}
              className="border-t border-gray-800"
            >
              <td className="w-1/4 py-1 pr-4 font-semibold">
                {d.voters.map((v) => names[v] ?? v).join(", ") || "—"}
              </td>
              <td className="w-1/6 pr-4 text-gray-400">{d.domain}</td>
              <td className={`w-1/6 pr-4 font-black ${VOTE_CLASSES[d.vote ?? "none"]}`}>
                {d.vote ? d.vote.toUpperCase() : "—"}
              </td>
              <td className="text-xl text-warn" data-testid={`poll-${d.domain}-reason`}>
                {d.reason ?? ""}
                {d.changes > 0 && (
                  <span className="pl-2 text-base text-gray-500">
                    ({d.changes} change{d.changes > 1 ? "s" : ""})
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const CHECKPOINT_TEXT = { go: "GO", hold: "HOLD", "not-called": "—" } as const;

function CheckpointRow({
  checkpoint: c,
  names,
}: {
  checkpoint: CheckpointState;
  names: Record<string, string>;
}) {
  const vote = c.status === "not-called" ? "none" : c.status;
  const note =
    c.call?.reason ??
    (c.status === "not-called"
      ? `not called yet${c.blocking.length > 0 ? ` · red: ${c.blocking.join(", ")}` : ""}`
      : "");
  return (
    <tr data-testid={`checkpoint-${c.id}`} data-status={c.status} className="border-b-2 border-gray-700">
      <td className="w-1/4 py-1 pr-4 font-semibold">{names[c.owner] ?? c.owner}</td>
      <td className="w-1/6 pr-4 text-gray-400">{c.label}</td>
      <td className={`w-1/6 pr-4 font-black ${VOTE_CLASSES[vote]}`}>{CHECKPOINT_TEXT[c.status]}</td>
      <td className="text-xl text-warn" data-testid={`checkpoint-${c.id}-reason`}>
        {note}
      </td>
    </tr>
  );
}

export function GateList({ gates, names }: { gates: GateState[]; names: Record<string, string> }) {
  return (
    <section aria-label="P0 gates" className="rounded-xl bg-panel p-4" data-testid="gates">
      <h2 className="mb-2 text-2xl font-bold">P0 gates</h2>
      <ul className="flex flex-col gap-2">
        {gates.map((g) => (
          <li
            key={g.id}
            data-testid={`gate-${g.id}`}
            data-status={g.status}
            className={`rounded-lg border-2 px-3 py-1 ${GATE_CLASSES[g.status]}`}
          >
            <div className="flex justify-between text-xl font-bold">
              <span>{g.label}</span>
              <span>{g.status.toUpperCase()}</span>
            </div>
            {g.status !== "green" && <div className="text-base text-gray-200">{g.reasons.join(" · ")}</div>}
            {g.waiver && (
              <div className="text-base text-warn" data-testid={`gate-${g.id}-waiver`}>
                waived by {names[g.waiver.personId] ?? g.waiver.personId}: {g.waiver.reason}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function namesOf(people: { id: string; name: string }[]): Record<string, string> {
  return Object.fromEntries(people.map((p) => [p.id, p.name]));
}

/** "in 5 min" ahead, "3 min ago" behind. */
export function relative(ms: number): string {
  return ms >= 0 ? `in ${formatAge(ms)}` : `${formatAge(-ms)} ago`;
}

/** The milestone whose time came most recently; at T+1h that is the first hour's success criteria (§6). */
export function currentMilestone(
  milestones: readonly MilestoneState[],
  nowMs: number,
): MilestoneState | null {
  const started = milestones.filter((m) => Date.parse(m.dueAt) <= nowMs);
  return started.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)).at(-1) ?? null;
}

export function itemEvidence(i: MilestoneState["items"][number], names: Record<string, string>): string {
  if (i.kind === "auto") return i.evidence.map((e) => e.summary).join("; ");
  const owner = i.owner ? (names[i.owner] ?? i.owner) : "—";
  if (!i.tick?.done) return `waiting for ${owner}`;
  return `${owner}${i.tick.note ? `: ${i.tick.note}` : ""}`;
}

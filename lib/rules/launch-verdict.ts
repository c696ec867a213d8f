import type { GateState, ItemState } from "@/lib/model/launch";
import type {
  CriterionView,
  LaunchVerdict,
  LaunchVerdictSpec,
  VerdictCriterion,
  VerdictFacts,
} from "@/lib/model/launch-verdict";

export type VerdictInput = {
  spec: LaunchVerdictSpec;
  t0Ms: number;
  nowMs: number;
  /** GO was called and T-0 has passed. */
  launched: boolean;
  gates: readonly GateState[];
  items: ReadonlyMap<string, ItemState>;
  /** null until storage was read: then rollbacks and firings are unknown, never assumed absent. */
  facts: VerdictFacts | null;
};

type Side = "success" | "failure";
type Judged = Omit<CriterionView, "id" | "label" | "source">;

const clock = (iso: string) => iso.slice(11, 16);

function judgeGates(c: Extract<VerdictCriterion, { kind: "gates" }>, gates: readonly GateState[]): Judged {
  const listed = c.gates.map((g) => gates.find((s) => s.id === g));
  const missing = c.gates.filter((_, i) => !listed[i]);
  if (missing.length) return { status: "unknown", why: `no gate ${missing.join(", ")}` };
  const notGreen = listed.filter((g): g is GateState => !!g && g.status !== "green");
  if (notGreen.length === 0) return { status: "met", why: `${c.gates.length} gates green` };
  return {
    status: "unmet",
    why: notGreen
      .map((g) => `${g.label}: ${g.status === "waived" ? "waived, not green" : (g.reasons[0] ?? "red")}`)
      .join("; "),
  };
}

function judgeItem(
  c: Extract<VerdictCriterion, { kind: "item" }>,
  side: Side,
  input: VerdictInput,
  due: boolean,
): Judged {
  const item = input.items.get(c.item);
  if (!item) return { status: "unknown", why: `no milestone item ${c.item}` };
  const by = item.tick ? `${item.tick.personId} at ${clock(item.tick.at)}` : null;
  if (side === "success") {
    if (item.done) return { status: "met", why: by ? `confirmed by ${by}` : "its checks are ok" };
    if (!due) return { status: "pending", why: `not yet confirmed (${item.owner ?? "automatic"})` };
    return {
      status: item.kind === "manual" ? "unknown" : "unmet",
      why: item.kind === "manual" ? `not confirmed by ${item.owner}` : "its checks are not ok",
    };
  }
  if (item.done)
    return { status: "unmet", why: `ruled out: "${item.label}" ${by ? `confirmed by ${by}` : "holds"}` };
  return {
    status: due ? "unknown" : "pending",
    why: `nobody has entered it ("${item.label}", ${item.owner ?? "automatic"})`,
  };
}

function judgeRollback(side: Side, input: VerdictInput): Judged {
  if (!input.facts) return { status: "unknown", why: "rollback runs not read yet" };
  const first = input.facts.rollbacks.find((r) => Date.parse(r.startedAt) >= input.t0Ms);
  if (!first) return { status: side === "success" ? "met" : "unmet", why: "no rollback since T-0" };
  const what = `rollback ${first.id.slice(0, 8)} started ${clock(first.startedAt)} (${first.status})`;
  return { status: side === "success" ? "unmet" : "met", why: what };
}

function judgeTrigger(
  c: Extract<VerdictCriterion, { kind: "trigger" }>,
  side: Side,
  input: VerdictInput,
): Judged {
  if (!input.facts) return { status: "unknown", why: "rule firings not read yet" };
  const levels = c.level === "warn" ? ["warn", "crit"] : ["crit"];
  const fired = input.facts.firings.find(
    (f) => f.ruleId === c.trigger && levels.includes(f.level) && Date.parse(f.at) >= input.t0Ms,
  );
  if (!fired)
    return {
      status: side === "success" ? "met" : "unmet",
      why: `${c.trigger} has not fired (${c.level}) since T-0`,
    };
  return {
    status: side === "success" ? "unmet" : "met",
    why: `${c.trigger} fired ${fired.level} at ${clock(fired.at)}`,
  };
}

function judge(c: VerdictCriterion, side: Side, input: VerdictInput, due: boolean): CriterionView {
  const judged =
    c.kind === "gates"
      ? judgeGates(c, input.gates)
      : c.kind === "item"
        ? judgeItem(c, side, input, due)
        : c.kind === "rollback"
          ? judgeRollback(side, input)
          : judgeTrigger(c, side, input);
  // Before the first hour is over, a success line that does not hold yet is still open.
  const status = side === "success" && !due && judged.status === "unmet" ? "pending" : judged.status;
  return { id: c.id, label: c.label, source: c.source ?? null, ...judged, status };
}

/**
 * Launch day §6's verdict. Failed as soon as a failure happened (a post-mortem follows); successful once
 * the first hour is over and every success line holds; undecided when one does not or is unknown. Pure.
 */
export function judgeLaunch(input: VerdictInput): LaunchVerdict {
  const judgedAtMs = input.t0Ms + input.spec.afterMinutes * 60_000;
  const due = input.nowMs >= judgedAtMs;
  const success = input.spec.success.map((c) => judge(c, "success", input, due));
  const failure = input.spec.failure.map((c) => judge(c, "failure", input, due));
  const base = {
    judgedAt: new Date(judgedAtMs).toISOString(),
    success,
    failure,
    source: input.spec.source ?? null,
  };
  if (!input.launched) {
    return {
      ...base,
      outcome: "pending",
      postmortem: false,
      summary: "not launched yet: judged after GO and T-0",
    };
  }
  const failed = failure.filter((c) => c.status === "met");
  if (failed.length) {
    return {
      ...base,
      outcome: "failed",
      postmortem: true,
      summary: `Failed launch: ${failed.map((c) => c.label).join("; ")} — post-mortem`,
    };
  }
  const open = success.filter((c) => c.status !== "met");
  if (!due) {
    return {
      ...base,
      outcome: "pending",
      postmortem: false,
      summary: `judged at T+${input.spec.afterMinutes} min; ${success.length - open.length}/${success.length} success lines hold so far`,
    };
  }
  if (open.length === 0) {
    return {
      ...base,
      outcome: "success",
      postmortem: false,
      summary: "Successful launch: every success line holds, no failure happened",
    };
  }
  return {
    ...base,
    outcome: "undecided",
    postmortem: false,
    summary: `not a failed launch, not yet a successful one: ${open.map((c) => `${c.label} (${c.status})`).join("; ")}`,
  };
}

import type { ModeOverride, ScreenMode, ScreenModeView } from "@/lib/model/screen-mode";

/** Where the runbook's launch is: T-0 and the window its milestones and poll span around it. */
export type LaunchWindow = { t0Ms: number; opensMs: number; closesMs: number };

export type ModeInput = {
  modes: readonly ScreenMode[];
  nowMs: number;
  launch: LaunchWindow | null;
  /** The post-deploy window of the newest deploy, while it is open. */
  deploy: { at: string; until: string; what: string } | null;
  incident: { severity: string; title: string; declaredAt: string } | null;
  override: ModeOverride | null;
  /** Display name of a person id. */
  nameOf?: (personId: string) => string;
  /** Clock text of an instant in the runbook's zone, for the one-line reasons. */
  clock?: (ms: number) => string;
};

const isoClock = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/**
 * The launch window: from the earliest milestone (or the poll's opening) to the latest milestone (or T-0),
 * counted from the effective T-0. Pure.
 */
export function launchWindowOf(
  t0Ms: number,
  flow: { pollOpensMinutes: number; milestones: readonly { offsetMinutes: number }[] },
): LaunchWindow {
  const offsets = flow.milestones.map((m) => m.offsetMinutes);
  const first = Math.min(-flow.pollOpensMinutes, ...offsets);
  const last = Math.max(0, ...offsets);
  return { t0Ms, opensMs: t0Ms + first * 60_000, closesMs: t0Ms + last * 60_000 };
}

/**
 * The mode events choose: a declared incident, then an open deploy window, then the launch window; outside
 * them the runbook's steady state (incident response if it has it, else its first mode). Pure.
 */
export function autoScreenMode(input: ModeInput): { mode: ScreenMode; why: string } {
  const has = (m: ScreenMode) => input.modes.includes(m);
  const clock = input.clock ?? isoClock;
  if (input.incident && has("incident")) {
    const i = input.incident;
    return {
      mode: "incident",
      why: `${i.severity} declared at ${clock(Date.parse(i.declaredAt))}: ${i.title}`,
    };
  }
  if (input.deploy && has("deploy")) {
    const d = input.deploy;
    return {
      mode: "deploy",
      why: `${d.what} at ${clock(Date.parse(d.at))}: post-deploy watch until ${clock(Date.parse(d.until))}`,
    };
  }
  const w = input.launch;
  if (w && has("launch") && input.nowMs >= w.opensMs && input.nowMs < w.closesMs) {
    return {
      mode: "launch",
      why: `launch window ${clock(w.opensMs)}–${clock(w.closesMs)} around T-0 ${clock(w.t0Ms)}`,
    };
  }
  if (has("incident")) {
    const outside = w && has("launch") ? (input.nowMs < w.opensMs ? "before" : "after") : null;
    return {
      mode: "incident",
      why:
        outside === "before"
          ? `no incident declared; the launch window opens at ${clock(w?.opensMs ?? 0)}`
          : outside === "after"
            ? `no incident declared; the launch window closed at ${clock(w?.closesMs ?? 0)}`
            : "no incident declared: watching the system's health",
    };
  }
  const first = input.modes[0] ?? "launch";
  return { mode: first, why: `the runbook's only mode in force: ${first}` };
}

/** The mode in force: the lead's override when it names a mode of the runbook, else the events'. Pure. */
export function resolveScreenMode(input: ModeInput): ScreenModeView {
  const auto = autoScreenMode(input);
  const o = input.override;
  const modes = [...input.modes];
  if (o && modes.includes(o.mode)) {
    const who = input.nameOf?.(o.personId) ?? o.personId;
    const clock = input.clock ?? isoClock;
    return {
      mode: o.mode,
      why: `set by ${who} at ${clock(Date.parse(o.at))}: ${o.reason}`,
      modes,
      auto,
      override: o,
    };
  }
  return { mode: auto.mode, why: auto.why, modes, auto, override: null };
}

/**
 * The runbook's modes: as it lists them, or by default launch, deploy (when it watches deploys) and
 * incident response.
 */
export function modesOf(rb: {
  modes?: readonly ScreenMode[] | undefined;
  deployWatch?: unknown;
}): ScreenMode[] {
  if (rb.modes && rb.modes.length > 0) return [...rb.modes];
  return rb.deployWatch ? ["launch", "deploy", "incident"] : ["launch", "incident"];
}

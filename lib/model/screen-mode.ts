/** What the shared screen is for right now: the runbook's modes and the one in force (docs/modes.md). */

export const SCREEN_MODES = ["launch", "deploy", "incident"] as const;
export type ScreenMode = (typeof SCREEN_MODES)[number];

export const MODE_LABEL: Record<ScreenMode, string> = {
  launch: "LAUNCH",
  deploy: "DEPLOY WINDOW",
  incident: "INCIDENT RESPONSE",
};

/** The lead's choice of mode, kept until cleared (stored, so every dashboard and a restart see it). */
export type ModeOverride = { mode: ScreenMode; personId: string; reason: string; at: string };

export type ScreenModeView = {
  mode: ScreenMode;
  /** One line: why this mode is in force (the event, the window or the lead's choice). */
  why: string;
  /** The modes this runbook has, in its order. */
  modes: ScreenMode[];
  /** What the events alone choose; differs from `mode` only under an override. */
  auto: { mode: ScreenMode; why: string };
  override: ModeOverride | null;
};

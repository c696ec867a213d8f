/** Incident §2.6 gives no number for "recently": a restart this long before the onset counts. */
export const RESTART_NEAR_ONSET_MINUTES = 30;
/** A restart this soon after the onset still counts (the first errors can precede the declaration). */
const AFTER_ONSET_MINUTES = 2;

export type RestartInput = {
  /** The incident's onset: its first rule firing, or its declaration. */
  onsetMs: number;
  container: string;
  /** The primary container's last start (engine's StartedAt), null when unknown. */
  startedAtMs: number | null;
  image: string | null;
  /** The newest deploy the watch recorded on the primary, if any. */
  deploy: { atMs: number; tag: string | null } | null;
  windowMinutes?: number;
  /** Where the runbook says so, cited at the end of the line. */
  source: string;
};

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * Incident §2.6: "If the API restarted recently and the timing matches the incident onset, the latest
 * deploy is the likely cause — proceed to rollback." Says so, with the times, or null. Pure.
 */
export function restartNearOnset(input: RestartInput): string | null {
  const window = (input.windowMinutes ?? RESTART_NEAR_ONSET_MINUTES) * 60_000;
  const near = (ms: number) =>
    ms <= input.onsetMs + AFTER_ONSET_MINUTES * 60_000 && input.onsetMs - ms <= window;
  const deploy = input.deploy && near(input.deploy.atMs) ? input.deploy : null;
  const started = input.startedAtMs !== null && near(input.startedAtMs) ? input.startedAtMs : null;
  if (started === null && !deploy) return null;
  const at = started ?? (deploy as { atMs: number }).atMs;
  const minutes = Math.round((input.onsetMs - at) / 60_000);
  const when = minutes >= 0 ? `${minutes} min before` : `${-minutes} min after`;
  const what = deploy
    ? `a deploy${deploy.tag ? ` of ${deploy.tag}` : ""} at ${hhmm(deploy.atMs)} UTC`
    : `${input.container} restarted at ${hhmm(at)} UTC${input.image ? ` on ${input.image}` : ""}`;
  return `${what}, ${when} the incident's onset (${hhmm(input.onsetMs)} UTC): the latest deploy is the likely cause — roll back (${input.source})`;
}

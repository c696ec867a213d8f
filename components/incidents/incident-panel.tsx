"use client";

import { formatClock } from "@/components/format";
import type { IncidentsState, ScaleView, Severity } from "@/lib/model/incident";

const STEP_CLASS = {
  done: "text-ok",
  upcoming: "text-gray-400",
  due: "text-warn font-bold",
  overdue: "text-crit font-bold",
};

function mmss(seconds: number): string {
  const s = Math.abs(seconds);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  return seconds < 0 ? `${text} overdue` : `in ${text}`;
}

/** The rank with the runbook's own name for it, e.g. "P0 · CRITICAL" for Deal Scout. */
export function severityName(severity: Severity, scale: ScaleView | undefined): string {
  const label = scale?.levels[severity].label;
  return label && label !== severity ? `${severity} · ${label}` : severity;
}

/** The active incident: severity, clocks (escalation, engagement, status update) and the latest timeline. */
export function IncidentPanel({
  incidents,
  timeZone,
  nowMs,
  large = false,
  timelineRows = 6,
  showStatus = true,
}: {
  incidents: IncidentsState | undefined;
  timeZone: string;
  nowMs: number;
  large?: boolean;
  timelineRows?: number;
  /** Off where the comms status-update banner already shows the clock. */
  showStatus?: boolean;
}) {
  if (!incidents) return null;
  const a = incidents.active;
  const s = incidents.suggestion;
  if (!a) {
    return (
      <section
        className={`rounded-xl bg-panel ${large ? "flex shrink-0 items-baseline gap-4 px-4 py-2" : "p-4"}`}
        aria-label="incident"
        data-testid="incident-panel"
      >
        <h2 className={`font-bold ${large ? "shrink-0 text-2xl" : "text-xl"}`}>
          {incidents.loaded ? "No active incident" : "Incidents: not read yet"}
          {incidents.error && <span className="pl-2 text-base text-warn">{incidents.error}</span>}
        </h2>
        <p
          className={`${large ? "min-w-0 truncate text-xl" : "text-sm"} text-gray-300`}
          data-testid="severity-suggestion"
        >
          Decision tree suggests:{" "}
          <b>{s.severity ? severityName(s.severity, incidents.scale) : "no incident"}</b> — {s.path.at(-1)}
          {s.unknown.length > 0 && <span className="text-unknown"> (unknown: {s.unknown.join(", ")})</span>}
        </p>
        {s.triage && (
          <p className={`${large ? "min-w-0 truncate text-xl" : "text-sm"} text-warn`} data-testid="triage">
            <b>{s.triage.label}</b>: {s.triage.checks.join(", ")} — {s.triage.action}
          </p>
        )}
      </section>
    );
  }
  const elapsed = Math.max(0, Math.floor((nowMs - Date.parse(a.declaredAt)) / 1000));
  const next = a.escalation.next;
  const nextIn = next ? Math.ceil((Date.parse(next.at) - nowMs) / 1000) : null;
  const status = Math.ceil((Date.parse(a.statusUpdate.dueAt) - nowMs) / 1000);
  const engagement = (
    <ol
      className={`flex flex-wrap gap-x-5 ${large ? "mt-1 text-xl" : "mt-2 text-sm"}`}
      data-testid="engagement"
      title={a.escalation.ladderSource ? `ladder: ${a.escalation.ladderSource}` : undefined}
    >
      {a.escalation.ladderSource && (
        <li className="text-gray-400" data-testid="ladder-source">
          {a.escalation.ladderSource}:
        </li>
      )}
      {a.escalation.engagement.map((step) => (
        <li
          key={step.rung ?? step.atMinutes}
          className={STEP_CLASS[step.status]}
          data-status={step.status}
          data-rung={step.rung}
        >
          T+{step.atMinutes}
          {step.when ? ` (${step.when})` : ""} {step.who} · {step.status}
        </li>
      ))}
    </ol>
  );
  const prompts = (a.prompts ?? []).length > 0 && (
    <ul
      className={`flex flex-wrap gap-x-5 ${large ? "mt-1 text-xl" : "mt-2 text-sm"}`}
      data-testid="comms-prompts"
    >
      {(a.prompts ?? []).map((p) => (
        <li
          key={p.id}
          data-status={p.status}
          className={p.status === "due" ? "font-bold text-warn" : p.status === "done" ? "text-ok" : ""}
          title={p.source ?? undefined}
        >
          {p.label} ·{" "}
          {p.status === "done" || !p.dueAt ? "done" : mmss(Math.ceil((Date.parse(p.dueAt) - nowMs) / 1000))}
        </li>
      ))}
    </ul>
  );
  const timeline = a.timeline.slice(-timelineRows).map((e) => (
    <li key={e.id} className={large ? "w-full truncate" : undefined}>
      {formatClock(e.at, timeZone)} <b>{e.kind}</b> {e.actor ?? "warroom"}: {e.message}
    </li>
  ));
  return (
    <section
      // On the TV the panel gets the room its screen can spare: severity and title, likely cause and targets
      // always; of the ladder, prompts and timeline below them, as many whole rows as fit, never a row cut.
      className={`rounded-xl border-2 border-crit bg-crit/10 ${large ? "flex min-h-0 flex-col overflow-hidden px-4 py-2" : "p-4"}`}
      aria-label="active incident"
      data-testid="incident-panel"
      data-severity={a.severity}
    >
      <div
        className={`flex shrink-0 flex-wrap items-baseline gap-3 ${large ? "text-4xl leading-tight" : "text-2xl"}`}
      >
        <span
          className="rounded bg-crit px-2 font-black text-black"
          data-testid="incident-severity"
          title={incidents.scale?.levels[a.severity].definition}
        >
          {severityName(a.severity, incidents.scale)}
        </span>
        <b data-testid="incident-title">{a.title}</b>
        <span className="text-base text-gray-300">
          declared {formatClock(a.declaredAt, timeZone, false)} by {a.declaredBy} · T+
          {Math.floor(elapsed / 60)} min
        </span>
      </div>
      {incidents.likelyCause && (
        <p
          // One line on the TV: the targets and the ladder below it must stay on the screen.
          className={`shrink-0 font-bold text-warn ${large ? "truncate text-2xl" : "mt-1 text-lg"}`}
          title={incidents.likelyCause}
          data-testid="likely-cause"
        >
          {incidents.likelyCause}
        </p>
      )}
      <div className={`flex shrink-0 flex-wrap gap-6 ${large ? "mt-1 text-2xl" : "mt-2 text-base"}`}>
        {showStatus && (
          <span data-testid="status-update-due" className={status < 0 ? "font-bold text-crit" : ""}>
            Status update {mmss(status)}
          </span>
        )}
        {next && nextIn !== null && (
          <span data-testid="next-escalation" className={nextIn < 300 ? "font-bold text-warn" : ""}>
            → {next.to} {mmss(nextIn)} if unresolved
          </span>
        )}
        {(a.escalation.targets ?? []).map((t) => (
          <span key={t.label} data-testid={`target-${t.label}`}>
            {t.label} within {t.minutes} min {mmss(Math.ceil((Date.parse(t.at) - nowMs) / 1000))}
          </span>
        ))}
      </div>
      {large ? (
        <div
          className="flex min-h-0 flex-1 flex-col flex-wrap content-start overflow-hidden *:w-full"
          data-testid="incident-rows"
        >
          {engagement}
          {prompts}
          {timelineRows > 0 && (
            <ul className="contents font-mono text-lg" data-testid="incident-timeline">
              {timeline}
            </ul>
          )}
        </div>
      ) : (
        <>
          {engagement}
          {prompts}
          {timelineRows > 0 && (
            <ul className="mt-2 font-mono text-sm" data-testid="incident-timeline">
              {timeline}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

"use client";

import { useState } from "react";
import { ActionOutcome, useAction } from "@/components/action-outcome";
import { ChecklistPanel } from "@/components/incidents/checklist-panel";
import { IncidentPanel, severityName } from "@/components/incidents/incident-panel";
import { type IncidentsState, type ScaleView, SEVERITIES, type Severity } from "@/lib/model/incident";

/** Sends one incident action; resolves true when the server took it (the outcome is shown by the console). */
type Send = (path: string, body: unknown, done: string) => Promise<boolean>;

/** Declare / reclassify / resolve (lead), timeline notes (everyone but viewers), post-mortem download. */
export function IncidentConsole({
  incidents,
  role,
  me,
  postsStatus,
  timeZone,
  nowMs,
}: {
  incidents: IncidentsState | undefined;
  role: string;
  /** The signed-in person: the checklist items they own (or all, for the lead) get a tick button. */
  me: { id: string; name: string; role: string } | null;
  /** Lead and comms owner: a status post restarts the status clock, so only they record one. */
  postsStatus: boolean;
  timeZone: string;
  nowMs: number;
}) {
  const { action, outcome, send } = useAction();
  if (!incidents) return null;
  const a = incidents.active;
  const lead = role === "lead";
  const last = incidents.recent.find((i) => i.status === "resolved");
  return (
    <section className="flex flex-col gap-2" aria-label="incident console">
      <IncidentPanel incidents={incidents} timeZone={timeZone} nowMs={nowMs} timelineRows={12} />
      <ActionOutcome action={action} outcome={outcome} testId="incident" />
      <fieldset disabled={action.isPending} className="contents">
        {!a && lead && (
          <DeclareForm suggested={incidents.suggestion.severity} scale={incidents.scale} send={send} />
        )}
        {a && lead && <LeadActions id={a.id} severity={a.severity} scale={incidents.scale} send={send} />}
        {a && role !== "viewer" && (
          <NoteForm
            id={a.id}
            postsStatus={postsStatus}
            send={send}
            prompts={(a.prompts ?? []).filter((p) => p.status !== "done")}
            rungs={a.escalation.engagement}
          />
        )}
        <ChecklistPanel checklists={incidents.checklists} timeZone={timeZone} me={me} send={send} />
      </fieldset>
      <div className="flex flex-wrap gap-3 text-base">
        {a && (
          <a
            className="rounded bg-gray-700 px-3 py-1"
            href={`/api/incidents/${a.id}/postmortem`}
            data-testid="postmortem-active"
          >
            Post-mortem (so far) ⬇
          </a>
        )}
        {last && (
          <a
            className="rounded bg-gray-700 px-3 py-1"
            href={`/api/incidents/${last.id}/postmortem`}
            data-testid="postmortem-last"
          >
            Post-mortem: {last.severity} {last.title} ⬇
          </a>
        )}
      </div>
    </section>
  );
}

function SeveritySelect({
  value,
  onChange,
  scale,
}: {
  value: Severity;
  onChange: (s: Severity) => void;
  scale: ScaleView | undefined;
}) {
  return (
    <select
      value={value}
      onChange={(e) => onChange(e.target.value as Severity)}
      className="rounded bg-gray-800 p-1"
      data-testid="incident-severity-select"
    >
      {SEVERITIES.map((s) => (
        <option key={s} value={s} title={scale?.levels[s].definition}>
          {severityName(s, scale)}
        </option>
      ))}
    </select>
  );
}

function DeclareForm({
  suggested,
  scale,
  send,
}: {
  suggested: Severity | null;
  scale: ScaleView | undefined;
  send: Send;
}) {
  const [severity, setSeverity] = useState<Severity>(suggested ?? "P1");
  const [title, setTitle] = useState("");
  const [confirming, setConfirming] = useState(false);
  return (
    <form
      className="flex flex-wrap items-center gap-2 rounded-xl bg-panel p-3"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!confirming) return setConfirming(true);
        setConfirming(false);
        if (await send("/api/incidents", { severity, title }, `${severity} declared`)) setTitle("");
      }}
    >
      <b>Declare incident</b>
      <SeveritySelect value={severity} onChange={setSeverity} scale={scale} />
      <span className="text-sm text-gray-400">suggested: {suggested ?? "none"}</span>
      <input
        data-testid="incident-title-input"
        placeholder="what is broken (title)"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        className="min-w-96 rounded bg-gray-800 p-1"
      />
      <button
        type="submit"
        className="rounded bg-crit px-3 py-1 font-bold text-black"
        data-testid="incident-declare"
      >
        {confirming ? `Confirm: declare ${severity}` : "Declare…"}
      </button>
    </form>
  );
}

function LeadActions({
  id,
  severity,
  scale,
  send,
}: {
  id: string;
  severity: Severity;
  scale: ScaleView | undefined;
  send: Send;
}) {
  const [to, setTo] = useState<Severity>(severity === "P0" ? "P1" : "P0");
  const [reason, setReason] = useState("");
  const [confirm, setConfirm] = useState<"reclassify" | "resolve" | null>(null);
  const run = async (what: "reclassify" | "resolve") => {
    if (confirm !== what) return setConfirm(what);
    setConfirm(null);
    const ok =
      what === "resolve"
        ? await send("/api/incidents/resolve", { id, reason }, "Resolved")
        : await send("/api/incidents/reclassify", { id, severity: to, reason }, `Now ${to}`);
    if (ok) setReason("");
  };
  return (
    <div className="flex flex-wrap items-center gap-2 rounded-xl bg-panel p-3">
      <input
        data-testid="incident-reason"
        placeholder="reason (required)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className="min-w-80 rounded bg-gray-800 p-1"
      />
      <SeveritySelect value={to} onChange={setTo} scale={scale} />
      <button
        type="button"
        className="rounded bg-warn px-3 py-1 font-bold text-black"
        onClick={() => run("reclassify")}
      >
        {confirm === "reclassify" ? `Confirm: ${severity} → ${to}` : "Reclassify…"}
      </button>
      <button
        type="button"
        data-testid="incident-resolve"
        className="rounded bg-ok px-3 py-1 font-bold text-black"
        onClick={() => run("resolve")}
      >
        {confirm === "resolve" ? "Confirm: resolve" : "Resolve…"}
      </button>
    </div>
  );
}

function NoteForm({
  id,
  postsStatus,
  send,
  prompts,
  rungs,
}: {
  id: string;
  postsStatus: boolean;
  send: Send;
  prompts: { id: string; label: string }[];
  /** The incident's ladder: a rung by its minute, a condition rung by its id. */
  rungs: { atMinutes: number; who: string; rung?: string }[];
}) {
  const [message, setMessage] = useState("");
  const [kind, setKind] = useState("message");
  const [rungKey, setRungKey] = useState("m:0");
  // The runbook prompt this note answers (a DM sent, a post made by hand): it clears the prompt.
  const [prompt, setPrompt] = useState("");
  return (
    <form
      className="flex flex-wrap items-center gap-2 rounded-xl bg-panel p-3"
      onSubmit={async (e) => {
        e.preventDefault();
        const body = {
          id,
          kind,
          message,
          ...(kind === "engaged"
            ? rungKey.startsWith("r:")
              ? { rung: rungKey.slice(2) }
              : { atMinutes: Number(rungKey.slice(2)) }
            : {}),
          ...(prompt ? { prompt } : {}),
        };
        if (await send("/api/incidents/events", body, "Added to the timeline")) {
          setMessage("");
          setPrompt("");
        }
      }}
    >
      <select value={kind} onChange={(e) => setKind(e.target.value)} className="rounded bg-gray-800 p-1">
        <option value="message">message</option>
        <option value="action">action taken</option>
        <option value="decision">decision</option>
        {postsStatus && <option value="status-post">status update posted</option>}
        <option value="engaged">engaged (ladder)</option>
      </select>
      {kind === "engaged" && (
        <select
          value={rungKey}
          onChange={(e) => setRungKey(e.target.value)}
          className="rounded bg-gray-800 p-1"
          data-testid="incident-note-rung"
        >
          {(rungs.length ? rungs : [{ atMinutes: 0, who: "first responder" }]).map((r) => {
            const key = r.rung ? `r:${r.rung}` : `m:${r.atMinutes}`;
            return (
              <option key={key} value={key}>
                {r.rung ? r.who : `T+${r.atMinutes}`}
              </option>
            );
          })}
        </select>
      )}
      {prompts.length > 0 && (
        <select
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          className="rounded bg-gray-800 p-1"
          data-testid="incident-note-prompt"
        >
          <option value="">answers no prompt</option>
          {prompts.map((p) => (
            <option key={p.id} value={p.id}>
              answers: {p.label}
            </option>
          ))}
        </select>
      )}
      <input
        data-testid="incident-note"
        placeholder="what happened / what was done"
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        className="min-w-96 flex-1 rounded bg-gray-800 p-1"
      />
      <button type="submit" className="rounded bg-gray-600 px-3 py-1">
        Add
      </button>
    </form>
  );
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ActionOutcome, useAction } from "@/components/action-outcome";
import { CommsPanel } from "@/components/comms/comms-panel";
import { formatCountdown } from "@/components/countdown";
import { formatClock } from "@/components/format";
import { IncidentConsole } from "@/components/incidents/incident-console";
import { AuditTable } from "@/components/launch/audit-table";
import { GateList, namesOf, PhaseBanner, PollTable } from "@/components/launch/launch-parts";
import {
  type Act,
  CheckpointPanel,
  ScreenModePanel,
  VotePanel,
  WaivePanel,
} from "@/components/launch/owner-panels";
import { type Me, useMe } from "@/components/launch/use-me";
import { useBoardState, useNow } from "@/components/use-board-state";
import { canPostStatus } from "@/lib/incidents/permissions";
import type { LaunchFlowState } from "@/lib/model/launch";

/** Where owners vote and tick, and the lead calls GO/HOLD and delays. The server enforces every rule. */
export function OwnerConsole() {
  const me = useMe();
  const { state, feed } = useBoardState();
  const now = useNow(1000);
  const queryClient = useQueryClient();
  // Votes, waivers, ticks, GO/HOLD and delays: one at a time, the buttons disabled while one is on its way.
  const { action, outcome, send } = useAction(() => queryClient.invalidateQueries({ queryKey: ["audit"] }));
  const person = me.data?.person;

  if (me.isLoading || !state) return <main className="p-8 text-2xl">Loading…</main>;
  if (!person || !me.data) {
    return (
      <main className="p-8 text-2xl">
        Not signed in.{" "}
        <a className="underline" href="/signin">
          Sign in
        </a>
      </main>
    );
  }
  const flow = state.launchFlow;
  const names = namesOf(me.data.people);
  const act: Act = async (path, body, done) => {
    await send(path, body, done);
  };
  const signOut = async () => {
    await fetch("/api/auth/sign-out", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    await me.refetch();
  };

  return (
    <main className="flex flex-col gap-4 p-5 text-lg">
      <header className="flex items-center justify-between">
        <div>
          <h1 className="text-3xl font-bold" data-testid="whoami">
            {person.name} · {person.role}
            {person.domain ? ` · ${person.domain}` : ""}
          </h1>
          <p className="text-gray-400">
            T-0 {formatClock(flow.effectiveT0, state.launch.timeZone, false)} {state.launch.zoneAbbrev} ·{" "}
            <span data-testid="owner-countdown">{formatCountdown(Date.parse(flow.effectiveT0), now)}</span> ·
            revision {flow.revision}
          </p>
        </div>
        <button type="button" onClick={signOut} className="rounded bg-gray-700 px-3 py-1">
          Sign out
        </button>
      </header>
      <ActionOutcome action={action} outcome={outcome} testId="action" />
      <PhaseBanner flow={flow} />
      <IncidentConsole
        incidents={state.incidents}
        role={person.role}
        me={person}
        postsStatus={canPostStatus(person).ok}
        timeZone={state.launch.timeZone}
        nowMs={now - feed.skewMs}
      />
      <fieldset disabled={action.isPending} className="contents">
        {person.role === "owner" && person.domain && (
          <VotePanel flow={flow} domain={person.domain} act={act} />
        )}
        {/* A board stored by an older build has no checkpoints. */}
        {(flow.checkpoints ?? [])
          .filter((c) => c.owner === person.id)
          .map((c) => (
            <CheckpointPanel key={c.id} flow={flow} checkpoint={c} act={act} />
          ))}
        {person.role === "lead" && <LeadPanel flow={flow} act={act} />}
        {person.role === "lead" && <ScreenModePanel view={state.mode} act={act} />}
      </fieldset>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <PollTable poll={flow.poll} names={names} checkpoints={flow.checkpoints} />
        <div className="flex flex-col gap-2">
          <GateList gates={flow.gates} names={names} />
          <WaivePanel flow={flow} me={me.data} act={act} />
        </div>
      </div>
      <CommsPanel nowMs={now - feed.skewMs} />
      <Checklist flow={flow} me={me.data} act={act} timeZone={state.launch.timeZone} />
      <AuditTable />
    </main>
  );
}

function LeadPanel({ flow, act }: { flow: LaunchFlowState; act: Act }) {
  const [reason, setReason] = useState("");
  const [delayReason, setDelayReason] = useState("");
  const [minutes, setMinutes] = useState(30);
  const call = (c: "go" | "hold") =>
    act(
      "/api/launch/decision",
      { call: c, reason, expectedRevision: flow.revision },
      `Called ${c.toUpperCase()}`,
    );
  return (
    <section className="flex flex-col gap-2 rounded-xl bg-panel p-4" aria-label="the call">
      <div className="flex flex-wrap items-center gap-3">
        <b>Your call (round {flow.round}):</b>
        <input
          data-testid="decision-reason"
          placeholder="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="min-w-80 rounded bg-gray-800 p-1"
        />
        <button
          type="button"
          data-testid="call-go"
          className="rounded bg-ok px-4 py-1 font-bold text-black"
          onClick={() => call("go")}
        >
          GO
        </button>
        <button
          type="button"
          data-testid="call-hold"
          className="rounded bg-warn px-4 py-1 font-bold text-black"
          onClick={() => call("hold")}
        >
          HOLD
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <b>Delay T-0 by</b>
        <input
          data-testid="delay-minutes"
          type="number"
          min={1}
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
          className="w-20 rounded bg-gray-800 p-1"
        />
        min
        <input
          data-testid="delay-reason"
          placeholder="reason"
          value={delayReason}
          onChange={(e) => setDelayReason(e.target.value)}
          className="min-w-80 rounded bg-gray-800 p-1"
        />
        <button
          type="button"
          data-testid="delay"
          className="rounded bg-sky-700 px-4 py-1 font-bold"
          onClick={() =>
            act(
              "/api/launch/delay",
              { minutes, reason: delayReason, expectedRevision: flow.revision },
              `Delayed ${minutes} min`,
            )
          }
        >
          Delay
        </button>
      </div>
    </section>
  );
}

function Checklist({
  flow,
  me,
  act,
  timeZone,
}: {
  flow: LaunchFlowState;
  me: Me;
  act: Act;
  timeZone: string;
}) {
  // Manual items of the success criteria carry the number a person read (GA4, Product Hunt) as the note.
  const [notes, setNotes] = useState<Record<string, string>>({});
  return (
    <section className="rounded-xl bg-panel p-4" aria-label="milestones">
      <h2 className="text-2xl font-bold">Milestones</h2>
      {flow.milestones.map((m) => (
        <details
          key={m.id}
          open={m.id === flow.nextMilestone}
          data-testid={`milestone-${m.id}`}
          data-status={m.status}
        >
          <summary className="cursor-pointer py-1">
            <b>{m.label}</b> · due {formatClock(m.dueAt, timeZone, false)} · {m.status.toUpperCase()} ·{" "}
            {m.items.filter((i) => i.done).length}/{m.items.length}
          </summary>
          <ul className="pl-6">
            {m.items.map((i) => (
              <li
                key={i.id}
                data-testid={`item-${i.id}`}
                data-done={i.done}
                className="flex items-center gap-2"
              >
                {i.kind === "manual" && i.owner === me.person?.id ? (
                  <input
                    type="checkbox"
                    data-testid={`tick-${i.id}`}
                    checked={i.done}
                    onChange={(e) =>
                      act(
                        "/api/launch/tick",
                        { item: i.id, done: e.target.checked, note: notes[i.id] || undefined },
                        `${e.target.checked ? "Ticked" : "Unticked"} ${i.label}`,
                      )
                    }
                  />
                ) : (
                  <span className={i.done ? "text-ok" : "text-gray-500"}>{i.done ? "✔" : "○"}</span>
                )}
                <span>{i.label}</span>
                {i.kind === "manual" && i.owner === me.person?.id && !i.done && (
                  <input
                    data-testid={`tick-note-${i.id}`}
                    placeholder="value / what you saw (optional)"
                    value={notes[i.id] ?? ""}
                    onChange={(e) => setNotes({ ...notes, [i.id]: e.target.value })}
                    className="w-64 rounded bg-gray-800 px-1 text-sm"
                  />
                )}
                <span className="text-sm text-gray-400">
                  {i.kind === "auto"
                    ? i.evidence.map((e) => `${e.id}: ${e.level}`).join(", ")
                    : `${i.owner}${i.tick ? ` · ${i.tick.done ? "ticked" : "unticked"} ${formatClock(i.tick.at, timeZone, false)}${i.tick.note ? `: ${i.tick.note}` : ""}` : ""}`}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

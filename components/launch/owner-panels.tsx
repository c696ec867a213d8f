"use client";

import { useState } from "react";
import type { Me } from "@/components/launch/use-me";
import type { CheckpointState, LaunchFlowState } from "@/lib/model/launch";
import { MODE_LABEL, type ScreenModeView } from "@/lib/model/screen-mode";

export type Act = (path: string, body: unknown, done: string) => Promise<void>;

export function VotePanel({ flow, domain, act }: { flow: LaunchFlowState; domain: string; act: Act }) {
  const [reason, setReason] = useState("");
  const mine = flow.poll.domains.find((d) => d.domain === domain);
  return (
    <section className="flex flex-wrap items-center gap-3 rounded-xl bg-panel p-4" aria-label="your vote">
      <b>Your vote for {domain}:</b> <span data-testid="my-vote">{mine?.vote?.toUpperCase() ?? "—"}</span>
      <button
        type="button"
        data-testid="vote-go"
        className="rounded bg-ok px-4 py-1 font-bold text-black"
        onClick={() => act("/api/launch/vote", { vote: "go", round: flow.round }, "Voted GO")}
      >
        Go
      </button>
      <input
        data-testid="vote-reason"
        placeholder="reason (required for Hold)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className="min-w-80 rounded bg-gray-800 p-1"
      />
      <button
        type="button"
        data-testid="vote-hold"
        className="rounded bg-warn px-4 py-1 font-bold text-black"
        onClick={() => act("/api/launch/vote", { vote: "hold", reason, round: flow.round }, "Voted HOLD")}
      >
        Hold
      </button>
    </section>
  );
}

/** The checkpoint's owner calls it (deploy §4: Rex's Go or Hold at 08:30); the server judges the gates. */
export function CheckpointPanel({
  flow,
  checkpoint: c,
  act,
}: {
  flow: LaunchFlowState;
  checkpoint: CheckpointState;
  act: Act;
}) {
  const [reason, setReason] = useState("");
  const send = (call: "go" | "hold") =>
    act(
      "/api/launch/checkpoint",
      { checkpoint: c.id, call, reason, expectedRevision: flow.revision },
      `${c.label}: called ${call.toUpperCase()}`,
    );
  return (
    <section
      className="flex flex-wrap items-center gap-3 rounded-xl bg-panel p-4"
      aria-label={c.label}
      data-testid={`checkpoint-panel-${c.id}`}
    >
      <b>
        {c.label}: {c.status === "not-called" ? "not called" : c.status.toUpperCase()}
      </b>
      <button
        type="button"
        data-testid={`checkpoint-${c.id}-go`}
        className="rounded bg-ok px-4 py-1 font-bold text-black"
        onClick={() => send("go")}
      >
        Go
      </button>
      <input
        data-testid={`checkpoint-${c.id}-reason-input`}
        placeholder="reason (required for Hold)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className="min-w-80 rounded bg-gray-800 p-1"
      />
      <button
        type="button"
        data-testid={`checkpoint-${c.id}-hold`}
        className="rounded bg-warn px-4 py-1 font-bold text-black"
        onClick={() => send("hold")}
      >
        Hold
      </button>
    </section>
  );
}

export function WaivePanel({ flow, me, act }: { flow: LaunchFlowState; me: Me; act: Act }) {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const mine = flow.gates.filter((g) => g.domain === me.person?.domain && me.person?.role !== "exec");
  if (mine.length === 0) return null;
  return (
    <section className="rounded-xl bg-panel p-4" aria-label="waivers">
      <h3 className="font-bold">Waive a gate of your domain (with the reason)</h3>
      {mine.map((g) => (
        <div key={g.id} className="mt-1 flex items-center gap-2">
          <span className="w-56">{g.label}</span>
          <input
            data-testid={`waive-reason-${g.id}`}
            value={reasons[g.id] ?? ""}
            onChange={(e) => setReasons({ ...reasons, [g.id]: e.target.value })}
            placeholder="what you verified / why it is safe"
            className="flex-1 rounded bg-gray-800 p-1"
          />
          <button
            type="button"
            data-testid={`waive-${g.id}`}
            className="rounded bg-warn px-3 py-1 font-bold text-black"
            onClick={() =>
              act("/api/launch/waiver", { gate: g.id, reason: reasons[g.id] ?? "" }, `Waived ${g.label}`)
            }
          >
            Waive
          </button>
        </div>
      ))}
    </section>
  );
}

/** The lead holds the shared screen in one of the runbook's modes (with the reason), or hands it back. */
export function ScreenModePanel({ view, act }: { view: ScreenModeView | undefined; act: Act }) {
  const [reason, setReason] = useState("");
  if (!view) return null;
  return (
    <section className="flex flex-wrap items-center gap-3 rounded-xl bg-panel p-4" aria-label="screen mode">
      <b>Screen:</b>
      <span data-testid="owner-screen-mode">
        {MODE_LABEL[view.mode]} <span className="text-gray-400">· {view.why}</span>
      </span>
      <input
        data-testid="screen-mode-reason"
        placeholder="reason (required)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className="min-w-64 rounded bg-gray-800 p-1"
      />
      {view.modes.map((m) => (
        <button
          key={m}
          type="button"
          data-testid={`screen-mode-${m}`}
          className="rounded bg-sky-700 px-3 py-1 font-bold text-white"
          onClick={() => act("/api/launch/mode", { mode: m, reason }, `Screen held in ${m} mode`)}
        >
          {MODE_LABEL[m]}
        </button>
      ))}
      {view.override && (
        <button
          type="button"
          data-testid="screen-mode-clear"
          className="rounded bg-gray-700 px-3 py-1"
          onClick={() => act("/api/launch/mode", { mode: null, reason }, "Screen follows the events again")}
        >
          Follow the events
        </button>
      )}
    </section>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { copyText } from "@/components/comms/copy-text";
import { lastPosts, RouteList, SlackChannels } from "@/components/comms/slack-routes";
import { StatusUpdateDue } from "@/components/comms/status-update-due";
import { formatClock } from "@/components/format";
import { postJson } from "@/components/launch/use-me";
import { notApplicable } from "@/lib/comms/applicability";
import type { CommsView, PostSummary, TemplateView } from "@/lib/comms/comms-view";
import { renderTemplate } from "@/lib/comms/render-template";

const PENDING = new Set(["queued", "sending", "retrying"]);

function useComms() {
  return useQuery({
    queryKey: ["comms"],
    queryFn: async (): Promise<CommsView> => {
      const res = await fetch("/api/comms", { cache: "no-store" });
      const body = (await res.json().catch(() => ({}))) as CommsView & { error?: string };
      if (!res.ok) throw new Error(body.error ?? `/api/comms answered ${res.status}`);
      return body;
    },
    // Live values move; a post in flight is followed closely.
    refetchInterval: (q) => (q.state.data?.posts.some((p) => PENDING.has(p.state)) ? 1000 : 5000),
  });
}

/** Every runbook message, filled from the live board and the current decision: copy it or post it. */
export function CommsPanel({ nowMs }: { nowMs: number }) {
  const comms = useComms();
  const view = comms.data;
  if (!view) {
    return (
      <section className="rounded-xl bg-panel p-4" data-testid="comms-panel">
        <h2 className="text-2xl font-bold">Communications</h2>
        <p className={comms.error ? "text-crit" : "text-gray-400"}>
          {comms.error ? (comms.error as Error).message : "Loading…"}
        </p>
      </section>
    );
  }
  return (
    <section className="flex flex-col gap-3 rounded-xl bg-panel p-4" data-testid="comms-panel">
      <header className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 className="text-2xl font-bold">Communications</h2>
        <span data-testid="comms-webhook" data-configured={view.webhook.configured}>
          {view.webhook.configured ? (
            <span className="text-ok">Slack webhook configured</span>
          ) : (
            <span className="text-warn">
              {view.webhook.error ?? "No Slack webhook configured (WARROOM_SLACK_WEBHOOK_URL)"} — copy and
              post by hand
            </span>
          )}
        </span>
        <SlackChannels view={view} />
        <span className="text-gray-300">
          phase <b>{view.phase}</b>
          {view.decision &&
            ` · ${view.decision.call.toUpperCase()} called by ${view.decision.personId} at ${formatClock(
              view.decision.at,
              view.context.timeZone,
              false,
            )}`}
        </span>
        {!view.canPost.ok && (
          <span className="text-gray-400" data-testid="comms-cannot-post">
            Read and copy only: {view.canPost.reason}
          </span>
        )}
      </header>
      <StatusUpdateDue clock={view.statusUpdate} nowMs={nowMs} />
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2 2xl:grid-cols-3">
        {view.templates.map((t) => (
          <TemplateCard key={t.id} template={t} view={view} last={lastPosts(view.posts, t.id)} />
        ))}
      </div>
    </section>
  );
}

function TemplateCard({
  template,
  view,
  last,
}: {
  template: TemplateView;
  view: CommsView;
  last: PostSummary[];
}) {
  const queryClient = useQueryClient();
  const [manual, setManual] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const rendered = renderTemplate(template, { ...view.context, manual });
  const blanks = template.placeholders.filter((p) => p.source.from === "manual");
  const unknownLive = rendered.fields.filter((f) => !f.isManual && f.value === null);
  const unfilled = rendered.fields.filter((f) => f.isManual && f.value === null).map((f) => f.label);
  const pending = last.some((p) => PENDING.has(p.state));
  const offNow = notApplicable(rendered);
  // Some channel of it has a webhook: its own or the default.
  const postable = template.routes.some((r) => r.via !== "none");
  (template.routes ?? []).some((r) => r.via !== "none") || (!template.routes && view.webhook.configured);
  const id = template.id;

  const post = useMutation({
    mutationFn: (mode: "slack" | "manual") => postJson("/api/comms/post", { template: id, manual, mode }),
    onMutate: () => setNote(null),
    onSuccess: (_data, mode) =>
      setNote({
        ok: true,
        text: mode === "slack" ? "Sent to the Slack queue" : "Recorded as posted by hand",
      }),
    onError: (err) => setNote({ ok: false, text: err.message }),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ["comms"] });
      await queryClient.invalidateQueries({ queryKey: ["audit"] });
    },
  });
  const busy = post.isPending;
  const send = (mode: "slack" | "manual") => {
    if (busy) return; // a double click lands here; the server refuses a second post as well
    post.mutate(mode);
  };
  const copy = async () => {
    const ok = await copyText(rendered.text);
    setNote(
      ok ? { ok: true, text: "Copied" } : { ok: false, text: "Copy failed: select the text and copy it" },
    );
  };

  return (
    <article
      className="flex flex-col gap-2 rounded-lg border border-gray-700 p-3"
      data-testid={`comms-${id}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-xl font-bold">{template.title}</h3>
        <span className="text-sm text-gray-400">
          {template.channels.join(", ")}
          {template.audience === "public" && <b className="pl-2 text-warn">PUBLIC</b>}
        </span>
      </div>
      <RouteList id={id} routes={template.routes} />
      {template.when && <div className="text-sm text-gray-400">when: {template.when}</div>}
      {offNow && <div className="text-sm font-semibold text-gray-300">Not for now: {offNow}</div>}
      <pre
        className="whitespace-pre-wrap rounded bg-black/40 p-2 font-mono text-base text-gray-100"
        data-testid={`comms-text-${id}`}
      >
        {rendered.text}
      </pre>
      {!offNow && unknownLive.length > 0 && (
        <ul className="text-sm text-warn">
          {unknownLive.map((f) => (
            <li key={f.key}>
              {f.label}: unknown — {f.reason}
            </li>
          ))}
        </ul>
      )}
      {blanks.length > 0 && (
        <div className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1 text-sm">
          {blanks.map((p) => (
            <label key={p.key} className="contents">
              <span className="text-gray-300">{p.label}</span>
              <input
                data-testid={`comms-${id}-${p.key}`}
                value={manual[p.key] ?? ""}
                onChange={(e) => setManual({ ...manual, [p.key]: e.target.value })}
                className="rounded bg-gray-800 p-1"
              />
            </label>
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className="rounded bg-gray-700 px-3 py-1"
          onClick={copy}
          data-testid={`copy-${id}`}
        >
          Copy
        </button>
        {view.canPost.ok && (
          <>
            <button
              type="button"
              data-testid={`post-${id}`}
              disabled={busy || pending || !postable || unfilled.length > 0 || offNow !== null}
              title={
                offNow
                  ? `not for now: ${offNow}`
                  : !postable
                    ? "no Slack webhook for its channels"
                    : unfilled.length > 0
                      ? `fill in ${unfilled.join(", ")}`
                      : undefined
              }
              className="rounded bg-sky-700 px-3 py-1 font-bold disabled:opacity-40"
              onClick={() => send("slack")}
            >
              {pending || (busy && post.variables === "slack") ? "Posting…" : "Post to Slack"}
            </button>
            <button
              type="button"
              data-testid={`posted-by-hand-${id}`}
              disabled={busy || unfilled.length > 0 || offNow !== null}
              className="rounded bg-gray-700 px-3 py-1 disabled:opacity-40"
              onClick={() => send("manual")}
            >
              Posted by hand
            </button>
          </>
        )}
        {note && (
          <span
            className={note.ok ? "text-ok" : "text-crit"}
            data-testid={`comms-note-${id}`}
            role={note.ok ? undefined : "alert"}
          >
            {note.text}
          </span>
        )}
      </div>
      {last.map((p) => (
        <PostResult key={p.id} post={p} timeZone={view.context.timeZone} />
      ))}
    </article>
  );
}

const STATE_CLASSES: Record<string, string> = {
  queued: "text-gray-300",
  sending: "text-sky-300",
  retrying: "text-warn",
  sent: "text-ok",
  failed: "text-crit",
};

/** The last Slack post of a template: its state, each attempt, and the error when it failed. */
function PostResult({ post, timeZone }: { post: PostSummary; timeZone: string }) {
  const n = post.attempts.length;
  return (
    <div className="text-sm" data-testid={`comms-result-${post.template}`} data-state={post.state}>
      <b className={STATE_CLASSES[post.state]}>Slack: {post.state.toUpperCase()}</b>
      {post.channels && ` → ${post.channels}`} · by {post.by} at {formatClock(post.createdAt, timeZone)} · {n}{" "}
      attempt{n === 1 ? "" : "s"}
      {post.attempts.length > 0 && (
        <span className="text-gray-400">
          {" "}
          ({post.attempts.map((a) => (a.ok ? `${a.status}` : (a.error ?? `${a.status}`))).join(" → ")})
        </span>
      )}
      {post.state !== "sent" && post.lastError && (
        <div className="text-crit">last error: {post.lastError}</div>
      )}
    </div>
  );
}

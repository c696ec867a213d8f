import "server-only";
import { DEFAULT_LOG_PATTERNS } from "@/lib/model/docker-check-schemas";
import type { LiveReading } from "@/lib/model/log-push";
import type { CheckOf, Runbook, Threshold } from "@/lib/model/runbook-schema";
import {
  type FollowOptions,
  followContainerLogs,
  type LogFollow,
} from "@/lib/probes/infra/docker-log-follow";
import { excerpt } from "@/lib/probes/result";
import { liveErrorLines, liveErrorRate, type StreamState } from "@/lib/rules/live-reading";
import { classifyLine, compileLogRules, createLineWindow } from "@/lib/rules/log-lines";
import { log as logger } from "@/lib/runtime/log";

export type LogPushOptions = {
  runbook: Runbook;
  /** The live reading changed in a way a viewer must see now: evaluate and push the board. */
  onChange: () => void;
  follow?: (options: FollowOptions) => LogFollow;
  now?: () => number;
  log?: (message: string) => void;
  /** How often the window is re-read for failures leaving it and streams falling silent. */
  tickMs?: number;
};

export type LogPush = {
  stop: () => void;
  /** The live readings at `nowMs`, by the check they annotate: computed once, for every viewer. */
  read: (nowMs: number) => ReadonlyMap<string, LiveReading>;
};

/**
 * Push from logs (docs/log-push.md): follows each primary container's log stream and counts its lines as
 * they arrive. The board reads the counts at every evaluation; a change a viewer must see at once (the
 * first failure in the window, a level change, a stream lost or back) pushes the board now. Null
 * without `logPush` in the runbook.
 */
export function startLogPush(options: LogPushOptions): LogPush | null {
  const cfg = options.runbook.logPush;
  if (!cfg) return null;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => logger().info({ event: "log-push" }, m));
  const follow = options.follow ?? followContainerLogs;
  const rateCheck = options.runbook.checks.find((c) => c.id === cfg.errorRate.check);
  const thresholds = (cfg.errorRate.thresholds ??
    (rateCheck && "thresholds" in rateCheck ? rateCheck.thresholds : undefined)) as Threshold;
  const linesCheck = options.runbook.checks.find(
    (c): c is CheckOf<"docker-logs"> => c.id === cfg.errorLines?.check && c.kind === "docker-logs",
  );
  const rules = compileLogRules({
    accessLine: cfg.accessLine,
    failStatus: cfg.failStatus,
    patterns: linesCheck?.patterns ?? DEFAULT_LOG_PATTERNS,
  });
  const window = createLineWindow(cfg.windowSec * 1000);
  const linesWindow = linesCheck ? createLineWindow(linesCheck.sinceSec * 1000, 1000) : null;
  const streams: StreamState[] = cfg.containers.map((t) => ({
    container: t.container ?? `${t.project}/${t.service}`,
    down: { sinceMs: now(), reason: "connecting" },
    lastLineMs: null,
  }));
  // A stream re-opened after a gap starts from where it stopped, so the count covers the time since start.
  const coveredSinceMs = now();
  let lastFailure: string | null = null;
  let lastErrorLine: string | null = null;

  const read = (nowMs: number) => {
    const readings = new Map<string, LiveReading>();
    const counts = window.counts(nowMs);
    readings.set(
      cfg.errorRate.check,
      liveErrorRate({
        checkId: cfg.errorRate.check,
        nowMs,
        streams,
        counts,
        windowSec: cfg.windowSec,
        minRequests: cfg.minRequests,
        failStatus: cfg.failStatus,
        thresholds,
        lastFailure: counts.failures > 0 ? lastFailure : null,
        lastErrorLine: counts.errorLines > 0 ? lastErrorLine : null,
      }),
    );
    if (linesCheck && linesWindow) {
      const count = linesWindow.counts(nowMs).errorLines;
      readings.set(
        linesCheck.id,
        liveErrorLines({
          checkId: linesCheck.id,
          nowMs,
          streams,
          count,
          sinceSec: linesCheck.sinceSec,
          warnCount: linesCheck.warnCount,
          critCount: linesCheck.critCount,
          coveredSinceMs,
          lastErrorLine: count > 0 ? lastErrorLine : null,
        }),
      );
    }
    return readings;
  };

  // What a viewer must see at once; everything else (the figures) rides on the next evaluation.
  const signatureAt = (nowMs: number) => {
    const counts = window.counts(nowMs);
    const levels = [...read(nowMs).values()].map((r) => r.level).join(",");
    return `${levels}|${counts.failures > 0}|${counts.errorLines > 0}|${streams.map((s) => Boolean(s.down)).join(",")}`;
  };
  let published = signatureAt(now());
  let pending = false;
  const check = () => {
    pending = false;
    const next = signatureAt(now());
    if (next === published) return;
    published = next;
    try {
      options.onChange();
    } catch (err) {
      log(`warroom: log push: publishing failed: ${String(err)}`);
    }
  };
  // Lines arrive in bursts: one check per burst, in the same turn of the event loop.
  const soon = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(check);
  };

  const follows = cfg.containers.map((target, i) => {
    const stream = streams[i] as StreamState;
    return follow({
      target,
      onLine: (atMs, text) => {
        const at = atMs ?? now();
        stream.lastLineMs = at;
        const cls = classifyLine(text, rules);
        if (cls.kind === "other") return;
        window.add(cls, at);
        if (cls.kind === "error-line") {
          linesWindow?.add(cls, at);
          lastErrorLine = excerpt(text, 160);
        } else if (cls.failed) {
          lastFailure = excerpt(text, 160);
        }
        // Any request can change the level (enough requests to judge, a rate falling below a limit).
        soon();
      },
      onStatus: (status) => {
        if (status.kind === "down") {
          stream.down = { sinceMs: status.sinceMs, reason: status.reason };
          log(`warroom: log push: ${status.reason}; reconnecting with backoff`);
        } else {
          const wasDown = stream.down?.reason !== "connecting";
          stream.container = status.container;
          stream.down = null;
          if (wasDown) log(`warroom: log push: following ${status.container} again`);
        }
        soon();
      },
    });
  });

  const ticker = setInterval(check, options.tickMs ?? 500);
  ticker.unref?.();

  return {
    stop() {
      clearInterval(ticker);
      for (const f of follows) f.stop();
    },
    read,
  };
}

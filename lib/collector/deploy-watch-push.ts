import "server-only";
import type Docker from "dockerode";
import { getDb } from "@/lib/db/client";
import { updateDeploySmoke } from "@/lib/db/update-deploy-smoke";
import { observePrimary, primaryOf } from "@/lib/deploys/observe-primary";
import { runSmokeSuite } from "@/lib/deploys/smoke-suite";
import { getWatchState, markHealthKnown, setSmoke } from "@/lib/deploys/watch-state";
import type { DeployRecord } from "@/lib/model/deploy-watch";
import type { Reading } from "@/lib/model/probe";
import type { Runbook } from "@/lib/model/runbook-schema";
import {
  type ContainerEvent,
  type EventWatch,
  type WatchOptions,
  watchDockerEvents,
} from "@/lib/probes/infra/docker-events";
import { connectDocker, socketPathOf } from "@/lib/rollback/docker-engine";
import { resolveActions } from "@/lib/rollback/target";
import { leadingRecord } from "@/lib/rules/deploy-watch";
import { log } from "@/lib/runtime/log";

export type DeployWatchOptions = {
  runbook: Runbook;
  /** Reads one check now (Collector.runCheck): same probe, state and timeout as in a cycle. */
  runCheck: (checkId: string) => Promise<Reading | null>;
  /** A smoke reading goes into the hub like any pushed reading. */
  onReading: (reading: Reading, note: string) => void;
  /** Evaluate the board and push it to every viewer now. */
  publish: () => void;
  docker?: Docker;
  watch?: (options: WatchOptions) => EventWatch;
  log?: (message: string) => void;
};

export type DeployWatch = { stop: () => void; idle: () => Promise<void> };

const STARTING = "the container's health was still starting: the suite runs again when the engine reports it";

/**
 * Follows the engine's events for the actions' primary. A start on another image is recorded (deploy, or
 * warroom's own rollback/restart) and a deploy runs the smoke suite at once; when the container's health was
 * still starting, the suite runs again on its first health report. Null without `deployWatch`.
 */
export function startDeployWatch(options: DeployWatchOptions): DeployWatch | null {
  const { runbook } = options;
  const config = runbook.deployWatch;
  const target = resolveActions(runbook.actions).target;
  if (!config || !target) return null;
  const primary = primaryOf(target);
  const docker = options.docker ?? connectDocker();
  const say = options.log ?? ((m: string) => log().info({ event: "deploy-seen", runbook: runbook.id }, m));
  const state = getWatchState();
  let queue: Promise<void> = Promise.resolve();
  let rerunFor: string | null = null;
  let stopped = false;

  const fail = (err: unknown) => {
    state.error = `deploy watch: ${err instanceof Error ? err.message : String(err)}`;
    options.publish();
  };

  const smoke = async (record: DeployRecord, note: string | null) => {
    const done = await runSmokeSuite(
      config.smoke,
      options.runCheck,
      (run, reading) => {
        if (reading)
          options.onReading(
            reading,
            `deploy smoke suite after ${record.to.tag ?? record.to.id.slice(7, 19)}`,
          );
        setSmoke(state, record.id, run);
        options.publish();
      },
      note,
    );
    await updateDeploySmoke(await getDb(), record.id, done).catch((err: unknown) => {
      state.error = `smoke results not stored: ${err instanceof Error ? err.message : String(err)}`;
    });
  };

  const handle = async (eventAtMs: number | null) => {
    try {
      const db = await getDb();
      const seen = await observePrimary({ db, docker, target, runbookId: runbook.id }, eventAtMs);
      options.publish();
      const record = seen.record;
      const starting = seen.health === "starting";
      // The deploy's container is past its start period (or has no healthcheck): health failures count.
      const lead = leadingRecord(state.recent);
      if (lead?.kind === "deploy" && !starting)
        markHealthKnown(state, record ? Date.parse(record.at) : Date.now());
      if (record?.kind !== "deploy" || stopped) return;
      rerunFor = starting ? record.id : null;
      say(
        `deploy seen on ${record.container}: ${record.from?.tag ?? "?"} → ${record.to.tag ?? record.to.id.slice(7, 19)}`,
      );
      await smoke(record, starting ? STARTING : null);
    } catch (err) {
      fail(err);
    }
  };
  // One at a time, in the engine's order; a failure is said on the board and the next one still runs.
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(() => work().catch(fail));
  };

  const isPrimary = (e: ContainerEvent) =>
    e.name === primary.container ||
    (target.project !== null && e.project === target.project && e.service === primary.service);

  const watch = (options.watch ?? watchDockerEvents)({
    socketPath: socketPathOf(docker),
    onEvent: (event) => {
      if (!isPrimary(event)) return;
      if (event.action === "start")
        enqueue(() => handle(Number.isFinite(event.engineTimeMs) ? event.engineTimeMs : null));
      if (event.action !== "health_status") return;
      // Queued behind the start's handling, so it applies to the deploy that start recorded.
      enqueue(async () => {
        if (leadingRecord(state.recent)?.kind === "deploy") {
          markHealthKnown(state, Number.isFinite(event.engineTimeMs) ? event.engineTimeMs : Date.now());
        }
        const latest = state.recent[0];
        if (!rerunFor || latest?.id !== rerunFor || stopped) return;
        rerunFor = null;
        await smoke(latest, null);
      });
    },
    // Connected (again): what the primary runs now is the baseline, or a deploy missed meanwhile.
    onStatus: (status) => {
      if (status.kind === "connected") enqueue(() => handle(null));
      else {
        state.error = `deploy watch: ${status.reason}`;
        options.publish();
      }
    },
  });

  return {
    stop() {
      stopped = true;
      watch.stop();
    },
    idle: async () => {
      let seen: Promise<void> | null = null;
      while (seen !== queue) {
        seen = queue;
        await queue;
      }
    },
  };
}

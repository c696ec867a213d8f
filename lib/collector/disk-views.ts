import "server-only";
import type { CheckState } from "@/lib/model/board";
import type { DiskView, DiskViewSlot } from "@/lib/model/disk-view";
import type { HostCheck } from "@/lib/model/infra-checks";
import type { Check, Level, Runbook } from "@/lib/model/runbook-schema";
import { errorMessage } from "@/lib/probes/infra/deadline";
import { readDockerDf } from "@/lib/probes/infra/docker-df";
import { scanLargest } from "@/lib/probes/infra/largest-dirs";
import { processState } from "@/lib/runtime/process-state";

type DiskCheck = Extract<HostCheck, { measure: "disk" }>;

/** A view younger than this is not taken again: a walk of the path costs up to its time budget. */
export const DISK_VIEW_REFRESH_MS = 30_000;
const DOCKER_DF_TIMEOUT_MS = 5000;
const PRESSING: readonly Level[] = ["warn", "crit"];

type DiskViews = {
  /** The newest view of each disk check, taken by the pipeline while that check is warn or crit. */
  views: Map<string, DiskView>;
  /** Walks in progress, by check: a second caller shares the walk instead of starting another. */
  inFlight: Map<string, Promise<DiskView>>;
  /** Walks started on request, apart from the pipeline's: a request never changes what the board holds. */
  onDemand: Map<string, Promise<DiskView>>;
};

const diskViews = () =>
  processState<DiskViews>("collector.disk-views", () => ({
    views: new Map(),
    inFlight: new Map(),
    onDemand: new Map(),
  }));

export function isDiskCheck(check: Check): check is DiskCheck {
  return check.kind === "host" && check.measure === "disk";
}

/** The engine `docker system df` asks: the runbook's first Docker check's socket; none without one. */
function dockerSocketOf(runbook: Runbook): string | null {
  for (const c of runbook.checks)
    if ("socketPath" in c && typeof c.socketPath === "string") return c.socketPath;
  return null;
}

/** Takes one view now: the path's largest entries and `docker system df`, side by side. Reads only. */
export async function takeDiskView(runbook: Runbook, check: DiskCheck, level: Level): Promise<DiskView> {
  const socket = dockerSocketOf(runbook);
  const [scan, docker] = await Promise.all([
    scanLargest(check.path).catch((err: unknown) => ({
      error: `cannot walk ${check.path}: ${errorMessage(err)}`,
    })),
    socket
      ? readDockerDf(socket, DOCKER_DF_TIMEOUT_MS).catch((err: unknown) => ({
          error: `docker system df at unix://${socket}: ${errorMessage(err)}`,
        }))
      : null,
  ]);
  return {
    checkId: check.id,
    label: check.label,
    path: check.path,
    level,
    takenAt: new Date().toISOString(),
    scan,
    docker,
  };
}

function shared(key: string, take: () => Promise<DiskView>, inFlight: Map<string, Promise<DiskView>>) {
  const running = inFlight.get(key);
  if (running) return running;
  const walk = take().finally(() => inFlight.delete(key));
  inFlight.set(key, walk);
  return walk;
}

const isFresh = (view: DiskView | undefined, nowMs: number): view is DiskView =>
  !!view && nowMs - Date.parse(view.takenAt) < DISK_VIEW_REFRESH_MS;

/**
 * After an evaluation: each disk check at warn or crit whose view is missing or older than the refresh
 * interval gets a new one in the background; `publish` puts it on the board when it lands.
 */
export function refreshDiskViews(
  runbook: Runbook,
  checks: readonly CheckState[],
  now: Date,
  publish: () => void,
): void {
  const state = diskViews();
  for (const check of runbook.checks.filter(isDiskCheck)) {
    const level = checks.find((c) => c.id === check.id)?.level;
    if (!level || !PRESSING.includes(level)) continue;
    if (isFresh(state.views.get(check.id), now.getTime()) || state.inFlight.has(check.id)) continue;
    void shared(check.id, () => takeDiskView(runbook, check, level), state.inFlight).then((view) => {
      state.views.set(check.id, view);
      publish();
    });
  }
}

/** The board's disk section: one slot per disk check at warn or crit, with its view or "being taken". */
export function diskViewSlots(runbook: Runbook, checks: readonly CheckState[]): DiskViewSlot[] {
  const state = diskViews();
  return runbook.checks.filter(isDiskCheck).flatMap((check) => {
    const level = checks.find((c) => c.id === check.id)?.level;
    if (!level || !PRESSING.includes(level)) return [];
    const view = state.views.get(check.id) ?? null;
    return [{ checkId: check.id, label: check.label, view, pending: state.inFlight.has(check.id) }];
  });
}

/**
 * Every disk check's view on request (GET /api/disk): the pipeline's if fresh, else its walk in progress,
 * else a new walk shared by concurrent requests. Nothing is stored.
 */
export async function readDiskViews(runbook: Runbook, checks: readonly CheckState[]): Promise<DiskView[]> {
  const state = diskViews();
  const nowMs = Date.now();
  return Promise.all(
    runbook.checks.filter(isDiskCheck).map((check) => {
      const cached = state.views.get(check.id);
      if (isFresh(cached, nowMs)) return cached;
      const running = state.inFlight.get(check.id);
      if (running) return running;
      const level = checks.find((c) => c.id === check.id)?.level ?? "unknown";
      return shared(check.id, () => takeDiskView(runbook, check, level), state.onDemand);
    }),
  );
}

// Deploy watch: from the Docker engine's start event of the primary on a new image to the smoke suite's
// results on a viewer's screen (the SSE board stream of `next start`). A one-service stack of its own
// (warroom-rbdeploy, test/support/deploy-watch-stack.ts) is deployed back and forth between two sha- images.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import {
  buildDeployImages,
  DEPLOY_CONTAINER,
  deployWeb,
  removeDeployStack,
  writeDeployRunbook,
} from "@/test/support/deploy-watch-stack";
import { followEngine } from "@/test/support/engine-events";
import { fmt, freePort, percentile, startDashboard, until } from "./common";
import { openViewer, type ViewerMessage } from "./sse-viewer";

const RUNS = Number(process.env.BENCH_DEPLOY_RUNS ?? 6);

export async function runDeployWatchBench(): Promise<string[]> {
  const { holdStackLock } = await import("./stack-sections");
  const release = await holdStackLock();
  const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET || "/var/run/docker.sock" });
  const dir = mkdtempSync(path.join(tmpdir(), "warroom-bench-deploy-"));
  const messages: ViewerMessage[] = [];
  let stopEvents = () => {};
  let dashboard: Awaited<ReturnType<typeof startDashboard>> | null = null;
  let viewer: Awaited<ReturnType<typeof openViewer>> | null = null;
  try {
    const images = await buildDeployImages(docker);
    const port = await freePort();
    await deployWeb(docker, images.good, port);
    const engine = await followEngine(docker, ["start"]);
    stopEvents = engine.stop;
    const { file } = writeDeployRunbook(dir, port, 5000);
    dashboard = await startDashboard({ WARROOM_RUNBOOK: file, WARROOM_DATA_DIR: path.join(dir, "pglite") });
    viewer = await openViewer(dashboard.base, (m) => messages.push(m));
    await until(
      "the watch's baseline",
      () => viewer?.latest()?.deployWatch?.current?.id === images.good,
      60_000,
    );
    const first: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const image = i % 2 === 0 ? images.bad : images.good;
      const since = Date.now();
      await deployWeb(docker, image, port);
      const event = await until(
        "the engine's start event",
        () => engine.events.find((s) => s.name === DEPLOY_CONTAINER && s.timeMs >= since - 5),
        20_000,
      );
      const shown = (done: boolean) =>
        until(
          "smoke results on the viewer",
          () =>
            messages.find((m) => {
              const d = m.state.deployWatch?.latest;
              if (m.receivedAtMs < since || d?.kind !== "deploy" || d.to.id !== image || !d.smoke)
                return false;
              return done ? d.smoke.finishedAt !== null : d.smoke.results.some((r) => r.status !== "running");
            }),
          30_000,
        );
      first.push((await shown(false)).receivedAtMs - event.timeMs);
      all.push((await shown(true)).receivedAtMs - event.timeMs);
    }
    const line = (xs: number[]) =>
      `p50 ${fmt(percentile(xs, 50))} ms, max ${fmt(Math.max(...xs))} ms (${xs.map((x) => fmt(x)).join(", ")})`;
    return [
      "",
      `deploy watch — deploy event → smoke results on screen (SSE viewer of next start), ${RUNS} deploys alternating sha-5555555 / sha-6666666 on warroom-rbdeploy-web-1`,
      `  engine start event → first smoke result on screen: ${line(first)}`,
      `  engine start event → whole suite on screen:        ${line(all)}`,
    ];
  } finally {
    stopEvents();
    await viewer?.close();
    await dashboard?.stop();
    await removeDeployStack(docker, true).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    release();
  }
}

import { readFileSync } from "node:fs";
import type Docker from "dockerode";
import type { ContainerInspectInfo } from "dockerode";
import { describe, expect, it } from "vitest";
import type { PlannedStep } from "@/lib/model/rollback";
import { stopContainer } from "@/lib/rollback/docker-steps";
import { EngineTimeoutError, engineCall } from "@/lib/rollback/engine-call";
import { recreateOptions } from "@/lib/rollback/recreate";
import { type RunnerHooks, runSteps, type StepResult } from "@/lib/rollback/step-runner";

const step = (kind: PlannedStep["kind"], container: string, parallel = false): PlannedStep => ({
  name: `${kind} ${container}`,
  command: `${kind} ${container}`,
  kind,
  args: container ? { container } : {},
  ...(parallel ? { parallel: true } : {}),
});

/** A rollback of api with two dependents, as the planner orders it. */
const PLAN: PlannedStep[] = [
  step("stop", "api"),
  step("stop", "mcp", true),
  step("stop", "scraper", true),
  step("tag", ""),
  step("recreate", "api"),
  step("wait-healthy", "api"),
  step("verify-health", ""),
  step("start", "mcp"),
  step("start", "scraper"),
  step("write-state", ""),
  step("manual", ""),
];

type Log = { events: string[]; results: Map<number, StepResult> };

function hooks(
  durations: Record<string, number>,
  abort = new AbortController(),
  extra: Partial<RunnerHooks> = {},
) {
  const log: Log = { events: [], results: new Map() };
  const h: RunnerHooks = {
    abort: abort.signal,
    deadlineMs: () => 5000,
    started: async (i) => {
      log.events.push(`start ${i}`);
    },
    finished: async (i, _s, r) => {
      log.events.push(`end ${i}`);
      log.results.set(i, r);
    },
    run: (_i, s, signal) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, durations[s.name] ?? 1);
        signal.addEventListener("abort", () => {
          clearTimeout(t);
          reject(signal.reason);
        });
      }),
    ...extra,
  };
  return { h, log };
}

describe("runSteps", () => {
  it("stops the dependents alongside the primary and recreates it as soon as it is down", async () => {
    // Dependents ignore SIGTERM: their stops end only once the primary is verified (released below). A
    // runner that waited for them before recreating would hit the step deadline instead.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const base = hooks({});
    const { h, log } = hooks({}, new AbortController(), {
      run: (i, s, signal) =>
        s.name === "stop mcp" || s.name === "stop scraper" ? gate : base.h.run(i, s, signal),
      finished: async (i, _s, r) => {
        log.events.push(`end ${i}`);
        log.results.set(i, r);
        if (i === 6) release();
      },
    });
    expect(await runSteps(PLAN, h)).toEqual({ status: "succeeded" });
    const at = (e: string) => log.events.indexOf(e);
    expect(log.events.slice(0, 3).sort()).toEqual(["start 0", "start 1", "start 2"]);
    // The recreate and the verification happen while the dependents are still stopping.
    expect(at("start 4")).toBeLessThan(at("end 1"));
    expect(at("end 6")).toBeLessThan(at("end 1"));
    // A dependent starts again only once its own stop is done; the state write waits for everything.
    expect(at("start 7")).toBeGreaterThan(at("end 1"));
    expect(at("start 8")).toBeGreaterThan(at("end 2"));
    expect(log.events).not.toContain("start 10");
  });

  it("abort: stops after the step in progress, lets the background stops finish, runs nothing else", async () => {
    const abort = new AbortController();
    const { h, log } = hooks({ "stop mcp": 60, "stop scraper": 60, "tag ": 20 }, abort, {
      beforeStep: (i) => {
        // Asked just as the tag begins: the tag still runs to its end.
        if (i === 3) abort.abort(new Error("aborted by rex"));
      },
    });
    const outcome = await runSteps(PLAN, h);
    expect(outcome).toEqual({ status: "aborted", lastDone: 3, during: null });
    // The tag in progress finished; the dependents' stops were let finish; nothing after the tag ran.
    expect(log.results.get(3)).toEqual({ ok: true });
    expect(log.results.get(1)).toEqual({ ok: true });
    expect(log.results.get(2)).toEqual({ ok: true });
    expect([...log.results.keys()].sort()).toEqual([0, 1, 2, 3]);
  });

  it("abort during a health wait ends the wait at once (a wait changes nothing)", async () => {
    const abort = new AbortController();
    const { h, log } = hooks({ "wait-healthy api": 10_000 }, abort, {
      beforeStep: (i) => {
        if (i === 5) setTimeout(() => abort.abort(new Error("aborted by rex")), 10);
      },
    });
    const started = Date.now();
    expect(await runSteps(PLAN, h)).toEqual({ status: "aborted", lastDone: 4, during: 5 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(log.results.get(5)).toMatchObject({ ok: false, cutShort: true });
  });

  it("a step that overruns its deadline fails the run; later steps are not run", async () => {
    const { h, log } = hooks({ "recreate api": 10_000 }, new AbortController(), {
      deadlineMs: (s) => (s.kind === "recreate" ? 30 : 5000),
    });
    const outcome = await runSteps(PLAN, h);
    expect(outcome).toMatchObject({ status: "failed", index: 4 });
    expect(String((outcome as { error: unknown }).error)).toMatch(/step deadline of 0.0 s passed/);
    expect(log.events).not.toContain("start 5");
  });

  it("a failed background stop fails the run before the next dependent step", async () => {
    const { h } = hooks({}, new AbortController(), {
      run: async (_i, s) => {
        if (s.name === "stop mcp") throw new Error("engine said no");
      },
    });
    expect(await runSteps(PLAN, h)).toMatchObject({ status: "failed", index: 1 });
  });
});

describe("engine calls are bounded", () => {
  it("a call the engine never answers fails after its bound, naming the call, and its request is cancelled", async () => {
    let cancelled = false;
    const hang = (signal: AbortSignal) =>
      new Promise<never>(() => {
        signal.addEventListener("abort", () => {
          cancelled = true;
        });
      });
    const started = Date.now();
    await expect(engineCall("docker inspect api", 50, hang)).rejects.toThrow(
      new EngineTimeoutError("docker inspect api: no answer from the Docker engine within 0.05 s"),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(cancelled).toBe(true);
  });

  it("a stop's bound is its stop timeout plus the call bound", async () => {
    const calls: unknown[] = [];
    const docker = {
      getContainer: () => ({
        inspect: async () => ({ State: { Running: true, Status: "running" } }),
        stop: (opts: { t: number }) => {
          calls.push(opts.t);
          return new Promise(() => undefined);
        },
      }),
    } as unknown as Docker;
    const started = Date.now();
    await expect(
      stopContainer(docker, "api", () => undefined, { callMs: 40, stopTimeoutS: 0 }),
    ).rejects.toThrow(/docker stop api: no answer from the Docker engine within 0.04 s/);
    expect(calls).toEqual([0]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("recreateOptions keeps the network", () => {
  const info = JSON.parse(
    readFileSync(new URL("./fixtures/container-on-network.inspect.json", import.meta.url), "utf8"),
  ) as ContainerInspectInfo;
  const oldImage = { Config: { Env: ["PATH=/usr/local/bin:/usr/bin:/bin", "BUILD=broken"] } } as never;

  it("carries every user-defined network with its aliases and static address; drops the old id alias", () => {
    const opts = recreateOptions(info, oldImage, "shop-api:latest");
    expect(opts.HostConfig?.NetworkMode).toBe("shop_backend");
    expect(opts.NetworkingConfig).toEqual({
      EndpointsConfig: {
        shop_backend: { Aliases: ["shop-api-1", "api"] },
        shop_public: {
          Aliases: ["shop-api-1", "api", "public-api"],
          IPAMConfig: { IPv4Address: "198.51.100.20" },
        },
      },
    });
  });

  it("a container sharing the host's network has no endpoints to carry", () => {
    const host = { ...info, HostConfig: { ...info.HostConfig, NetworkMode: "host" } };
    expect(recreateOptions(host, oldImage, "shop-api:latest").NetworkingConfig).toBeUndefined();
  });
});

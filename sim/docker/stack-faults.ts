import { assertEngineReachable } from "@/lib/rollback/docker-engine";
import { callControl } from "../control-client";
import { STACK_FAULT_IMPLS, type StackFault } from "./faults";
import type { FaultContext } from "./faults/fault-context";
import { containerName, STACK_SERVICES, stackUrls } from "./stack-config";
import { type StackOptions, stackContext } from "./stack-context";
import { readStackSettings } from "./stack-record";
import { waitForHealth } from "./wait-healthy";

async function faultContext(opts: StackOptions): Promise<FaultContext> {
  const ctx = stackContext(opts);
  await assertEngineReachable(ctx.docker);
  return { ...ctx, settings: await readStackSettings(ctx.paths, ctx.env) };
}

/**
 * Switches one stack fault; resolves once its effect is observable on the real server, with a line
 * that says what it now is. `arg` is the fault's optional argument (a service, a percent).
 */
export async function setStackFault(
  name: StackFault,
  on: boolean,
  opts: StackOptions & { arg?: string } = {},
): Promise<string> {
  const ctx = await faultContext(opts);
  const impl = STACK_FAULT_IMPLS[name];
  return on ? impl.on(ctx, opts.arg) : impl.off(ctx, opts.arg);
}

/** Switched off in this order: the API image first, then what the other faults stopped or filled. */
const RESET_ORDER: readonly StackFault[] = [
  "bad-deploy",
  "container-exit",
  "replica-down",
  "container-unhealthy",
  "error-logs",
  "pool-exhaustion",
  "redis-fill",
  "disk-pressure",
];

/** Every stack fault off, the good API image back as `latest`, the API's own faults reset, all healthy. */
export async function resetStack(opts: StackOptions = {}): Promise<string[]> {
  const ctx = await faultContext(opts);
  const done: string[] = [];
  for (const name of RESET_ORDER) {
    const impl = STACK_FAULT_IMPLS[name];
    if (await impl.isOn(ctx).catch(() => false)) done.push(`${name}: ${await impl.off(ctx)}`);
  }
  const control = await callControl(stackUrls(ctx.settings.ports).apiControl, "POST", "/reset");
  if (control.status !== 200)
    throw new Error(`the API's control endpoint refused the reset: ${JSON.stringify(control.body)}`);
  for (const service of STACK_SERVICES) {
    await waitForHealth(ctx.docker, containerName(service), { until: "healthy", timeoutMs: 60_000 });
  }
  return done;
}

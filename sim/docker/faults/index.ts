import { STACK_FAULTS, type StackFault } from "../stack-fault-names";
import { badDeploy } from "./bad-deploy";
import { containerExit } from "./container-exit";
import { containerUnhealthy } from "./container-unhealthy";
import { diskPressure } from "./disk-pressure";
import { errorLogs } from "./error-logs";
import type { FaultContext, StackFaultImpl } from "./fault-context";
import { poolExhaustion } from "./pool-exhaustion";
import { redisFill } from "./redis-fill";
import { replicaDown } from "./replica-down";

export { isStackFault, STACK_FAULTS, type StackFault } from "../stack-fault-names";

export const STACK_FAULT_IMPLS: Record<StackFault, StackFaultImpl> = {
  "pool-exhaustion": poolExhaustion,
  "redis-fill": redisFill,
  "container-exit": containerExit,
  "container-unhealthy": containerUnhealthy,
  "replica-down": replicaDown,
  "disk-pressure": diskPressure,
  "error-logs": errorLogs,
  "bad-deploy": badDeploy,
};

/** Whether each fault is in place, read from the real servers (false where that cannot be read). */
export async function readStackFaults(ctx: FaultContext): Promise<Record<StackFault, boolean>> {
  const entries = await Promise.all(
    STACK_FAULTS.map(
      async (name) => [name, await STACK_FAULT_IMPLS[name].isOn(ctx).catch(() => false)] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<StackFault, boolean>;
}

// The containerised BuyWhere stack: `import { stackUp, … } from "@/sim/docker"` (see docs/docker-stack.md).
export { connectDocker, EngineUnreachableError, isEngineReachable } from "@/lib/rollback/docker-engine";
export { type RollbackState, readRollbackState } from "@/lib/rollback/rollback-state";
export { POOL_HOLDER_CLIENTS } from "./faults/pool-exhaustion";
export { REDIS_FILL_PREFIX } from "./faults/redis-fill";
export { DISK_BASELINE_PERCENT, DISK_PRESSURE_PERCENT } from "./host-disk";
export {
  ALEMBIC_VERSION,
  containerName,
  DB_NAME,
  DB_PASSWORD,
  DB_USER,
  DEFAULT_PRODUCT_ROWS,
  DEFAULT_STACK_PORTS,
  PGBOUNCER_ADMIN_PASSWORD,
  PGBOUNCER_ADMIN_USER,
  PGBOUNCER_POOL_SIZE,
  REDIS_MAXMEMORY_BYTES,
  resolveStackPaths,
  resolveStackPorts,
  STACK_PROJECT,
  STACK_SERVICES,
  type StackPaths,
  type StackPorts,
  type StackService,
  type StackUrls,
  stackUrls,
} from "./stack-config";
export type { StackOptions } from "./stack-context";
export { stackDown } from "./stack-down";
export type { StackFault } from "./stack-fault-names";
export { isStackFault, STACK_FAULTS } from "./stack-fault-names";
export { resetStack, setStackFault } from "./stack-faults";
export { readStackStatus, type ServiceStatus, type StackStatus } from "./stack-status";
export { type StackUpOptions, type StackUpResult, stackUp } from "./stack-up";

/** Faults that act on the containerised stack's real servers (the process sim's faults stay as they are). */
export const STACK_FAULTS = [
  "pool-exhaustion",
  "redis-fill",
  "container-exit",
  "container-unhealthy",
  "replica-down",
  "disk-pressure",
  "error-logs",
  "bad-deploy",
] as const;
export type StackFault = (typeof STACK_FAULTS)[number];

export function isStackFault(name: string): name is StackFault {
  return (STACK_FAULTS as readonly string[]).includes(name);
}

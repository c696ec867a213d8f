import { STACK_SERVICES, type StackService } from "../stack-config";

export function parseService(arg: string | undefined, fallback: StackService): StackService {
  if (arg === undefined) return fallback;
  const service = STACK_SERVICES.find((s) => s === arg);
  if (!service) throw new Error(`unknown service "${arg}": one of ${STACK_SERVICES.join(", ")}`);
  return service;
}

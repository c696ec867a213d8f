import {
  applyDiskPressure,
  clearDiskPressure,
  DISK_PRESSURE_PERCENT,
  diskUsagePercent,
  hasDiskPressure,
} from "../host-disk";
import type { StackFaultImpl } from "./fault-context";

function parsePercent(arg: string | undefined): number {
  if (arg === undefined) return DISK_PRESSURE_PERCENT;
  const n = Number(arg);
  if (!Number.isFinite(n) || n <= 30 || n > 99)
    throw new Error(`disk-pressure takes a percent from 31 to 99, got "${arg}"`);
  return n;
}

/** Fills the stack's own tmpfs (.warroom/stack/disk) past 90%; off deletes the filler file. */
export const diskPressure: StackFaultImpl = {
  summary: `fills the stack's 64 MB tmpfs to ${DISK_PRESSURE_PERCENT}%`,
  arg: `percent (default ${DISK_PRESSURE_PERCENT})`,
  isOn: (ctx) => hasDiskPressure(ctx.paths.disk),
  async on(ctx, arg) {
    const percent = await applyDiskPressure(ctx.paths.disk, parsePercent(arg));
    return `${ctx.paths.disk} is ${percent.toFixed(1)}% used`;
  },
  async off(ctx) {
    await clearDiskPressure(ctx.paths.disk);
    return `${ctx.paths.disk} is ${(await diskUsagePercent(ctx.paths.disk)).toFixed(1)}% used`;
  },
};

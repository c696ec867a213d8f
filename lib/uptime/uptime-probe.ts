import "server-only";
import type { Probe } from "@/lib/model/probe";
import { probeUptimeNow } from "@/lib/uptime/uptime-engine";

/** Uptime is counted from stored readings by the collector's engine: no request is made. */
export const probeUptime: Probe<"uptime"> = async (check, ctx) => probeUptimeNow(check, ctx.now());

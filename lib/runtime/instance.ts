import { randomBytes } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import { processState } from "@/lib/runtime/process-state";

/**
 * This dashboard process among its replicas. `id` is unique for the life of the process (a restarted
 * process, even with the same pid in a container, is another instance). `scope` says where its pid means
 * something: the kernel's boot and the pid namespace. Another process may judge this one by its pid only
 * when their scopes are equal; otherwise only by its heartbeat.
 */
export type Instance = { id: string; scope: string; pid: number };

export function thisInstance(): Instance {
  return processState("runtime.instance", () => ({
    id: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
    scope: `${readOr(() => readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim())}/${readOr(() => readlinkSync("/proc/self/ns/pid"))}`,
    pid: process.pid,
  }));
}

function readOr(read: () => string): string {
  try {
    return read();
  } catch {
    // Not Linux (or /proc hidden): a scope of its own, so pids are never compared across processes.
    return `unknown-${randomBytes(4).toString("hex")}`;
  }
}

import { mkdir, open, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { execIn } from "../docker/exec-in";
import { inspectContainer } from "../docker/stack-containers";
import { enqueueTasks } from "./celery-tasks";
import { type DsPorts, dsContainerName, dsUrls } from "./ds-config";
import type { DsContext } from "./ds-context";

type Impl = {
  on: (c: DsContext, p: DsPorts) => Promise<string>;
  off: (c: DsContext, p: DsPorts) => Promise<string>;
  isOn: (c: DsContext, p: DsPorts) => Promise<boolean>;
};

export const MORE_DS_FAULTS = ["beat-stuck", "failed-tasks", "rdb-fail", "big-files"] as const;
export type MoreDsFault = (typeof MORE_DS_FAULTS)[number];

const FAILED_TASKS = 20;
/** Longer than 003's 100 MB, sparse: it takes no room on the stack's small tmpfs (find -size reads its length). */
const BIG_FILE = { path: "backups/deals-full-dump.sql", bytes: 150 * 1024 * 1024 };

async function redisSh(c: DsContext, script: string): Promise<string> {
  const r = await execIn(c.docker, dsContainerName("redis"), ["sh", "-c", script], { user: "root" });
  if (r.exitCode !== 0)
    throw new Error(`${dsContainerName("redis")}: ${script}: exit ${r.exitCode}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

export const MORE_IMPLS: Record<MoreDsFault, Impl> = {
  // A hung scheduler: the beat process frozen (the container paused), so no due task is sent.
  "beat-stuck": {
    async on(c) {
      const info = await inspectContainer(c.docker, dsContainerName("beat"));
      if (!info?.State.Paused) await c.docker.getContainer(dsContainerName("beat")).pause();
      return `${dsContainerName("beat")} paused: beat sends no due task`;
    },
    async off(c) {
      const info = await inspectContainer(c.docker, dsContainerName("beat"));
      if (info?.State.Paused) await c.docker.getContainer(dsContainerName("beat")).unpause();
      return "beat-stuck off";
    },
    isOn: async (c) => (await inspectContainer(c.docker, dsContainerName("beat")))?.State.Paused === true,
  },
  // Real failures: scan_all called with arguments it does not take, so each raises TypeError in the worker.
  "failed-tasks": {
    async on(_c, p) {
      await enqueueTasks(dsUrls(p).redis, "app.tasks.scan.scan_all", FAILED_TASKS, ["bad", "args"]);
      return `${FAILED_TASKS} scan_all tasks queued with bad arguments: each fails in the worker`;
    },
    // A one-shot: the failures stay in the worker's log and leave the checks' window with time.
    off: async () => "failed-tasks off (the failed tasks stay in the worker's log)",
    isOn: async () => false,
  },
  // The RDB file cannot be written: /data read-only for redis, a BGSAVE fails. Writes are still accepted
  // (stop-writes-on-bgsave-error no) so only the file's status shows, not a broker refusing every task.
  "rdb-fail": {
    async on(c, p) {
      await redisSh(
        c,
        `chmod 0555 /data && redis-cli -p ${p.redis} config set stop-writes-on-bgsave-error no >/dev/null && redis-cli -p ${p.redis} bgsave`,
      );
      return "/data read-only for redis; BGSAVE fails (rdb_last_bgsave_status:err)";
    },
    async off(c, p) {
      await redisSh(c, `chmod 1777 /data`);
      // The next save succeeds; then Redis protects writes again as by default.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const out = await redisSh(
          c,
          `redis-cli -p ${p.redis} bgsave >/dev/null 2>&1; sleep 1; redis-cli -p ${p.redis} info persistence`,
        );
        if (/rdb_last_bgsave_status:ok/.test(out)) break;
        if (Date.now() > deadline) throw new Error("rdb-fail off: BGSAVE did not succeed within 15 s");
      }
      await redisSh(c, `redis-cli -p ${p.redis} config set stop-writes-on-bgsave-error yes >/dev/null`);
      return "rdb-fail off: /data writable, last save ok";
    },
    isOn: async (c, p) =>
      /rdb_last_bgsave_status:err/.test(
        await redisSh(c, `redis-cli -p ${p.redis} info persistence`).catch(() => ""),
      ),
  },
  "big-files": {
    async on(c) {
      const path = join(c.disk, BIG_FILE.path);
      await rm(path, { force: true });
      await mkdir(join(c.disk, "backups"), { recursive: true });
      const handle = await open(path, "w");
      try {
        await handle.truncate(BIG_FILE.bytes);
      } finally {
        await handle.close();
      }
      return `${path}: ${BIG_FILE.bytes / 1024 / 1024} MB (sparse)`;
    },
    async off(c) {
      await rm(join(c.disk, BIG_FILE.path), { force: true });
      return "big-files off";
    },
    isOn: (c) =>
      stat(join(c.disk, BIG_FILE.path)).then(
        () => true,
        () => false,
      ),
  },
};

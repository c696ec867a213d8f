import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RollbackTarget } from "@/lib/model/rollback";
import { backupContainerState, composeBackupPlan } from "@/lib/rollback/backup-plan";
import { runStep } from "@/lib/rollback/run-step";
import { DOCKER_SOCKET, importBusyboxImage, isDockerAvailable } from "@/scripts/services/test-servers";

// The backup action's steps against a real container: the command runs by `docker exec`, its output is
// the step's, a non-zero exit fails it, and the new dump must be on disk (a bind-mounted folder).
const available = await isDockerAvailable();
if (!available) console.warn(`backup.int.test.ts skipped: no Docker engine at ${DOCKER_SOCKET}`);

const RUN = `${process.pid}`;
const IMAGE = `warroom-backup-test-${RUN}:latest`;
const NAME = `wr-backup-cron-${RUN}`;
const docker = new Docker({ socketPath: DOCKER_SOCKET });
let dir: string;

const target = (command: string[]): RollbackTarget => ({
  project: null,
  services: [],
  rollbackStatePath: "",
  apiUrl: "http://127.0.0.1:1",
  healthTimeoutMs: 10_000,
  stopTimeoutS: 1,
  engineCallMs: 10_000,
  verify: [],
  manual: [],
  backup: { service: "backup-cron", container: NAME, command, dir },
});

async function run(command: string[]) {
  const t = target(command);
  if (!t.backup) throw new Error("no backup");
  const plan = composeBackupPlan(t, t.backup, await backupContainerState(docker, t.backup), new Date());
  const output: string[] = [];
  for (const step of plan.steps) {
    try {
      await runStep(docker, t, step, "test-run", (line) => output.push(line), AbortSignal.timeout(30_000));
    } catch (err) {
      return { plan, output, failed: `${step.kind}: ${(err as Error).message}` };
    }
  }
  return { plan, output, failed: null };
}

describe.skipIf(!available)("backup action on a real container", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "warroom-backups-"));
    await importBusyboxImage(docker, IMAGE);
    const c = await docker.createContainer({
      name: NAME,
      Image: IMAGE,
      Cmd: ["sh", "-c", "while true; do sleep 1; done"],
      HostConfig: { NetworkMode: "host", Binds: [`${dir}:/backups`] },
    });
    await c.start();
  }, 60_000);

  afterAll(async () => {
    await docker
      .getContainer(NAME)
      .remove({ force: true })
      .catch(() => undefined);
    await docker
      .getImage(IMAGE)
      .remove({ force: true })
      .catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the command in the container and finds the new dump on disk", async () => {
    const r = await run([
      "sh",
      "-c",
      "echo 'CREATE TABLE products' > /backups/catalog-1.sql && echo backup written",
    ]);
    expect(r.failed).toBeNull();
    expect(r.output[0]).toBe("backup written");
    expect(r.output[1]).toMatch(/^catalog-1\.sql 22 bytes, written \d{4}-/);
    expect(await readdir(dir)).toEqual(["catalog-1.sql"]);
  });

  it("a failing command fails the run with its exit code and its stderr", async () => {
    const r = await run(["sh", "-c", "echo 'pg_dump: connection refused' >&2; exit 3"]);
    expect(r.failed).toBe(`exec: sh -c echo 'pg_dump: connection refused' >&2; exit 3 in ${NAME} exited 3`);
    expect(r.output).toContain("pg_dump: connection refused");
  });

  it("a command that exits 0 without writing a dump fails the disk check", async () => {
    const r = await run(["true"]);
    expect(r.failed).toMatch(
      /^check-backup: the newest backup in .* \(catalog-1\.sql, .*\) is older than this run$/,
    );
  });

  it("a stopped backup container blocks the plan", async () => {
    await docker.getContainer(NAME).stop({ t: 1 });
    const r = await run(["true"]);
    expect(r.plan.blocked).toMatch(/is exited: start it before running true in it/);
    expect(r.plan.steps).toEqual([]);
  });
});

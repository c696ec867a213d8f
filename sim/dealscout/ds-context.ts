import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type Docker from "dockerode";
import { connectDocker } from "@/lib/rollback/docker-engine";
import { type DsPorts, resolveDsPorts } from "./ds-config";

export type DsOptions = {
  docker?: Docker;
  /** Ports (SIM_DS_*_PORT), WARROOM_DS_STACK_DIR, DOCKER_SOCKET; default process.env. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  log?: (line: string) => void;
};

export type DsContext = {
  docker: Docker;
  env: Record<string, string | undefined>;
  /** State folder (.warroom/deal-scout): the ports of the last `up`, and the disk tmpfs. */
  root: string;
  disk: string;
  log: (line: string) => void;
};

export function dsContext(opts: DsOptions = {}): DsContext {
  const env = opts.env ?? process.env;
  const root = resolve(opts.cwd ?? process.cwd(), env.WARROOM_DS_STACK_DIR || ".warroom/deal-scout");
  return {
    docker: opts.docker ?? connectDocker(env),
    env,
    root,
    disk: join(root, "disk"),
    log: opts.log ?? (() => undefined),
  };
}

const recordPath = (ctx: DsContext) => join(ctx.root, "stack.json");

export async function writeDsRecord(ctx: DsContext, ports: DsPorts): Promise<void> {
  await mkdir(ctx.root, { recursive: true });
  await writeFile(recordPath(ctx), `${JSON.stringify({ ports }, null, 2)}\n`);
}

/** The ports the last `up` used (so a later `fault` finds the stack), else those of the environment. */
export async function dsPorts(ctx: DsContext): Promise<DsPorts> {
  const fromEnv = resolveDsPorts(ctx.env);
  const raw = await readFile(recordPath(ctx), "utf8").catch(() => null);
  if (!raw) return fromEnv;
  try {
    return { ...fromEnv, ...(JSON.parse(raw) as { ports: Partial<DsPorts> }).ports };
  } catch {
    return fromEnv;
  }
}

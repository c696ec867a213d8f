import { assertEngineReachable } from "@/lib/rollback/docker-engine";
import { unmountDisk } from "./host-disk";
import { FAULT_LABEL } from "./stack-config";
import { listStackContainers, removeContainer } from "./stack-containers";
import { type StackOptions, stackContext } from "./stack-context";

/** Removes every stack container and fault helper, and unmounts the disk-pressure tmpfs. Images stay (cache). */
export async function stackDown(opts: StackOptions = {}): Promise<string[]> {
  const ctx = stackContext(opts);
  await assertEngineReachable(ctx.docker);
  const helpers = await ctx.docker.listContainers({ all: true, filters: { label: [FAULT_LABEL] } });
  const containers = [...helpers, ...(await listStackContainers(ctx.docker))];
  const names = containers.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, ""));
  await Promise.all(containers.map((c) => removeContainer(ctx.docker, c.Id)));
  await unmountDisk(ctx.paths.disk).catch((err: unknown) => {
    ctx.log(`could not unmount ${ctx.paths.disk}: ${err instanceof Error ? err.message : String(err)}`);
  });
  for (const name of names) ctx.log(`removed ${name}`);
  return names;
}

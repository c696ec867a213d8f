import type Docker from "dockerode";
import { connectDocker } from "@/lib/rollback/docker-engine";
import { resolveStackPaths, type StackPaths } from "./stack-config";

export type StackOptions = {
  /** Default: the engine at DOCKER_SOCKET or /var/run/docker.sock. */
  docker?: Docker;
  /** Default: process.env (ports, WARROOM_STACK_DIR, SIM_STACK_PRODUCTS). */
  env?: Record<string, string | undefined>;
  /** Base of the default state directory .warroom/stack; default: process.cwd(). */
  cwd?: string;
  log?: (line: string) => void;
};

export type StackContext = {
  docker: Docker;
  env: Record<string, string | undefined>;
  paths: StackPaths;
  log: (line: string) => void;
};

export function stackContext(opts: StackOptions = {}): StackContext {
  const env = opts.env ?? process.env;
  return {
    docker: opts.docker ?? connectDocker(env),
    env,
    paths: resolveStackPaths(env, opts.cwd),
    log: opts.log ?? (() => undefined),
  };
}

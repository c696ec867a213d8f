import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));

export type Finished = { code: number | null; stdout: string; stderr: string };

/** Runs `tsx <script> ...args` from the repo root, as `npm run sim` does. */
export function spawnTsx(
  script: string,
  args: string[],
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [TSX, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
}

export function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += String(d);
  });
  child.stderr.on("data", (d) => {
    stderr += String(d);
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

export function runTsx(script: string, args: string[], env: Record<string, string>): Promise<Finished> {
  return finished(spawnTsx(script, args, env));
}

/** Collects stdout until `pattern` has matched, or rejects if the process exits first. */
export function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const onData = (d: Buffer) => {
      out += String(d);
      if (pattern.test(out)) {
        child.stdout.off("data", onData);
        resolve(out);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.once("exit", (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}: ${out}${err}`)),
    );
  });
}

import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The absolute library paths in `ldd` output, loader included. "not found" is an error: an image
 * missing a library would only fail when its container starts.
 */
export function parseLdd(output: string, binary: string): string[] {
  const paths: string[] = [];
  for (const raw of output.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("linux-vdso") || line.includes("statically linked")) continue;
    if (line.includes("=> not found")) {
      throw new Error(`${binary} needs ${line.split(/\s/)[0]}, which ldd cannot find`);
    }
    const match = /=>\s*(\/\S+)/.exec(line) ?? /^(\/\S+)\s+\(0x/.exec(line);
    if (match?.[1]) paths.push(match[1]);
  }
  return paths;
}

/** The shared libraries of every file, deduplicated, from running `ldd` on each. */
export async function sharedLibraries(files: readonly string[]): Promise<string[]> {
  const all = new Set<string>();
  for (const file of files) {
    let stdout = "";
    try {
      ({ stdout } = await run("ldd", [file]));
    } catch (err) {
      // ldd exits 1 for a static binary or a non-ELF file ("not a dynamic executable").
      const out = err instanceof Error && "stdout" in err ? String(err.stdout) : "";
      if (/not a dynamic executable|statically linked/.test(out + String(err))) continue;
      throw err;
    }
    for (const lib of parseLdd(stdout, file)) all.add(lib);
  }
  return [...all].sort();
}

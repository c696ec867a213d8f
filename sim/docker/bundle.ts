import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The repository root (this file is sim/docker/bundle.ts). */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export const BUNDLE_ENTRIES = {
  api: "sim/docker/api/container-main.ts",
  mcp: "sim/docker/mcp/container-main.ts",
  "dealscout-backend": "sim/dealscout/backend/backend-main.ts",
  "dealscout-integrations": "sim/dealscout/integrations/integrations-main.ts",
} as const;
export type BundleName = keyof typeof BUNDLE_ENTRIES;

/** One CommonJS file for the node binary inside an image, dependencies (pg, ioredis, zod) included. */
export async function bundleEntry(name: BundleName, root: string = REPO_ROOT): Promise<string> {
  const esbuild = join(root, "node_modules/.bin/esbuild");
  try {
    const { stdout } = await run(
      esbuild,
      [
        join(root, BUNDLE_ENTRIES[name]),
        "--bundle",
        "--platform=node",
        "--target=node20",
        "--format=cjs",
        "--external:pg-native",
        "--log-level=warning",
        "--legal-comments=none",
      ],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } catch (err) {
    const detail = err instanceof Error && "stderr" in err ? String(err.stderr) : String(err);
    throw new Error(`could not bundle ${BUNDLE_ENTRIES[name]} with ${esbuild}: ${detail}`, { cause: err });
  }
}

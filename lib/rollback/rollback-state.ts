import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** The deploy runbook's .rollback_state (§2 step 1), plus DEPLOY_SHA: the release that replaced PREV. */
export type RollbackState = {
  PREV_API_IMAGE: string;
  PREV_MCP_IMAGE: string;
  PREV_SHA: string;
  DEPLOY_TIME: string;
  DEPLOY_SHA: string;
};

const KEYS = ["PREV_API_IMAGE", "PREV_MCP_IMAGE", "PREV_SHA", "DEPLOY_TIME", "DEPLOY_SHA"] as const;

/** Shell-sourceable, as the runbook's heredoc writes it: KEY="value" per line. */
export function formatRollbackState(state: RollbackState): string {
  return KEYS.map((key) => `${key}="${state[key].replace(/["\\$`]/g, "")}"`)
    .join("\n")
    .concat("\n");
}

/** Reads KEY="value" lines; a key that is missing comes back as "none", like the runbook's fallback. */
export function parseRollbackState(text: string): RollbackState {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\s*(?:export\s+)?([A-Z_]+)=(?:"([^"]*)"|'([^']*)'|(\S*))\s*$/.exec(line);
    if (match?.[1]) values.set(match[1], match[2] ?? match[3] ?? match[4] ?? "");
  }
  const get = (key: (typeof KEYS)[number]) => values.get(key) ?? "none";
  return {
    PREV_API_IMAGE: get("PREV_API_IMAGE"),
    PREV_MCP_IMAGE: get("PREV_MCP_IMAGE"),
    PREV_SHA: get("PREV_SHA"),
    DEPLOY_TIME: get("DEPLOY_TIME"),
    DEPLOY_SHA: get("DEPLOY_SHA"),
  };
}

export async function writeRollbackState(path: string, state: RollbackState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Written whole then renamed: a reader never sees half a file.
  await writeFile(`${path}.tmp`, formatRollbackState(state));
  await rename(`${path}.tmp`, path);
}

export async function readRollbackState(path: string): Promise<RollbackState | null> {
  const text = await readFile(path, "utf8").catch(() => null);
  return text === null ? null : parseRollbackState(text);
}

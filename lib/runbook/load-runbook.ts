import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { toLocalWallTime, zonedLocalToUtc } from "@/lib/model/launch-time";
import { type Runbook, runbookSchema } from "@/lib/model/runbook-schema";
import { interpolateEnv } from "@/lib/runbook/interpolate-env";
import { PRESETS, type PresetId } from "@/lib/runbook/presets";

export class RunbookError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
    this.name = "RunbookError";
  }
}

export type LoadedRunbook = {
  runbook: Runbook;
  /** "preset:buywhere-us-launch" or the file path. */
  source: string;
  /** When WARROOM_LAUNCH_AT moved T-0: the runbook's own T-0 and why it moved. */
  launchOverride: { runbookLocal: string; note: string } | null;
};

type Env = Record<string, string | undefined>;

/** Load the runbook named by the environment; throws RunbookError naming the field and the reason. */
export function loadRunbook(env: Env = process.env, now: Date = new Date()): LoadedRunbook {
  const file = env.WARROOM_RUNBOOK;
  const presetId = env.WARROOM_PRESET ?? "buywhere-us-launch";
  let source: string;
  let raw: unknown;
  if (file) {
    source = path.resolve(file);
    raw = resolveReferences(readRunbookFile(source), source, env);
  } else {
    if (!(presetId in PRESETS)) {
      throw new RunbookError(
        `WARROOM_PRESET: unknown preset "${presetId}"; known presets: ${Object.keys(PRESETS).join(", ")}`,
        "env",
      );
    }
    source = `preset:${presetId}`;
    raw = PRESETS[presetId as PresetId](env);
  }
  const runbook = parseRunbook(raw, source);
  return applyOverrides(runbook, source, env, now);
}

export function parseRunbook(raw: unknown, source: string): Runbook {
  const result = runbookSchema.safeParse(raw);
  if (!result.success) {
    throw new RunbookError(`Invalid runbook (${source}):\n${formatIssues(result.error)}`, source);
  }
  return result.data;
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => {
      const where = issue.path.length ? formatPath(issue.path) : "(root)";
      return `  - ${where}: ${issue.message}`;
    })
    .join("\n");
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, "");
}

/** A file names the environment's values as ${VAR} references (a preset reads them from env directly). */
function resolveReferences(raw: unknown, source: string, env: Env): unknown {
  const { value, issues } = interpolateEnv(raw, env);
  if (issues.length === 0) return value;
  const listed = issues.slice(0, 20).map((issue) => `  - ${issue}`);
  throw new RunbookError(`Invalid runbook (${source}):\n${listed.join("\n")}`, source);
}

function readRunbookFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new RunbookError(`WARROOM_RUNBOOK: cannot read ${file}: ${(err as Error).message}`, file);
  }
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === ".json") return JSON.parse(text);
    if (ext === ".yaml" || ext === ".yml") return parseYaml(text);
  } catch (err) {
    throw new RunbookError(
      `Invalid runbook (${file}): not valid ${ext.slice(1).toUpperCase()}: ${(err as Error).message}`,
      file,
    );
  }
  throw new RunbookError(`WARROOM_RUNBOOK: ${file} must end in .json, .yaml or .yml`, file);
}

const RELATIVE = /^now([+-])(\d+)(s|m|h)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

function applyOverrides(runbook: Runbook, source: string, env: Env, now: Date): LoadedRunbook {
  let result: Runbook = runbook;
  if (env.WARROOM_INTERVAL_MS) {
    const intervalMs = Number(env.WARROOM_INTERVAL_MS);
    if (!Number.isInteger(intervalMs) || intervalMs < 1000) {
      throw new RunbookError(
        `WARROOM_INTERVAL_MS: must be an integer of at least 1000, got "${env.WARROOM_INTERVAL_MS}"`,
        "env",
      );
    }
    result = { ...result, collector: { ...result.collector, intervalMs } };
  }
  const at = env.WARROOM_LAUNCH_AT;
  if (!at) return { runbook: result, source, launchOverride: null };

  const rel = RELATIVE.exec(at);
  let local: string;
  if (rel) {
    const [, sign, amount, unit] = rel;
    const ms = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS] * (sign === "-" ? -1 : 1);
    local = toLocalWallTime(new Date(now.getTime() + ms), runbook.launch.timeZone);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(at)) {
    local = at;
  } else {
    throw new RunbookError(
      `WARROOM_LAUNCH_AT: "${at}" is neither a local date-time (2026-04-23T09:00) nor relative (now+2h, now-15m)`,
      "env",
    );
  }
  zonedLocalToUtc(local, runbook.launch.timeZone);
  return {
    runbook: { ...result, launch: { ...result.launch, local } },
    source,
    launchOverride: {
      runbookLocal: runbook.launch.local,
      note: `T-0 set by WARROOM_LAUNCH_AT=${at}; the runbook's T-0 is ${runbook.launch.local.replace("T", " ")} ${runbook.launch.timeZone}`,
    },
  };
}

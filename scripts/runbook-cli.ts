// `npm run runbook -- export <preset>` and `npm run runbook -- check <file>` (docs/runbook-portable.md).
import { describeActions } from "@/lib/rollback/describe-actions";
import { resolveActions } from "@/lib/rollback/target";
import { modesOf } from "@/lib/rules/screen-mode";
import { describeChecks } from "@/lib/runbook/describe-checks";
import { exportPreset } from "@/lib/runbook/export-preset";
import { loadRunbook } from "@/lib/runbook/load-runbook";
import { PRESETS } from "@/lib/runbook/presets";

type Env = Record<string, string | undefined>;
export type CliOutput = { out: (text: string) => void; err: (text: string) => void };

const USAGE = [
  `usage: npm run runbook -- export <preset>   print a preset as YAML, environment values as \${VAR}`,
  "       npm run runbook -- check <file>      validate a runbook file; list its probes and actions",
  `presets: ${Object.keys(PRESETS).join(", ")}`,
].join("\n");

/** Runs one command; returns the exit code (1: the file or preset is refused, 2: usage). */
export function runRunbookCli(args: string[], env: Env, io: CliOutput): number {
  const [command, target, ...rest] = args;
  if (!target || rest.length > 0 || (command !== "export" && command !== "check")) {
    io.err(USAGE);
    return 2;
  }
  try {
    io.out(command === "export" ? exportPreset(target, env) : checkReport(target, env));
    return 0;
  } catch (err) {
    io.err((err as Error).message);
    return 1;
  }
}

/** The file loaded exactly as the server loads WARROOM_RUNBOOK, then what it will probe and may do. */
function checkReport(file: string, env: Env): string {
  const { runbook, source, launchOverride } = loadRunbook({ ...env, WARROOM_RUNBOOK: file });
  const actions = resolveActions(runbook.actions, env);
  const modes = modesOf(runbook);
  return [
    `${source}: valid runbook "${runbook.id}" (${runbook.name}, ${runbook.system})`,
    `Screen modes: ${modes.join(", ")}`,
    // A runbook without a launch mode keeps a T-0 in its schema, but no screen counts down to it.
    ...(modes.includes("launch")
      ? [
          `T-0 ${runbook.launch.local} ${runbook.launch.timeZone}${launchOverride ? ` (${launchOverride.note})` : ""}`,
        ]
      : []),
    "",
    `Probes (${runbook.checks.length} checks, every ${runbook.collector.intervalMs / 1000} s):`,
    ...describeChecks(runbook.checks),
    "",
    "Actions:",
    ...describeActions(actions),
    "",
  ].join("\n");
}

// Sections that drive server-only modules (the store, the executor) run in a child started with the
// react-server condition; these two halves are that handshake.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Runs `moduleUrl` with `--child`; its stdout lines are the figures (the store's `[db]` lines dropped). */
export function runServerChild(moduleUrl: string, section: string): string[] {
  const r = spawnSync(
    "node_modules/.bin/tsx",
    ["--conditions=react-server", fileURLToPath(moduleUrl), "--child"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      // The executor logs every step as JSON; the sections print their own lines.
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
      timeout: 20 * 60_000,
    },
  );
  if (r.status !== 0) return ["", `${section}: FAILED (see stderr)`, r.stdout ?? ""];
  return [
    "",
    ...(r.stdout ?? "")
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("[db]")),
  ];
}

/** In the child: runs `child` and exits 0, or prints the error and exits 1. */
export function whenServerChild(child: () => Promise<void>): void {
  if (!process.argv.includes("--child")) return;
  child().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

// Prints docs/security.md's route table from the route files: `npx tsx scripts/security-matrix.ts`.
// Each route's action and `mutating` flag come from its handleLaunchRoute spec; who may act is the rule
// its verb enforces (lib/auth/permissions.ts and the domains' permissions), listed here by action.
// scripts/security-matrix.test.ts fails when the table in docs/security.md no longer matches.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Row = { route: string; method: string; action: string; mutating: boolean | null };

/** Who may act, by action; routes that are not adapter routes are named by path. */
const WHO: Record<string, string> = {
  "sign-in": "anyone with a person's password (limited per client and person)",
  me: "public (who is signed in, sign-in mode)",
  "sign-out": "signed in",
  "comms-read": "signed in",
  "comms-post": "lead, comms owner",
  events: "public",
  health: "public",
  metrics: "this machine (loopback), or `Bearer $WARROOM_METRICS_TOKEN`",
  history: "public",
  "incident-postmortem": "signed in",
  "checklist-tick": "the item's owner (a person, or anyone of its role) or the lead; not viewers",
  "incident-note": "all but viewer; `status-post`: lead, comms owner",
  "incident-reclassify": "lead",
  "incident-resolve": "lead",
  incidents: "signed in",
  "incident-declare": "lead",
  "audit-read": "signed in",
  checkpoint: "the checkpoint's owner (deploy Go/Hold: Rex)",
  decision: "lead",
  delay: "lead",
  "launch-state": "public (the TV)",
  "screen-mode": "lead",
  tick: "the item's owner",
  vote: "owner, own domain",
  waiver: "a person of the gate's domain (not exec, viewer)",
  "rollback.plan": "signed in (`canStart`: lead)",
  "restart-api": "lead + typed confirmation + plan hash",
  "restart-stack": "lead + typed confirmation + plan hash",
  "stop-ingestion": "lead + typed confirmation + plan hash",
  "resume-ingestion": "lead + typed confirmation + plan hash (refused until the verification check reads ok)",
  "service-action": "lead + typed confirmation (the action's own word) + plan hash",
  backup: "lead + typed confirmation + plan hash",
  "pause-us": "lead + typed confirmation + plan hash",
  "resume-us": "lead + typed confirmation + plan hash",
  "disk-cleanup":
    "lead or the runbook's cleanup owner (`actions.cleanup.ownerDomain`) + typed confirmation + plan hash",
  "disk-view": "signed in",
  "rollback.run": "signed in",
  "rollback.runs": "signed in",
  rollback: "lead + typed confirmation + plan hash",
  "rollback.abort": "lead (stops the run after its current step)",
  state: "public",
  stream: "public",
};

/** Routes that do not go through handleLaunchRoute: their action name, and whether they change state. */
const CUSTOM: Record<string, { action: string; mutating: boolean | null }> = {
  "/api/auth/me": { action: "me", mutating: false },
  "/api/auth/sign-in": { action: "sign-in", mutating: true },
  "/api/events": { action: "events", mutating: null },
  "/api/health": { action: "health", mutating: null },
  "/api/history": { action: "history", mutating: null },
  "/metrics": { action: "metrics", mutating: null },
  "/api/launch/state": { action: "launch-state", mutating: false },
  "/api/state": { action: "state", mutating: null },
  "/api/stream": { action: "stream", mutating: null },
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return e.name === "route.ts" ? [p] : [];
  });
}

export function readRoutes(root = ROOT): Row[] {
  const rows: Row[] = [];
  const files = [...routeFiles(path.join(root, "app/api")), ...routeFiles(path.join(root, "app/metrics"))];
  for (const file of files.sort()) {
    const route = `/${path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).join("/")}`;
    const text = readFileSync(file, "utf8");
    const parts = text.split(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/).slice(1);
    for (let i = 0; i < parts.length; i += 2) {
      const method = parts[i] ?? "";
      const body = parts[i + 1] ?? "";
      const action = /action: "([^"]+)"/.exec(body)?.[1];
      const mutating = /mutating: (true|false)/.exec(body)?.[1];
      const custom = CUSTOM[route];
      if (action) rows.push({ route, method, action, mutating: mutating === "true" });
      else if (custom) rows.push({ route, method, ...custom });
      else
        throw new Error(
          `${route} ${method}: no action found; add it to CUSTOM in scripts/security-matrix.ts`,
        );
    }
  }
  return rows;
}

/** The Markdown table: route × who × sign-in × origin × audit. */
export function renderMatrix(rows: Row[]): string {
  const lines = [
    "| route | method | who may | identity | Origin (cookie sessions) | refusals audited |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const who = WHO[r.action];
    if (!who) throw new Error(`no rule listed for action "${r.action}" in scripts/security-matrix.ts`);
    const adapter = !(r.route in CUSTOM);
    const identity = adapter
      ? "session or bearer"
      : r.action === "sign-in"
        ? "password"
        : r.action === "metrics"
          ? "client address or metrics token"
          : "none";
    const origin =
      r.action === "sign-in" ? "always checked" : adapter && r.mutating ? "checked (bearer exempt)" : "—";
    const audited =
      r.action === "sign-in"
        ? "failures, 429s, bad origin (tallied)"
        : adapter && r.mutating
          ? "yes (anonymous: tallied)"
          : "—";
    lines.push(`| \`${r.route}\` | ${r.method} | ${who} | ${identity} | ${origin} | ${audited} |`);
  }
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(renderMatrix(readRoutes()));
}

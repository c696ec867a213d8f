import { redactUrl } from "@/lib/model/redact";
import {
  type ManualAction,
  type RollbackTarget,
  RUN_KINDS,
  type RunKind,
  type ServiceTarget,
} from "@/lib/model/rollback";
import type { ResolvedActions } from "@/lib/rollback/target";

const ACTION_NAMES: Record<RunKind, string> = {
  rollback: "rollback",
  "restart-api": "restart",
  "disk-cleanup": "cleanup",
  "restart-stack": "full stack restart",
  "stop-ingestion": "ingestion stop",
  "resume-ingestion": "ingestion resume",
  "service-action": "service actions",
  backup: "backup",
  "pause-us": "US traffic pause",
  "resume-us": "US traffic resume",
};

/** What each Docker action does to a service, by role (lib/rollback/compose-plan.ts). */
function serviceLine(s: ServiceTarget, kind: RunKind): string {
  if (s.role === "primary") {
    const what =
      kind === "rollback"
        ? `recreated on its previous image${s.stateKey ? ` (${s.stateKey})` : ""}${s.repo ? `, ${s.repo}:latest re-tagged` : ""}, then verified`
        : "restarted, waited for health, then verified";
    return `    primary    ${s.container}: ${what}`;
  }
  const absent = s.optional ? "; optional: skipped, and named so in the plan, when it does not exist" : "";
  return `    dependent  ${s.container}: stopped with the primary, started after${absent}`;
}

function stackLine(target: RollbackTarget | null): string {
  if (!target) return "  stack: none named, so no Docker action (what is described is manual)";
  if (target.services.length === 0)
    return "  stack: none named: no Docker action; the service actions are requests";
  const services = target.services.map(
    (s) => `${s.container} (${s.role ?? "dependent"}${s.optional ? ", optional" : ""})`,
  );
  return `  stack: ${target.project ? `compose project ${target.project}` : "named containers"}: ${services.join(", ")}`;
}

function manualLines(action: ManualAction): string[] {
  return action.steps.flatMap((step, i) => [
    `    ${i + 1}. ${step.name}: ${step.command}`,
    ...(step.warning ? [`       ! ${step.warning}`] : []),
  ]);
}

function cleanupLines(target: RollbackTarget): string[] {
  const c = target.cleanup;
  if (!c) return ["  cleanup: not described by this runbook (the button is not offered)"];
  return [
    `  cleanup: docker${c.source ? ` (${c.source})` : ""}, by the lead${c.ownerDomain ? ` or the ${c.ownerDomain} owner` : ""}:`,
    "    docker builder prune -f; dangling images" +
      (c.onlyLabel ? ` labelled ${c.onlyLabel}` : "") +
      " except the rollback state's previous images and the images of the project's containers",
    ...(c.files ?? []).map(
      (g) =>
        `    ${g.label}: files under ${g.dir}${g.name ? ` named ${g.name}` : ""} older than ${g.olderThanDays} days (find -mtime +${g.olderThanDays}), each listed before it is deleted`,
    ),
    "    never: a tagged image (every sha- image stays), a container, a volume",
    ...(c.manual.length > 0
      ? [
          "    manual, never run by warroom:",
          ...manualLines({ kind: "manual", steps: c.manual }).map((l) => `  ${l}`),
        ]
      : []),
  ];
}

function otherLines(target: RollbackTarget, kind: RunKind): string[] | null {
  const on = `docker, on compose project ${target.project}`;
  if (kind === "restart-stack" && target.restartStack) {
    const tiers = target.restartStack.tiers.map((t) => t.join(" + ")).join(" → ");
    return [
      `  ${ACTION_NAMES[kind]}: ${on}, by the lead: every container restarted, same images`,
      `    order: ${tiers || "(none given)"} → the project's other services; each tier waited healthy`,
      `    verifies against ${redactUrl(target.apiUrl)} once ${target.services[0]?.service} is healthy`,
    ];
  }
  if ((kind === "stop-ingestion" || kind === "resume-ingestion") && target.ingestion) {
    const i = target.ingestion;
    return kind === "stop-ingestion"
      ? [`  ${ACTION_NAMES[kind]}: ${on}, by the lead: docker stop ${i.services.join(", ")}`]
      : [
          `  ${ACTION_NAMES[kind]}: ${on}, by the lead: docker start ${i.services.join(", ")}, waited healthy` +
            (i.verifyCheck ? `; only once ${i.verifyCheck} reads ok` : ""),
        ];
  }
  if ((kind === "pause-us" || kind === "resume-us") && target.usTraffic) {
    const u = target.usTraffic;
    const cmds = (kind === "pause-us" ? u.pause : u.resume).map(
      (c) => `docker exec ${u.container} ${c.join(" ")}`,
    );
    const verify = kind === "pause-us" ? u.verifyPaused : u.verifyResumed;
    return [
      `  ${ACTION_NAMES[kind]}: docker, by the lead: ${cmds.join("; ")}`,
      ...(verify.length ? [`    then verifies: ${verify.map((v) => v.label).join("; ")}`] : []),
    ];
  }
  if (kind === "backup" && target.backup) {
    const b = target.backup;
    return [
      `  ${ACTION_NAMES[kind]}: docker, by the lead: docker exec ${b.container} ${b.command.join(" ")}` +
        (b.dir ? `; a new dump must appear in ${b.dir}` : ""),
    ];
  }
  return null;
}

function serviceActionLines(target: RollbackTarget): string[] {
  const where = target.project ? `docker, on compose project ${target.project}` : "requests on this machine";
  const step = (s: NonNullable<RollbackTarget["serviceActions"]>[number]["steps"][number]) =>
    s.do === "http" ? `${s.method} ${redactUrl(s.url)}` : "service" in s ? `${s.do} ${s.service}` : s.do;
  return [
    `  service actions: ${where}, by the lead:`,
    ...(target.serviceActions ?? []).map(
      (a) => `    ${a.id} (${a.confirm}): ${a.steps.map(step).join(", ")}`,
    ),
  ];
}

function dockerLines(target: RollbackTarget, kind: RunKind): string[] {
  if (kind === "disk-cleanup") return cleanupLines(target);
  if (kind === "service-action") return serviceActionLines(target);
  const other = otherLines(target, kind);
  if (other) return other;
  if (kind !== "rollback" && kind !== "restart-api")
    return [`  ${ACTION_NAMES[kind]}: not described by this runbook`];
  const lines = [
    `  ${ACTION_NAMES[kind]}: docker, on ${target.project ? `compose project ${target.project}` : "named containers"}`,
    // A restart touches the primary only.
    ...target.services
      .filter((s) => kind === "rollback" || s.role === "primary")
      .map((s) => serviceLine(s, kind)),
  ];
  if (kind === "rollback") lines.push(`    state file ${target.rollbackStatePath}`);
  lines.push(
    `    health wait ≤ ${target.healthTimeoutMs / 1000} s, stop timeout ${target.stopTimeoutS} s`,
    `    verifies against ${redactUrl(target.apiUrl)}:`,
    ...(kind === "rollback" ? target.verify : target.verify.slice(0, 1)).map(
      (v) => `      ${v.match.padEnd(8)} ${v.path}  (${v.label ?? v.match})`,
    ),
  );
  if (kind === "rollback" && target.manual.length > 0) {
    lines.push("    manual, never run by warroom:");
    lines.push(...manualLines({ kind: "manual", steps: target.manual }).map((l) => `  ${l}`));
  }
  return lines;
}

/** The actions the runbook allows, on which containers, and the manual steps it only shows. */
export function describeActions(actions: ResolvedActions): string[] {
  const lines: string[] = [stackLine(actions.target)];
  for (const kind of RUN_KINDS) {
    const manual = actions.manual[kind];
    if (manual) {
      lines.push(
        `  ${ACTION_NAMES[kind]}: manual${manual.source ? ` (${manual.source})` : ""}, never run by warroom:`,
      );
      lines.push(...manualLines(manual));
    } else if (actions.missing.includes(kind)) {
      lines.push(`  ${ACTION_NAMES[kind]}: not described by this runbook (the button is not offered)`);
    } else if (actions.target) {
      lines.push(...dockerLines(actions.target, kind));
    }
  }
  return lines;
}

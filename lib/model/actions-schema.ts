import { z } from "zod";
import { httpCheckSchema, redirectCheckSchema } from "@/lib/model/http-check-schemas";
import { manualStepSchema } from "@/lib/model/manual-step-schema";
import { fileCleanupSchema, STACKLESS_STEPS, serviceActionSchema } from "@/lib/model/service-actions-schema";

/** Docker's own default stop timeout; a runbook that names none says it uses this one. */
export const DOCKER_DEFAULT_STOP_TIMEOUT_S = 10;
export const DEFAULT_HEALTH_WAIT_MS = 120_000;

export { type ManualStep, manualStepSchema } from "@/lib/model/manual-step-schema";

export const SERVICE_ROLES = ["primary", "dependent"] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** The rollback state file's keys that hold a service's previous image (deploy runbook §2 step 1). */
export const STATE_IMAGE_KEYS = ["PREV_API_IMAGE", "PREV_MCP_IMAGE"] as const;

export const actionServiceSchema = z.object({
  /** The compose service name. */
  service: z.string().min(1),
  /** The container's name; default `<project>-<service>-1`, as compose names it. */
  container: z.string().min(1).optional(),
  /** primary: recreated on its previous image and verified; dependent: stopped before, started after. */
  role: z.enum(SERVICE_ROLES),
  /** May be absent on this stack: the plan names it skipped instead of warning about it. */
  optional: z.boolean().default(false),
  /** The image repository whose `latest` goes back to the previous `sha-` image (absent: not re-tagged). */
  repo: z.string().min(1).optional(),
  /** The rollback state file's key naming this service's previous image. */
  stateKey: z.enum(STATE_IMAGE_KEYS).optional(),
});
export type ActionService = z.infer<typeof actionServiceSchema>;

const path = z.string().startsWith("/", "must be a path such as /health");

/** A request sent after the primary is healthy, judged by the same matchers as the HTTP checks. */
export const verifyRequestSchema = z.discriminatedUnion("match", [
  httpCheckSchema.pick({ label: true, expectStatus: true }).extend({ match: z.literal("status"), path }),
  httpCheckSchema
    .pick({ label: true, expectStatus: true, json: true })
    .extend({ match: z.literal("json"), path }),
  redirectCheckSchema
    .pick({ label: true, expectHost: true, expectParams: true })
    .extend({ match: z.literal("redirect"), path }),
]);
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;
export type VerifyRequestInput = z.input<typeof verifyRequestSchema>;

/** Where the Docker actions act: the compose project (or named containers) and how to judge the result. */
export const actionStackSchema = z
  .object({
    project: z.string().min(1).optional(),
    services: z.array(actionServiceSchema).min(1),
    /** The deploy's rollback state file (PREV_* images); needed by a Docker rollback. */
    stateFile: z.string().min(1).optional(),
    /** Where verification requests go; absent: the API of the stack as last brought up (lib/rollback). */
    baseUrl: z.string().url().optional(),
    verify: z.array(verifyRequestSchema).default([]),
    /** Bound on each wait for Docker health `healthy`. */
    healthWaitMs: z.number().int().min(1000).max(600_000).default(DEFAULT_HEALTH_WAIT_MS),
    /** `docker stop -t`: seconds between SIGTERM and SIGKILL. */
    stopTimeoutS: z.number().int().min(0).max(300).default(DOCKER_DEFAULT_STOP_TIMEOUT_S),
    source: z.string().optional(),
  })
  .superRefine((stack, ctx) => {
    const primaries = stack.services.filter((s) => s.role === "primary");
    if (primaries.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["services"], message: "needs exactly one primary service" });
    }
    if (primaries[0]?.optional) {
      ctx.addIssue({ code: "custom", path: ["services"], message: "the primary cannot be optional" });
    }
    stack.services.forEach((s, i) => {
      if (!stack.project && !s.container) {
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "container"],
          message: "name the container, or give the stack a compose project",
        });
      }
    });
  });
export type ActionStack = z.infer<typeof actionStackSchema>;

const manualActionSchema = z.object({
  kind: z.literal("manual"),
  source: z.string().optional(),
  steps: z.array(manualStepSchema).min(1),
});

/** An action warroom runs on the Docker engine with these settings, or the runbook's manual steps instead. */
function dockerOrManual<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("docker"), source: z.string().optional(), ...shape }),
    manualActionSchema,
  ]);
}

/** Where an exec runs: the container of `service`, or the one named. */
const execTarget = { service: z.string().min(1), container: z.string().min(1).optional() };

/** The runbook's actions: a Docker rollback/restart on `stack`, or manual steps warroom shows, never runs. */
export const actionsSchema = z
  .object({
    stack: actionStackSchema.optional(),
    rollback: dockerOrManual({
      /** Listed after the automatic steps and never run (e.g. a migration downgrade). */
      manual: z.array(manualStepSchema).default([]),
    }),
    /** Restart the primary, wait for health, send the first verification request. */
    restart: dockerOrManual({}).optional(),
    /** The disk cleanup: build cache and dangling images no rollback needs; stronger commands shown only. */
    cleanup: dockerOrManual({
      /** Owners of this domain may run it too (the runbooks' disk owner); absent: the lead only. */
      ownerDomain: z.string().min(1).optional(),
      /** Only dangling images carrying this label (`key=value`); absent: every dangling image. */
      onlyLabel: z
        .string()
        .regex(/^[^=\s]+=[^\s]*$/, "a label as key=value")
        .optional(),
      /**
       * Files deleted by age (the runbooks' find … -mtime +N -delete): the plan lists each file it
       * would delete, and the run deletes only those, if still that old.
       */
      deleteOld: z
        .array(
          z.object({
            name: z.string().min(1),
            dir: z.string().regex(/^\/./, "an absolute folder, not /"),
            pattern: z.string().min(1),
            olderThanDays: z.number().positive().max(3650),
            source: z.string().optional(),
          }),
        )
        .default([]),
      /** The runbooks' stronger commands, each with its warning: listed, never run. */
      manual: z.array(manualStepSchema).default([]),
      /** Old files the runbook deletes (logs, backups): listed in the plan, then deleted one by one. */
      files: z.array(fileCleanupSchema).default([]),
    }).optional(),
    /** The runbook's other safe actions on named services (restart postgres, recreate the worker …). */
    services: z.array(serviceActionSchema).default([]),
    /**
     * The full stack restart (last resort): every container of the compose project restarted, the
     * `tiers` in order (each waited healthy before the next), the project's other services after them,
     * then the verification requests.
     */
    restartStack: dockerOrManual({
      tiers: z.array(z.array(z.string().min(1)).min(1)).default([]),
    }).optional(),
    /**
     * Ingestion stopped before a database restore and resumed after it is verified: `services` are
     * stopped (stop) or started and waited healthy (resume); resume waits for `verifyCheck` to read ok.
     */
    ingestion: dockerOrManual({
      services: z.array(z.string().min(1)).min(1),
      verifyCheck: z.string().min(1).optional(),
    }).optional(),
    /**
     * A backup made now (deploy §1.5: "If not, run manual backup: ./deploy.sh backup"): `command` run in
     * the container of `service` (or the named `container`); the new dump must then appear in `dir`.
     */
    backup: dockerOrManual({
      ...execTarget,
      command: z.array(z.string().min(1)).min(1),
      /** The host folder the dumps land in (the backup-age check's); absent: the exit code alone. */
      dir: z.string().min(1).optional(),
    }).optional(),
    /**
     * Launch day §4.3 step 1: pause incoming US traffic by its feature flag and a reload, and resume it.
     * Each command runs in the container of `service` in turn; then the verification requests.
     */
    usTraffic: dockerOrManual({
      ...execTarget,
      pause: z.array(z.array(z.string().min(1)).min(1)).min(1),
      resume: z.array(z.array(z.string().min(1)).min(1)).min(1),
      verifyPaused: z.array(verifyRequestSchema).default([]),
      verifyResumed: z.array(verifyRequestSchema).default([]),
    }).optional(),
  })
  .superRefine((actions, ctx) => {
    for (const key of [
      "rollback",
      "restart",
      "cleanup",
      "restartStack",
      "ingestion",
      "backup",
      "usTraffic",
    ] as const) {
      if (actions[key]?.kind === "docker" && !actions.stack) {
        ctx.addIssue({ code: "custom", path: [key], message: "a docker action needs actions.stack" });
      }
    }
    const onContainers = actions.services.some((a) =>
      a.steps.some((st) => !(STACKLESS_STEPS as readonly string[]).includes(st.do)),
    );
    if (onContainers && !actions.stack?.project) {
      ctx.addIssue({
        code: "custom",
        path: ["services"],
        message: "service actions find their containers by compose project: set actions.stack.project",
      });
    }
    const ids = actions.services.map((a) => a.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice)
      ctx.addIssue({ code: "custom", path: ["services"], message: `two actions with id "${twice}"` });
    if (actions.restartStack?.kind === "docker" && actions.stack && !actions.stack.project) {
      ctx.addIssue({
        code: "custom",
        path: ["restartStack"],
        message: "a full stack restart finds the containers by compose project: set actions.stack.project",
      });
    }
    if (actions.rollback.kind === "docker" && actions.stack && !actions.stack.stateFile) {
      ctx.addIssue({
        code: "custom",
        path: ["stack", "stateFile"],
        message: "a docker rollback needs the rollback state file",
      });
    }
  });
export type RunbookActions = z.infer<typeof actionsSchema>;
export type RunbookActionsInput = z.input<typeof actionsSchema>;

/** The ingestion resume's verification names a check of the runbook. */
export function checkActionRefs(
  rb: { checks: readonly { id: string }[]; actions?: RunbookActions },
  addIssue: (issue: { path: (string | number)[]; message: string }) => void,
): void {
  const ingestion = rb.actions?.ingestion;
  if (ingestion?.kind !== "docker" || !ingestion.verifyCheck) return;
  if (!rb.checks.some((c) => c.id === ingestion.verifyCheck)) {
    addIssue({
      path: ["actions", "ingestion", "verifyCheck"],
      message: `no check with id "${ingestion.verifyCheck}"`,
    });
  }
}

import { z } from "zod";
import { envName } from "@/lib/model/check-base";
import { jsonAssertionSchema } from "@/lib/model/http-check-schemas";
import { manualStepSchema } from "@/lib/model/manual-step-schema";

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/** Whether a URL points at this machine: warroom sends requests that change a service nowhere else. */
export function isLoopbackUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return (u.protocol === "http:" || u.protocol === "https:") && LOOPBACK_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

const service = z.string().min(1);
/** A command as the engine runs it in the container (exec form, no shell unless it names one). */
const cmd = z.array(z.string().min(1)).min(1);

/**
 * One step of a service action, as preset data. Each is done through the Docker Engine API on the
 * action's compose project; `runbook` is the runbook's own command, shown beside the engine's.
 */
export const serviceStepSchema = z.discriminatedUnion("do", [
  /** `docker restart`, then waited healthy. */
  z.object({ do: z.literal("restart"), service }),
  /** The service among `among` using the most memory now (`docker stats`), restarted and waited healthy. */
  z.object({ do: z.literal("restart-highest-memory"), among: z.array(service).min(1) }),
  /** `docker kill`. */
  z.object({ do: z.literal("kill"), service }),
  /** `docker rm` + `up -d`: a new container on the same image with the same configuration, waited healthy. */
  z.object({ do: z.literal("recreate"), service }),
  /** `docker exec`: must exit 0, and its output match `expect` (a regular expression) when given. */
  z.object({
    do: z.literal("exec"),
    service,
    label: z.string().min(1),
    cmd,
    runbook: z.string().min(1).optional(),
    expect: z.string().min(1).optional(),
  }),
  /**
   * `watch -n N '<cmd>'`: the command (printing one number) read every 2 s until the number is below its
   * first reading or 0 — the queue clearing — bounded by `withinS`.
   */
  z.object({
    do: z.literal("watch"),
    service,
    label: z.string().min(1),
    cmd,
    runbook: z.string().min(1).optional(),
    withinS: z.number().int().min(2).max(600).default(60),
  }),
  /**
   * One request to the service's own API (004: POST /admin/sync-sales), loopback only. Each header's value
   * is read from the first variable of its list that is set, when the step runs: never in the plan or the
   * record. Judged by the HTTP checks' status and JSON matchers.
   */
  z.object({
    do: z.literal("http"),
    label: z.string().min(1),
    method: z.enum(["POST", "GET"]).default("POST"),
    url: z.string().refine(isLoopbackUrl, "must be an http(s) URL on 127.0.0.1, localhost or [::1]"),
    headersFromEnv: z.record(z.string().min(1), z.array(envName).min(1)).default({}),
    expectStatus: z.array(z.number().int()).default([200]),
    json: z.array(jsonAssertionSchema).default([]),
    runbook: z.string().min(1).optional(),
  }),
  /** `docker stats --no-stream` of these services: their memory, shown (it fails on nothing). */
  z.object({ do: z.literal("stats"), among: z.array(service).min(1) }),
  /** The stack's first verification request, retried until it passes within `withinS`. */
  z.object({ do: z.literal("verify"), withinS: z.number().int().min(1).max(300).default(30) }),
  /**
   * `docker compose up -d --scale <service>=<replicas>`: only shown with why when the service's shape
   * (host networking, a fixed host port, a fixed container name) cannot run replicas.
   */
  z.object({ do: z.literal("scale"), service, replicas: z.number().int().min(2).max(20) }),
]);
export type ServiceStep = z.infer<typeof serviceStepSchema>;

/** Steps that act on no container: a service action of only these needs no compose project. */
export const STACKLESS_STEPS = ["http"] as const;

/** A safe action of the runbook on named services: restarts, a kill and recreate, a command, a watch, a request. */
export const serviceActionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an id such as restart-postgres"),
  label: z.string().min(1),
  source: z.string().optional(),
  /** The word the lead types to confirm. */
  confirm: z.string().regex(/^[A-Z][A-Z -]*$/, "capital letters, such as RESTART POSTGRES"),
  /** Said in the plan before the confirmation (what the action costs). */
  warning: z.string().optional(),
  steps: z.array(serviceStepSchema).min(1),
  /** Listed after the steps and never run (the runbook's destructive variants). */
  manual: z.array(manualStepSchema).default([]),
});
export type ServiceAction = z.infer<typeof serviceActionSchema>;
export type ServiceActionInput = z.input<typeof serviceActionSchema>;

/**
 * Files the disk cleanup deletes (`find <dir> -name <name> -mtime +<days> -delete`): regular files only,
 * never through a symlink, never outside `dir`; listed in the plan before anything is deleted.
 */
export const fileCleanupSchema = z.object({
  label: z.string().min(1),
  dir: z.string().startsWith("/", "an absolute directory"),
  /** A find -name pattern (`*` and `?`); absent: every file. */
  name: z.string().min(1).optional(),
  /** find's -mtime +N: whole days since the last change greater than N. */
  olderThanDays: z.number().int().min(1).max(3650),
  source: z.string().optional(),
});
export type FileCleanup = z.infer<typeof fileCleanupSchema>;

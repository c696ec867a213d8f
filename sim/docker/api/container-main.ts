import { z } from "zod";
import { startControlService } from "../../control-service";
import { createFaultEffects } from "../../fault-effects";
import { createFaultSwitch } from "../../fault-switch";
import { createFaultState } from "../../faults";
import { resolvePorts, SIM_HOST } from "../../ports";
import { runUntilSignal } from "../../run-until-signal";
import { readSimEnv } from "../../sim-options";
import { startContainerApi } from "./container-api";
import { createDependencyChecker } from "./dependency-check";
import { startErrorLogWatcher } from "./error-log";
import { createUsRegion } from "./us-region";

// Entry of the API image (bundled to /app/api.cjs): the sim API plus its control endpoint, on real servers.
const containerEnvSchema = z.object({
  SIM_BUILD: z.enum(["good", "broken"]).default("good"),
  SIM_DB_URL: z.string().url().optional(),
  SIM_REDIS_URL: z.string().url().optional(),
});

async function main(env: Record<string, string | undefined>): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const parsed = containerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".")}: ${issue?.message}`);
  }
  const { SIM_BUILD: build, SIM_DB_URL: dbUrl, SIM_REDIS_URL: redisUrl } = parsed.data;
  const ports = resolvePorts({}, env);
  const mcpHealthUrl = env.SIM_MCP_URL ?? `http://${SIM_HOST}:${ports.mcp}/health`;
  const dependencies =
    dbUrl && redisUrl
      ? createDependencyChecker({
          dbUrl,
          redisUrl,
          logError: (l) => log(`${new Date().toISOString()} ERROR [api] ${l}`),
        })
      : null;
  const state = createFaultState();
  const usRegion = createUsRegion(env, log);
  // Node ends the process on SIGHUP by default; here it is the reload of launch day §4.3 step 1.
  process.on("SIGHUP", usRegion.reload);
  const api = await startContainerApi({
    isPausedPath: usRegion.isPausedPath,
    ports: { api: ports.api, tls: ports.tls },
    faults: () => state,
    mcpHealthUrl,
    build,
    dependencies,
    log,
    ...readSimEnv(env),
  });
  const faultSwitch = createFaultSwitch(createFaultEffects(api), state);
  let controlPort = ports.control;
  const control = await startControlService(ports.control, {
    faultSwitch,
    describe: () => ({ ports: { ...api.ports, control: controlPort }, build, mcpHealthUrl }),
  });
  controlPort = control.port;
  const errorLogs = startErrorLogWatcher({ log });
  log(
    `BuyWhere API (${build} build) on http://${SIM_HOST}:${api.ports.api} and https://${SIM_HOST}:${api.ports.tls}`,
  );
  log(
    `  control http://${SIM_HOST}:${control.port}; dependencies: ${dependencies ? "PostgreSQL via PgBouncer + Redis" : "simulated"}`,
  );
  return runUntilSignal(async () => {
    errorLogs.stop();
    await Promise.all([control.stop(), api.stop(), dependencies?.close()]);
  }, log);
}

main(process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

import { startApiService } from "./api-service";
import { startControlService } from "./control-service";
import { createFaultEffects } from "./fault-effects";
import { createFaultSwitch } from "./fault-switch";
import { createFaultState } from "./faults";
import { resolvePorts, SIM_HOST } from "./ports";
import { runUntilSignal } from "./run-until-signal";
import { readSimEnv } from "./sim-options";

/**
 * The API alone (HTTP + HTTPS + its own control endpoint), e.g. in a container next to real services.
 * /mcp/health proxies SIM_MCP_URL (default: the MCP port on 127.0.0.1).
 */
async function main(env: Record<string, string | undefined>): Promise<number> {
  const ports = resolvePorts({}, env);
  const mcpHealthUrl = env.SIM_MCP_URL ?? `http://${SIM_HOST}:${ports.mcp}/health`;
  const state = createFaultState();
  const api = await startApiService({
    ports: { api: ports.api, tls: ports.tls },
    faults: () => state,
    mcpHealthUrl,
    ...readSimEnv(env),
  });
  const faultSwitch = createFaultSwitch(createFaultEffects(api), state);
  let controlPort = ports.control;
  const control = await startControlService(ports.control, {
    faultSwitch,
    describe: () => ({ ports: { ...api.ports, control: controlPort }, mcpHealthUrl }),
  }).catch(async (err: unknown) => {
    await api.stop();
    throw err;
  });
  controlPort = control.port;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log("BuyWhere API sim running (Ctrl-C to stop)");
  log(`  api      http://${SIM_HOST}:${api.ports.api}`);
  log(`  api-tls  https://${SIM_HOST}:${api.ports.tls}`);
  log(`  control  http://${SIM_HOST}:${control.port}`);
  log(`  mcp health from ${mcpHealthUrl}`);
  return runUntilSignal(() => Promise.all([control.stop(), api.stop()]).then(() => undefined), log);
}

main(process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

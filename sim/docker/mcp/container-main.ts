import { startMcpService } from "../../mcp-service";
import { resolvePorts, SIM_HOST } from "../../ports";
import { runUntilSignal } from "../../run-until-signal";

// Entry of the MCP image (bundled to /app/mcp.cjs): the sim's MCP server alone.
async function main(env: Record<string, string | undefined>): Promise<number> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const mcp = await startMcpService(resolvePorts({}, env).mcp);
  log(`BuyWhere MCP server on http://${SIM_HOST}:${mcp.port}`);
  return runUntilSignal(mcp.stop, log);
}

main(process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { StackSettings } from "./container-specs";
import { resolveStackPorts, type StackPaths } from "./stack-config";

const port = z.number().int().min(1).max(65535);
const recordSchema = z.object({
  ports: z.object({
    api: port,
    apiTls: port,
    apiControl: port,
    mcp: port,
    db: port,
    replica: port,
    pgbouncer: port,
    redis: port,
  }),
  productRows: z.number().int().min(0),
  upAt: z.string(),
});
export type StackRecord = z.output<typeof recordSchema>;

/** stack.json: what the last `stack up` used, so that later commands (faults, status) find the servers. */
export async function writeStackRecord(paths: StackPaths, settings: StackSettings): Promise<void> {
  await mkdir(dirname(paths.record), { recursive: true });
  const record: StackRecord = { ...settings, upAt: new Date().toISOString() };
  await writeFile(paths.record, `${JSON.stringify(record, null, 2)}\n`);
}

/** The recorded settings; without a record (or an unreadable one), those the environment gives. */
export async function readStackSettings(
  paths: StackPaths,
  env: Record<string, string | undefined>,
): Promise<StackSettings> {
  const text = await readFile(paths.record, "utf8").catch(() => null);
  const parsed = text === null ? null : recordSchema.safeParse(safeJson(text));
  if (parsed?.success) return { ports: parsed.data.ports, productRows: parsed.data.productRows };
  return { ports: resolveStackPorts(env), productRows: 0 };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

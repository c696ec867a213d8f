import { z } from "zod";

const cpuSchema = z.object({
  cpu_usage: z.object({ total_usage: z.number(), percpu_usage: z.array(z.number()).nullish() }),
  system_cpu_usage: z.number().nullish(),
  online_cpus: z.number().nullish(),
});
const statsSchema = z.object({
  cpu_stats: cpuSchema,
  precpu_stats: cpuSchema.partial().nullish(),
  memory_stats: z
    .object({
      usage: z.number().nullish(),
      limit: z.number().nullish(),
      stats: z.record(z.string(), z.number()).nullish(),
    })
    .nullish(),
});

export type StatsNumbers = {
  /** Like `docker stats`: 100 % is one core fully used. null when there is no previous sample. */
  cpuPercent: number | null;
  /** usage − inactive_file (cgroup v2) or total_inactive_file (v1), like `docker stats`. */
  memoryBytes: number | null;
  memoryLimitBytes: number | null;
};

/** CPU % and memory from one `stats({stream:false})` answer (it carries cpu and precpu samples). */
export function readStats(raw: unknown): StatsNumbers | { error: string } {
  const parsed = statsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `unexpected stats answer: ${issue?.path.join(".")}: ${issue?.message}` };
  }
  const s = parsed.data;
  return {
    cpuPercent: cpuPercent(s.cpu_stats, s.precpu_stats ?? undefined),
    ...memory(s.memory_stats ?? undefined),
  };
}

type Cpu = z.infer<typeof cpuSchema>;

function cpuPercent(cpu: Cpu, pre: Partial<Cpu> | undefined): number | null {
  const preTotal = pre?.cpu_usage?.total_usage;
  const preSystem = pre?.system_cpu_usage;
  if (preTotal === undefined || preSystem === undefined || preSystem === null || !cpu.system_cpu_usage)
    return null;
  const cpuDelta = cpu.cpu_usage.total_usage - preTotal;
  const systemDelta = cpu.system_cpu_usage - preSystem;
  const online = cpu.online_cpus || cpu.cpu_usage.percpu_usage?.length || 1;
  // The CLI shows 0.00 % when either delta is not positive (a stopped container, counters that did not move).
  if (!(systemDelta > 0) || !(cpuDelta > 0)) return 0;
  return Math.round((cpuDelta / systemDelta) * online * 100 * 100) / 100;
}

function memory(
  m: { usage?: number | null; limit?: number | null; stats?: Record<string, number> | null } | undefined,
) {
  if (!m || m.usage === undefined || m.usage === null)
    return { memoryBytes: null, memoryLimitBytes: m?.limit ?? null };
  const stats = m.stats ?? {};
  const inactive = stats.total_inactive_file ?? stats.inactive_file ?? 0;
  return {
    memoryBytes: inactive < m.usage ? m.usage - inactive : m.usage,
    memoryLimitBytes: m.limit ?? null,
  };
}

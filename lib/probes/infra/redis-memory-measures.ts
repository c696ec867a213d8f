import "server-only";
import { formatBytes, infoNumber, parseRedisInfo } from "@/lib/probes/infra/redis-info";
import type { RedisMeasure } from "@/lib/probes/infra/redis-probe";
import { finishResult, thresholdVerdict, unknownResult, verdict, withUnit } from "@/lib/probes/result";

/**
 * `redis-cli info memory | grep fragmentation`: mem_fragmentation_ratio, judged only once the fragmented
 * bytes matter (below ignoreBytes a small Redis shows a high ratio of a few MB that means nothing).
 */
export const measureFragmentation: RedisMeasure<"fragmentation"> = async (
  check,
  redis,
  { endpoint, evidence },
) => {
  const fields = parseRedisInfo(await redis.info("memory"));
  const ratio = infoNumber(fields, "mem_fragmentation_ratio");
  if (ratio === null)
    return unknownResult(`INFO memory from ${endpoint} has no mem_fragmentation_ratio`, evidence);
  const rss = infoNumber(fields, "used_memory_rss");
  const used = infoNumber(fields, "used_memory");
  // Redis 7 reports the fragmented bytes itself; before, RSS − used is what the ratio stands for.
  const bytes =
    infoNumber(fields, "mem_fragmentation_bytes") ?? (rss !== null && used !== null ? rss - used : null);
  Object.assign(evidence, {
    ratio,
    usedMemoryRss: rss === null ? null : formatBytes(rss),
    usedMemory: used === null ? null : formatBytes(used),
    fragmentedBytes: bytes === null ? null : formatBytes(Math.max(0, bytes)),
  });
  const small = bytes !== null && bytes < check.ignoreBytes;
  const summary = `fragmentation ratio ${ratio} on ${endpoint} (${bytes === null ? "?" : formatBytes(Math.max(0, bytes))} fragmented)`;
  return finishResult({
    verdicts: small ? [] : [thresholdVerdict("mem_fragmentation_ratio", ratio, "", check.thresholds)],
    value: ratio,
    unit: "",
    evidence,
    okSummary: small ? `${summary}: under ${formatBytes(check.ignoreBytes)}, not judged` : summary,
  });
};

/**
 * The RDB file (003: `ls -lh /var/lib/redis/dump.rdb`), from INFO persistence: the last save's status is
 * judged (err: the file on disk is stale or broken), the value is its age in minutes; a Redis loading the
 * file after a restart says so.
 */
export const measurePersistence: RedisMeasure<"persistence"> = async (
  check,
  redis,
  { endpoint, evidence, ctx },
) => {
  const fields = parseRedisInfo(await redis.info("persistence"));
  const lastSave = infoNumber(fields, "rdb_last_save_time");
  const status = fields.get("rdb_last_bgsave_status");
  if (lastSave === null || status === undefined)
    return unknownResult(
      `INFO persistence from ${endpoint} has no rdb_last_save_time / rdb_last_bgsave_status`,
      evidence,
    );
  const loading = infoNumber(fields, "loading") === 1;
  const ageMin = Math.round(((ctx.now() / 1000 - lastSave) / 60) * 10) / 10;
  const [dir, file] = await Promise.all([
    redis.config("GET", "dir").catch(() => null),
    redis.config("GET", "dbfilename").catch(() => null),
  ]);
  const path = Array.isArray(dir) && Array.isArray(file) ? `${dir[1]}/${file[1]}` : null;
  Object.assign(evidence, {
    rdbFile: path,
    lastSave: new Date(lastSave * 1000).toISOString(),
    lastBgsaveStatus: status,
    changesSinceLastSave: infoNumber(fields, "rdb_changes_since_last_save"),
    bgsaveInProgress: infoNumber(fields, "rdb_bgsave_in_progress") === 1,
    loading,
  });
  const file_ = path ?? "the RDB file";
  const verdicts = [
    verdict(
      "[rdb_last_bgsave_status] == ok",
      status,
      status === "ok",
      "crit",
      `last background save of ${file_} on ${endpoint} failed (rdb_last_bgsave_status:${status}); the file is ${withUnit(ageMin, "min")} old`,
    ),
    verdict(
      "[loading] == 0",
      loading ? "1" : "0",
      !loading,
      "warn",
      `${endpoint} is loading ${file_} (after a restart)`,
    ),
  ];
  if (check.thresholds) verdicts.push(thresholdVerdict("RDB age", ageMin, "min", check.thresholds));
  return finishResult({
    verdicts,
    value: ageMin,
    unit: "min",
    evidence,
    okSummary: `${file_} last saved ${withUnit(ageMin, "min")} ago, status ok`,
  });
};

import "server-only";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Evidence } from "@/lib/model/probe";
import { errorCode, errorMessage, raceSignal } from "@/lib/probes/infra/deadline";
import type { HostMeasure } from "@/lib/probes/infra/host-probe";
import { finishResult, unknownResult, type Verdict, verdict } from "@/lib/probes/result";

/** A .env is small; a bigger file is not what deploy §1.2 means. */
const MAX_BYTES = 256 * 1024;

/** Keys set to a non-empty value in dotenv text (`KEY=value`, `export KEY=value`); values are dropped. */
export function envFileKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!m?.[1]) continue;
    const value = (m[2] ?? "")
      .replace(/\s+#.*$/, "")
      .trim()
      .replace(/^(['"])(.*)\1$/, "$2");
    if (value !== "") keys.add(m[1]);
  }
  return keys;
}

/**
 * Deploy §1.2 "ls -lh .env": the file is there (not only .env.example), not empty, and every required key
 * has a value. Only key names reach the board.
 */
export const measureEnvFile: HostMeasure<"env-file"> = async (check, ctx) => {
  const evidence: Evidence = { path: check.path };
  const fail = (condition: string, actual: string, why: string) =>
    finishResult({
      verdicts: [verdict(condition, actual, false, "crit", why)],
      value: null,
      unit: null,
      evidence,
      okSummary: why,
    });
  const info = await raceSignal(ctx.signal, stat(check.path));
  if (info.kind === "aborted")
    return unknownResult(`${check.path} not read within ${ctx.timeoutMs} ms`, evidence);
  if (info.kind === "error") {
    if (errorCode(info.error) === "ENOENT") {
      const example = await stat(`${check.path}.example`).then(
        () => true,
        () => false,
      );
      return fail(
        "[FILE] exists",
        "missing",
        `${check.path} does not exist${example ? ` (only ${basename(check.path)}.example is there)` : ""}`,
      );
    }
    return unknownResult(`cannot read ${check.path}: ${errorMessage(info.error)}`, evidence);
  }
  if (!info.value.isFile()) return fail("[FILE] is a file", "not a file", `${check.path} is not a file`);
  evidence.bytes = info.value.size;
  evidence.modified = info.value.mtime.toISOString();
  if (info.value.size > MAX_BYTES)
    return fail(
      "[FILE] size",
      `${info.value.size} bytes`,
      `${check.path} is ${info.value.size} bytes: not an env file`,
    );
  const text = await raceSignal(ctx.signal, readFile(check.path, "utf8"));
  if (text.kind !== "value") return unknownResult(`${check.path} could not be read`, evidence);
  const keys = envFileKeys(text.value);
  const missing = check.required.filter((k) => !keys.has(k));
  evidence.keys = keys.size;
  if (check.required.length)
    evidence.required = `${check.required.length - missing.length} of ${check.required.length} set`;
  const verdicts: Verdict[] = [
    verdict(
      "[FILE] size > 0",
      `${info.value.size} bytes`,
      info.value.size > 0,
      "crit",
      `${check.path} is empty`,
    ),
    verdict(
      "[KEYS] required set",
      missing.length ? `missing ${missing.join(", ")}` : "all set",
      missing.length === 0,
      "crit",
      `${basename(check.path)} lacks ${missing.join(", ")}`,
    ),
  ];
  return finishResult({
    verdicts,
    value: info.value.size,
    unit: "bytes",
    evidence,
    okSummary: `${basename(check.path)} present, ${info.value.size} bytes, ${check.required.length ? `all ${check.required.length} required keys set` : `${keys.size} keys`}`,
  });
};

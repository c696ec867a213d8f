import "server-only";
import { execFile } from "node:child_process";
import type { Evidence } from "@/lib/model/probe";
import type { HostMeasure } from "@/lib/probes/infra/host-probe";
import { excerpt, finishResult, unknownResult } from "@/lib/probes/result";

/** `git log` output: short sha, ISO commit date, subject, separated by a unit separator. */
const FORMAT = "%h%x1f%cI%x1f%s";

function gitLog(dir: string, count: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["-C", dir, "log", `-${count}`, `--format=${FORMAT}`],
      { signal, timeout: 5000, maxBuffer: 256 * 1024, encoding: "utf8" },
      (err, stdout, stderr) =>
        err ? reject(new Error(excerpt(stderr || err.message, 200))) : resolve(stdout),
    );
  });
}

/**
 * Incident §2.6 "Last commits on running code" (`git log --oneline -5` in the deployed code's folder): the
 * newest commits with their dates. The folder or git unreadable reads unknown with the reason.
 */
export const measureGitLog: HostMeasure<"git-log"> = async (check, ctx) => {
  const evidence: Evidence = { path: check.path };
  let out: string;
  try {
    out = await gitLog(check.path, check.count, ctx.signal);
  } catch (err) {
    return unknownResult(`git log in ${check.path} failed: ${(err as Error).message}`, evidence);
  }
  const commits = out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [sha = "", date = "", subject = ""] = line.split("\x1f");
      return { sha, date, subject };
    });
  commits.forEach((c, i) => {
    evidence[`commit ${i + 1}`] = excerpt(`${c.sha} ${c.date} ${c.subject}`, 200);
  });
  const head = commits[0];
  if (!head) return unknownResult(`no commit in ${check.path}`, evidence);
  return finishResult({
    verdicts: [],
    value: head.sha,
    unit: null,
    evidence,
    okSummary: `HEAD ${head.sha} (${head.date}): ${excerpt(head.subject, 80)}; ${commits.length} commits shown`,
  });
};
